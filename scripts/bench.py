#!/usr/bin/env python
"""Benchmarks, reported as ratios measured in one run (the machine is shared and noisy).

    python scripts/bench.py startup     glossa --help vs python -c pass
    python scripts/bench.py match       100 vs 100,000 terms; tokens/s cold and warm
    python scripts/bench.py translate   glossa's translator vs raw ctranslate2 (zh→en package)
    python scripts/bench.py end-to-end  `glossa translate` vs one raw CTranslate2 call, whole
                                        processes, on WMT22 zh→en lines 600–799; with an empty
                                        and a real glossary, and with smaller batches; first
                                        output line; peak memory
    python scripts/bench.py memory      peak memory over 1,000 and 100,000 lines (tiny test
                                        package): it must not grow with input length
    python scripts/bench.py term-base   a generated 100,000-term glossary: `glossa terms` on
                                        three lines, first run and cached, time and peak memory
    python scripts/bench.py workers     --workers 2 --threads 1 vs the default, those 200 lines
    python scripts/bench.py ray         a corpus on a local Ray with 1 and 2 actors vs one process
    python scripts/bench.py all

Each bench prints its figures, each with the target it is held to. With ``--markdown`` the
figures of the benches run (all by default) also replace the table between the README's
figure markers (where only some benches run, only their rows), so the README's figures are
this script's, never copied by hand.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data"
README = ROOT / "README.md"
TABLE_BEGIN = "<!-- figures: scripts/bench.py --markdown -->"
TABLE_END = "<!-- /figures -->"


@dataclass(frozen=True)
class Figure:
    """One measured figure: what was measured, the figure, and the target it is held to."""

    measure: str
    value: str
    target: str = ""

    def line(self) -> str:
        return f"{self.measure}: {self.value}" + (f" (target {self.target})" if self.target else "")


def markdown(figures: list[Figure]) -> str:
    rows = [f"| {f.measure} | {f.value} | {f.target} |" for f in figures]
    return "\n".join(["| measure | figure | target |", "| --- | --- | --- |", *rows])


def write_table(figures: list[Figure], readme: Path = README, merge: bool = False) -> None:
    """Replace the table between the README's figure markers with these figures; with
    ``merge`` (some benches run, not all), replace only the rows these figures measure, keep
    the others where they stand, and add the new ones at the end."""
    from glossa.writing import atomic_write

    text = readme.read_text(encoding="utf-8")
    begin, end = text.find(TABLE_BEGIN), text.find(TABLE_END)
    if begin < 0 or end < begin:
        raise SystemExit(f"{readme}: no {TABLE_BEGIN} … {TABLE_END} block to write the figures into")
    if merge:
        fresh = {f.measure: f for f in figures}
        kept = [fresh.pop(measure, None) or Figure(measure, value, target)
                for measure, value, target in _rows(text[begin + len(TABLE_BEGIN):end])]
        figures = kept + list(fresh.values())
    atomic_write(readme, text[:begin + len(TABLE_BEGIN)] + "\n" + markdown(figures) + "\n" + text[end:])


def _rows(table: str) -> list[tuple[str, str, str]]:
    """The (measure, figure, target) rows of a table ``markdown`` wrote."""
    rows = [line[2:-2].split(" | ") for line in table.strip().splitlines()[2:]]
    return [(row[0], row[1], row[2] if len(row) > 2 else "") for row in rows if len(row) >= 2]


def _wall(cmd: list[str], runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_startup() -> list[Figure]:
    base = _wall([sys.executable, "-c", "pass"])
    help_ = _wall([sys.executable, "-m", "glossa", "--help"])
    sub_help = _wall([sys.executable, "-m", "glossa", "glossary", "list", "--help"])
    return [Figure("`glossa --help` and `glossa glossary list --help` start-up over `python -c pass`",
                   f"+{help_ - base:.2f} s, +{sub_help - base:.2f} s", "≤ +0.3 s")]


def _real_phrases(every_word: bool) -> list[str]:
    """Term sources harvested from real text (not the text matched against).

    every_word=False: like a real termbase, capitalised words (names) and two- and
    three-word phrases; every_word=True: every distinct word too, the worst case, where most
    words of the text are terms and the output itself grows."""
    from glossa.match.tokens import tokenize

    phrases: dict[str, None] = {}
    for name in ("wmt22-ru-en/source.ru", "flores200-devtest/rus_Cyrl.devtest"):
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            words = [t.text for t in tokenize(line) if t.text.isalpha()]
            for k, word in enumerate(words):
                if every_word or word[:1].isupper():
                    phrases.setdefault(word, None)
                for n in (2, 3, 4):
                    if k + n <= len(words):
                        phrases.setdefault(" ".join(words[k:k + n]), None)
    return list(phrases)


def _glossary(size: int, phrases: list[str]):
    from glossa.glossary.model import Glossary, Term

    if len(phrases) < size:
        raise SystemExit(f"only {len(phrases)} distinct phrases for a {size}-term glossary")
    step = max(1, len(phrases) // size)
    chosen = phrases[::step][:size]
    terms = tuple(Term(p, f"t{i}", "person" if p[:1].isupper() else "term") for i, p in enumerate(chosen))
    return Glossary("ru", "en", terms)


def bench_match() -> list[Figure]:
    from glossa.match.tokens import tokenize

    lines = (DATA / "newstest2019-ru-en" / "source.ru").read_text(encoding="utf-8").splitlines()
    n_tokens = sum(len(tokenize(line)) for line in lines)
    names = _match_sizes(lines, n_tokens, _real_phrases(False))
    every = _match_sizes(lines, n_tokens, _real_phrases(True))
    return [
        Figure(f"term matching, warm, newstest2019 ru ({n_tokens:,} tokens), 100 / 100,000 terms",
               f"{n_tokens / names[100][1] / 1e6:.2f} / {n_tokens / names[100_000][1] / 1e6:.2f} M tokens/s",
               "≥ 50,000 tokens/s"),
        Figure("term matching, cold (morphology not yet cached), 100 terms",
               f"{n_tokens / names[100][0]:,.0f} tokens/s"),
        Figure("matching time, 100,000 vs 100 terms (names and 2–4-word phrases)",
               f"{names[100_000][1] / names[100][1]:.1f}× (100,000 vs 10,000: "
               f"{names[100_000][1] / names[10_000][1]:.1f}×)", "≤ 1.5×"),
        Figure("the same where every word of the corpus is also a term",
               f"{every[100_000][1] / every[100][1]:.1f}×"),
    ]


def _match_sizes(lines, n_tokens, phrases) -> dict[int, tuple[float, float]]:
    """Cold and warm matching time over ``lines`` by glossary size."""
    from glossa.match.matcher import Matcher
    from glossa.match.morph import RussianMorphology

    def run(matcher) -> float:
        start = time.perf_counter()
        sum(len(matcher.find(line)) for line in lines)
        return time.perf_counter() - start

    results = {}
    for size in (100, 10_000, 100_000):
        matcher = Matcher(_glossary(size, phrases), RussianMorphology())
        cold = run(matcher)
        results[size] = (cold, min(run(matcher) for _ in range(3)))
    return results


ZH_SENTENCES = [
    "政府宣布了支持小企业的新措施。", "美国总统特朗普访问了北京。", "中国经济今年增长了百分之五。",
    "外交部发言人在记者会上回答了问题。", "两国领导人讨论了贸易和投资合作。", "新的高速铁路将连接两个城市。",
    "专家认为通货膨胀将在明年下降。", "联合国呼吁各方保持克制。",
]


def _zh_en_package():
    """The installed zh→en package and "", or None and why a bench that needs it is skipped."""
    from glossa.engine import packages

    try:
        return packages.find("zh", "en"), ""
    except Exception as exc:  # noqa: BLE001 - report and skip the bench
        return None, f"skipped ({exc}); install the zh→en package first"


def _end_to_end_lines() -> list[str]:
    """The 200 WMT22 zh→en lines the whole-process benches translate."""
    return (DATA / "wmt22-zh-en" / "source.zh").read_text(encoding="utf-8").splitlines()[600:800]


def bench_translate() -> list[Figure]:
    """glossa's translator vs raw ctranslate2 translate_batch: same model, sentences, beam,
    threads; both include SentencePiece encoding and decoding."""
    import ctranslate2
    import sentencepiece

    from glossa.engine.options import EngineOptions
    from glossa.engine.translator import Translator

    package, skipped = _zh_en_package()
    if package is None:
        return [Figure("translator vs raw `ctranslate2`", skipped)]
    sentences = ZH_SENTENCES * 8
    translator = Translator(package, EngineOptions.resolve(device="cpu", compute_type="int8",
                                                           beam_size=4, threads=1))
    raw = ctranslate2.Translator(str(package.path / "model"), device="cpu", compute_type="int8",
                                 intra_threads=1)
    sp = sentencepiece.SentencePieceProcessor(model_file=str(package.path / "sentencepiece.model"))

    def run_raw():
        batch = [sp.encode(s, out_type=str) for s in sentences]
        results = raw.translate_batch(batch, beam_size=4, max_batch_size=32,
                                      max_decoding_length=max(16, 4 * max(map(len, batch)) + 10))
        return [sp.decode(r.hypotheses[0]) for r in results]

    def run_glossa():
        return [t.text for t in translator.translate(sentences)]

    timings = {"raw": [], "glossa": []}
    for _ in range(5):
        for name, fn in (("raw", run_raw), ("glossa", run_glossa)):
            start = time.perf_counter()
            fn()
            timings[name].append(time.perf_counter() - start)
    raw_t, glossa_t = min(timings["raw"]), min(timings["glossa"])
    return [Figure("translator vs raw `ctranslate2` `translate_batch`, zh→en, beam 4, 1 thread",
                   f"{raw_t / glossa_t:.2f} throughput ratio", "≥ 0.95")]


RAW_CALL = """
import sys, ctranslate2, sentencepiece
package, source, out = sys.argv[1:]
lines = open(source, encoding="utf-8").read().splitlines()
sp = sentencepiece.SentencePieceProcessor(model_file=package + "/sentencepiece.model")
model = ctranslate2.Translator(package + "/model", device="cpu", compute_type="int8")
results = model.translate_batch([sp.encode(s, out_type=str) for s in lines], beam_size=4, max_batch_size=32)
open(out, "w", encoding="utf-8").write("".join(sp.decode(r.hypotheses[0]) + "\\n" for r in results))
"""


# Runs the command as its child and reports the child's peak memory on stderr. A child's
# ru_maxrss counts the memory of the process it was forked from (Linux records the old
# image's high-water mark at exec), so the command is forked from this small process, not
# from the bench, whose own memory would otherwise be reported as the command's.
PEAK_OF = """
import resource, subprocess, sys
code = subprocess.call(sys.argv[1:], stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)
sys.exit(code)
"""


def _process(cmd: list[str], env: dict | None = None) -> tuple[float, float, float]:
    """Wall time, time to the first line on stdout, and peak resident memory (MB) of one run."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", PEAK_OF, *cmd], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=env)
    first = process.stdout.readline() and time.perf_counter() - start
    process.stdout.read()
    peak_kb = process.stderr.read()
    if process.wait():
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return time.perf_counter() - start, first or 0.0, int(peak_kb) / 1024


LOW_MEMORY_BATCH = 256   # a smaller --batch-tokens, to keep the speed-for-memory trade measured


def bench_end_to_end() -> list[Figure]:
    """The engine targets: glossa with an empty glossary ≥ 0.95× the throughput of one raw
    CTranslate2 call over the same lines (beam 4, max_batch_size 32, all threads); with a
    real glossary (forcing included) ≤ 1.15× the empty-glossary time; peak memory ≤ 500 MB,
    which the default batches miss and smaller ones trade for speed (the last run)."""
    import os
    import tempfile

    package, skipped = _zh_en_package()
    if package is None:
        return [Figure("`glossa translate` end to end", skipped)]
    lines = _end_to_end_lines()
    with tempfile.TemporaryDirectory() as tmp:
        source, out, empty = Path(tmp, "source.zh"), Path(tmp, "raw.en"), Path(tmp, "empty.yaml")
        source.write_text("\n".join(lines) + "\n", encoding="utf-8")
        empty.write_text("source_lang: zh\ntarget_lang: en\nterms: []\n", encoding="utf-8")
        glossa = [sys.executable, "-m", "glossa", "translate", str(source), "--from", "zh", "--to", "en"]
        runs = {
            "raw CTranslate2 call": [sys.executable, "-c", RAW_CALL, str(package.path), str(source), str(out)],
            "glossa, empty glossary": glossa + ["-g", str(empty)],
            "glossa, real glossary": glossa + ["-g", str(ROOT / "scripts" / "eval" / "wmt22-zh-en.yaml")],
        }
        runs[f"glossa, real glossary, --batch-tokens {LOW_MEMORY_BATCH}"] = (
            runs["glossa, real glossary"] + ["--batch-tokens", str(LOW_MEMORY_BATCH)])
        results = {name: _process(cmd, dict(os.environ)) for name, cmd in runs.items()}
    (raw, _, raw_peak), (empty_run, empty_first, empty_peak), (real, real_first, real_peak), \
        (low, _, low_peak) = results.values()
    return [
        Figure(f"`glossa translate` with an empty glossary vs one raw CTranslate2 call, {len(lines)} lines of "
               "WMT22 zh→en, whole processes", f"{raw / empty_run:.2f} throughput ratio", "≥ 0.95"),
        Figure("the same with the 157-name zh→en glossary, forcing included, vs the empty glossary",
               f"{real / empty_run:.2f}× the time", "≤ 1.15×"),
        Figure("first output line (empty glossary, with the glossary)", f"{empty_first:.1f} s, {real_first:.1f} s",
               "a few seconds"),
        Figure("peak memory, those lines: empty glossary, with the glossary, with "
               f"`--batch-tokens {LOW_MEMORY_BATCH}`; the raw call",
               f"{empty_peak:.0f}, {real_peak:.0f}, {low_peak:.0f} MB ({low / real:.2f}× the time); {raw_peak:.0f} MB",
               "≤ 500 MB"),
    ]


def bench_memory() -> list[Figure]:
    """Memory does not grow with input length: peak resident memory of `glossa translate`
    with the shipped glossary over 1,000 and 100,000 lines (the seed article's lines
    repeated), whole processes. A tiny test package that ends every translation at once
    stands in for a real model, which would take hours over 100,000 lines: what is measured
    is glossa's own streaming (segments, matches, decisions, forcing, output)."""
    import itertools
    import os
    import tempfile

    from scripts.build_tiny_model import build_package

    seed = [line for line in (ROOT / "seeds" / "tokayev-visits.ru.txt").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "ARGOS_PACKAGES_DIR": str(Path(tmp, "packages"))}
        package = build_package(Path(tmp, "translate-ru_en-tiny.argosmodel"), terse=True)
        subprocess.run([sys.executable, "-m", "glossa", "models", "install", str(package)],
                       env=env, check=True, capture_output=True)
        peaks = {}
        for n in (1_000, 100_000):
            source = Path(tmp, f"{n}.txt")
            source.write_text("\n".join(itertools.islice(itertools.cycle(seed), n)) + "\n", encoding="utf-8")
            _, _, peaks[n] = _process([sys.executable, "-m", "glossa", "translate", str(source), "-g",
                                          str(ROOT / "glossaries"), "-o", str(Path(tmp, "out.txt"))], env)
    return [Figure("peak memory of `glossa translate` (the shipped glossary, the tiny test package), "
                   "1,000 vs 100,000 lines", f"{peaks[1_000]:.0f} vs {peaks[100_000]:.0f} MB, a ratio of "
                   f"{peaks[100_000] / peaks[1_000]:.2f}", "flat")]


def bench_term_base() -> list[Figure]:
    """A term base of 100,000 entries (generated, one name in five with a variant): what a
    command that reads it costs the first time (parse, check, index) and once its glossary
    and index keys are cached, whole processes with a cache directory of their own. Targets:
    ≤ 20 s the first time, ≤ 5 s and ≤ 300 MB cached."""
    import os
    import random
    import tempfile

    rng = random.Random(1)
    letters = "абвгдежзиклмнопрстуфхцчшщэюя"
    seen: set[str] = set()
    entries = []
    while len(entries) < 100_000:
        source = " ".join("".join(rng.choice(letters) for _ in range(rng.randint(4, 9)))
                          for _ in range(rng.randint(1, 3)))
        if source in seen:
            continue
        seen.add(source)
        n = len(entries)
        variant = f"\n    variants: [Variant {n}]" if n % 5 == 0 else ""
        entries.append(f"  - source: {source}\n    target: Term {n}\n    kind: "
                       f"{('person', 'place', 'org', 'term')[n % 4]}{variant}")
    with tempfile.TemporaryDirectory() as tmp:
        glossary, text = Path(tmp, "base.yaml"), Path(tmp, "text.txt")
        glossary.write_text("source_lang: ru\ntarget_lang: en\nterms:\n" + "\n".join(entries) + "\n", encoding="utf-8")
        text.write_text("Дмитрий Песков заявил журналистам.\nВ Кремле молчат.\nМосква.\n", encoding="utf-8")
        env = {**os.environ, "GLOSSA_CACHE_DIR": str(Path(tmp, "cache"))}
        command = [sys.executable, "-m", "glossa", "terms", str(text), "-g", str(glossary)]
        first = _process(command, env)
        cached = _process(command, env)
    size = len("\n".join(entries)) / 1e6
    return [Figure(f"a generated 100,000-term glossary ({size:.1f} MB of YAML), `glossa terms` on three lines",
                   f"first run {first[0]:.1f} s, peak {first[2]:.0f} MB; cached {cached[0]:.1f} s, "
                   f"peak {cached[2]:.0f} MB", "≤ 20 s first; ≤ 5 s and ≤ 300 MB cached")]


def _actor_peaks(stop, peaks: dict[str, float]) -> None:
    """Sample, every half second until ``stop`` is set, the resident memory (MB) of every Ray
    worker process (``ray::`` in its command line, read from /proc), keeping each one's peak."""
    while not stop.wait(0.5):
        for proc in Path("/proc").glob("[0-9]*"):
            try:
                if b"ray::" not in (proc / "cmdline").read_bytes():
                    continue
                status = (proc / "status").read_text()
            except OSError:
                continue
            found = re.search(r"VmRSS:\s+(\d+) kB", status)
            if found:
                peaks[proc.name] = max(peaks.get(proc.name, 0.0), int(found.group(1)) / 1024)


def bench_ray() -> list[Figure]:
    """A corpus of 60 news documents (300 lines of WMT22 zh→en, five a document) with the
    157-name glossary, whole processes: one process, and Ray on this machine with one actor
    (every CPU) and with two (one CPU each); the start-up of each on a one-document corpus;
    the peak memory of each actor."""
    import os
    import tempfile
    import threading

    package, skipped = _zh_en_package()
    if package is None:
        return [Figure("a corpus on a local Ray", skipped)]
    try:
        import ray  # noqa: F401
    except Exception as exc:  # noqa: BLE001 - report and skip this bench
        return [Figure("a corpus on a local Ray", f"skipped ({exc}); install glossa[ray] first")]
    lines = (DATA / "wmt22-zh-en" / "source.zh").read_text(encoding="utf-8").splitlines()[:300]
    cpus = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        corpus, one = Path(tmp, "corpus.jsonl"), Path(tmp, "one.jsonl")
        docs = [{"id": f"d{n}", "text": "\n".join(lines[n:n + 5])} for n in range(0, len(lines), 5)]
        corpus.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
        one.write_text(json.dumps(docs[0], ensure_ascii=False) + "\n", encoding="utf-8")
        glossary = str(ROOT / "scripts" / "eval" / "wmt22-zh-en.yaml")

        def command(source: Path, out: str, *extra: str) -> list[str]:
            return [sys.executable, "-m", "glossa", "translate", str(source), "-o", str(Path(tmp, out)),
                    "--from", "zh", "--to", "en", "-g", glossary, *extra]

        runs = {"one process": [], "Ray, 1 actor": ["--ray", "local", "--threads", str(cpus)],
                "Ray, 2 actors": ["--ray", "local", "--threads", str(max(1, cpus // 2))]}
        results, starts, peaks_shown = {}, {}, {}
        for n, (name, extra) in enumerate(runs.items()):
            starts[name] = _process(command(one, f"start{n}.jsonl", *extra), dict(os.environ))[0]
            stop, peaks = threading.Event(), {}
            sampler = threading.Thread(target=_actor_peaks, args=(stop, peaks))
            sampler.start()
            results[name] = _process(command(corpus, f"out{n}.jsonl", *extra), dict(os.environ))[0]
            stop.set()
            sampler.join()
            peaks_shown[name] = sorted(peaks.values(), reverse=True)[:2 if "2" in name else 1] if extra else []
    single = results["one process"]
    actor_peaks = [round(m) for name in runs if name != "one process" for m in peaks_shown[name]]
    return [
        Figure(f"a {len(docs)}-document corpus ({len(lines)} lines) on a local Ray, 1 and 2 actors, vs one process",
               f"{single / results['Ray, 1 actor']:.2f} and {single / results['Ray, 2 actors']:.2f}× the throughput"),
        Figure("start-up on a one-document corpus: one process, Ray with 1 and 2 actors",
               ", ".join(f"{starts[name]:.1f} s" for name in runs)),
        Figure("each Ray actor's peak memory", ", ".join(f"{m} MB" for m in actor_peaks)),
    ]


def bench_workers() -> list[Figure]:
    """`--workers 2 --threads 1` (two model replicas, one thread each) against the default
    (one, every thread) on the end-to-end bench's 200 lines with the 157-name glossary."""
    import os
    import tempfile

    package, skipped = _zh_en_package()
    if package is None:
        return [Figure("`--workers 2`", skipped)]
    lines = _end_to_end_lines()
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp, "source.zh")
        source.write_text("\n".join(lines) + "\n", encoding="utf-8")
        glossa = [sys.executable, "-m", "glossa", "translate", str(source), "--from", "zh", "--to", "en",
                  "-g", str(ROOT / "scripts" / "eval" / "wmt22-zh-en.yaml")]
        outputs, runs = {}, {}
        for name, extra in (("default", []), ("two workers", ["--workers", "2", "--threads", "1"])):
            out = Path(tmp, f"{name}.txt")
            runs[name] = _process(glossa + ["-o", str(out)] + extra, dict(os.environ))
            outputs[name] = out.read_text(encoding="utf-8")
    (one, _, one_peak), (two, _, two_peak) = runs.values()
    same = "the same output" if outputs["default"] == outputs["two workers"] else "a different output"
    return [Figure("`--workers 2 --threads 1` vs the default (one worker, every thread), those 200 lines with "
                   "the glossary", f"{one / two:.2f}× the speed, {same}, peak {two_peak:.0f} vs {one_peak:.0f} MB")]


BENCHES = {"startup": bench_startup, "match": bench_match, "translate": bench_translate,
           "end-to-end": bench_end_to_end, "memory": bench_memory, "term-base": bench_term_base,
           "workers": bench_workers, "ray": bench_ray}


def chosen(argv: list[str]) -> tuple[list[str], bool]:
    """The benches the command line names (all where it names none) and whether to write
    the README's table."""
    parser = argparse.ArgumentParser(description="glossa's benchmarks")
    parser.add_argument("benches", nargs="*", metavar="BENCH", help=f"{', '.join(BENCHES)} or all (the default)")
    parser.add_argument("--markdown", action="store_true",
                        help="also write the figures into the README's table")
    args = parser.parse_args(argv)
    unknown = [name for name in args.benches if name not in BENCHES and name != "all"]
    if unknown:
        parser.error(f"no bench {unknown[0]!r}")
    return (list(BENCHES) if not args.benches or "all" in args.benches else args.benches), args.markdown


def main() -> None:
    names, markdown_too = chosen(sys.argv[1:])
    figures = []
    for name in names:
        for figure in BENCHES[name]():
            print(f"{name}: {figure.line()}", flush=True)
            figures.append(figure)
    if markdown_too:
        write_table(figures, merge=set(names) != set(BENCHES))


if __name__ == "__main__":
    main()
