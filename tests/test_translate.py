"""glossa translate end to end with real models, the review view and the HTML file."""

from __future__ import annotations

import io
import json
import os
import pydoc
import shutil
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

from glossa.enforce.decisions import enforce_text
from glossa.enforce.forcing import force_all
from glossa.engine.translator import Translator
from glossa.errors import GlossaError
from glossa.glossary.model import Glossary, Term
from glossa.io import FileLines, read_lines, read_text, split_lines
from glossa.match.matcher import matcher_for
from glossa.pipeline import enforce_lines, translate
from glossa.records import SegmentResult, from_json
from glossa.render.html import to_html
from glossa.render.review import review, show
from tests.conftest import ROOT, SEED, assert_one_line_error, run_glossa

ZH_GLOSSARY = """source_lang: zh
target_lang: en
terms:
  - source: 特朗普
    target: Donald Trump
    kind: person
  - source: 北京
    target: Peking
    kind: place
  - source: 小企业
    target: SMEs
    kind: term
  - source: 罗冠聪
    target: Luo Guancong
    kind: person
"""


@pytest.fixture(scope="module")
def seed_result(tiny_ru_en):
    result = run_glossa("translate", str(SEED), "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def assert_rendered_or_flagged(segment: dict) -> None:
    """Every occurrence is resolved: flagged with a reason, or its rendering is in the text."""
    for d in segment["decisions"]:
        assert d["action"] in ("kept", "replaced", "forced", "flagged")
        if d["action"] == "flagged":
            assert d["why"]
        elif d["form"] in (None, "exact"):
            assert segment["final"][slice(*d["final_span"])].lower() == d["term"]["target"].lower()


def test_every_seed_occurrence_is_rendered_or_flagged(seed_result):
    # The tiny model's weights are random, so its output is no sentence to keep: glossa forces
    # a term only where a candidate keeps the output's words, and flags the rest, never
    # leaving an occurrence unresolved or counting a rendering that is not there.
    summary = seed_result["summary"]
    assert summary["terms_matched"] == 46 and summary["missing"] == 0
    for segment in seed_result["segments"]:
        assert_rendered_or_flagged(segment)


def test_text_output_keeps_paragraphs(tiny_ru_en, tmp_path):
    source = tmp_path / "in.txt"
    source.write_text("Владимир Путин прибыл в Москву. Песков молчал.\n\nКремль ответил.\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    result = run_glossa("translate", str(source), "-o", str(out))
    assert result.returncode == 0, result.stderr
    lines = out.read_text().splitlines()
    assert len(lines) == 3 and lines[1] == "" and lines[0] and lines[2]


def test_translate_works_with_networking_blocked(tiny_ru_en):
    code = ("import socket, sys\n"
            "def refuse(*a, **k): raise OSError('network disabled')\n"
            "socket.socket.connect = refuse\nsocket.create_connection = refuse\n"
            "sys.argv = ['glossa', 'translate', '-', '--format', 'json']\n"
            "from glossa.cli import main\nmain()\n")
    result = subprocess.run([sys.executable, "-c", code], input="Дмитрий Песков.", text=True,
                            capture_output=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["summary"]["missing"] == 0


def test_empty_input_gives_empty_output(tiny_ru_en, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = run_glossa("translate", str(empty))
    assert result.returncode == 0 and result.stdout == ""


def test_missing_package_is_one_line_and_no_output_file(tmp_path):
    out, glossary = tmp_path / "out.txt", tmp_path / "ru-de.yaml"
    glossary.write_text("source_lang: ru\ntarget_lang: de\nterms:\n  - {source: Москва, target: Moskau, kind: place}\n",
                        encoding="utf-8")
    result = run_glossa("translate", str(SEED), "--from", "ru", "--to", "de", "-g", str(glossary), "-o", str(out))
    assert_one_line_error(result, "no ru→de package installed")
    assert not out.exists()


def test_glossary_for_another_pair_is_refused(tiny_ru_en, tmp_path):
    zh = tmp_path / "zh.yaml"
    zh.write_text(ZH_GLOSSARY, encoding="utf-8")
    assert_one_line_error(run_glossa("translate", str(SEED), "-g", str(zh)), "zh→en, not ru→en")


def test_markdown_has_final_text_and_decisions(tiny_ru_en):
    result = run_glossa("translate", "-", "--format", "markdown", stdin="Кремль и Москва.")
    assert result.returncode == 0, result.stderr
    final = json.loads(run_glossa("translate", "-", "--format", "json", stdin="Кремль и Москва.").stdout)
    text, table = result.stdout.split("\n\n## Glossary decisions\n\n")
    assert text == final["segments"][0]["final"]
    rows = [row.split(" | ")[1:4] for row in table.splitlines()[2:]]
    assert [row[:2] for row in rows] == [["Кремль", "Kremlin"], ["Москва", "Moscow"]]
    assert [row[2] for row in rows] == [d["action"] for d in final["segments"][0]["decisions"]]


def test_review_renders_side_by_side(seed_result):
    segments = from_json(seed_result)
    console = Console(record=True, width=160, color_system=None)
    console.print(review(segments))
    text = console.export_text()
    assert "Касым-Жомарт Токаев" in text and "Kassym-Jomart Tokayev" in text
    assert "⟨flagged: " in text
    assert "occurrences" in text and "terms matched 46" in text


def test_review_only_changed_and_saved_json(seed_result, tmp_path):
    saved = tmp_path / "result.json"
    saved.write_text(json.dumps(seed_result, ensure_ascii=False), encoding="utf-8")
    result = run_glossa("review", str(saved), "--only-changed")
    assert result.returncode == 0 and "\x1b[" not in result.stdout
    assert "Kassym-Jomart Tokayev" in result.stdout
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    assert_one_line_error(run_glossa("review", str(broken)), str(broken), "not valid JSON")


def test_a_segment_without_letters_or_digits_is_copied_not_translated(tiny_ru_en):
    translator = Translator(tiny_ru_en)
    batches: list[list[str]] = []

    def recording(method):
        def record(sentences, *args, **kwargs):
            batches.append(list(sentences))
            return method(sentences, *args, **kwargs)
        return record

    # a window's sentences go to one beam search, the symbols alone to none
    translator.translate, translator.nbest = recording(translator.translate), recording(translator.nbest)
    text = "Кремль ответил. ***\n— …\nПесков сказал: «Да.» «»\n"
    placed = list(translate(text, Glossary("ru", "en", (Term("Кремль", "Kremlin", "org"),)), translator))
    assert batches[0] == ["Кремль ответил.", "Песков сказал: «Да.»"]
    assert all(any(ch.isalnum() for ch in sentence) for batch in batches for sentence in batch)
    copied = [p.segment for p in placed if p.segment.source in ("***", "— …", "«»")]
    assert [(s.source, s.mt, s.final, s.decisions) for s in copied] == [
        ("***", "***", "***", ()), ("— …", "— …", "— …", ()), ("«»", "«»", "«»", ())]
    assert [p.paragraph for p in placed] == [0, 0, 1, 2, 2]


def test_review_goes_to_the_terminal_and_the_text_to_stdout(tiny_ru_en, tmp_path):
    source = tmp_path / "in.txt"
    source.write_text("Владимир Путин прибыл в Москву.\nКремль ответил.\n", encoding="utf-8")
    plain = run_glossa("translate", str(source))
    reviewed = run_glossa("translate", str(source), "--review")
    assert reviewed.returncode == 0, reviewed.stderr
    assert reviewed.stdout == plain.stdout and len(plain.stdout.splitlines()) == 2
    assert "glossa review" in reviewed.stderr and "glossa review" not in reviewed.stdout
    out = tmp_path / "out.json"
    to_file = run_glossa("translate", str(source), "--review", "--format", "json", "-o", str(out))
    assert to_file.returncode == 0 and to_file.stdout == "" and "glossa review" in to_file.stderr
    assert len(json.loads(out.read_text(encoding="utf-8"))["segments"]) == 2


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_pager_shows_colours_and_never_takes_stdout(monkeypatch):
    segments = [SegmentResult(f"Строка {n}.", f"Line {n}.", f"Line {n}.", ()) for n in range(25)]
    paged: list[tuple[str | None, str]] = []
    monkeypatch.setattr(pydoc, "pager", lambda text: paged.append((os.environ.get("LESS"), text)))
    monkeypatch.setattr(sys, "stdin", _Terminal())
    monkeypatch.delenv("LESS", raising=False)
    terminal = Console(file=_Terminal(), force_terminal=True, width=100)
    # stdout a terminal too: pydoc's pager runs, with less told to show colours (-R)
    monkeypatch.setattr(sys, "stdout", _Terminal())
    show(segments, console=terminal)
    assert len(paged) == 1 and paged[0][0] == "-R" and "\x1b[" in paged[0][1]
    assert "LESS" not in os.environ
    monkeypatch.setenv("LESS", "-FX")
    show(segments, console=terminal)
    assert paged[1][0] == "-FX -R" and os.environ["LESS"] == "-FX"
    monkeypatch.setenv("LESS", "-FRX")
    show(segments, console=terminal)
    assert paged[2][0] == "-FRX"
    # stdout taken (translate --review > out.txt): pydoc would print into it, so no pager
    taken = io.StringIO()
    monkeypatch.setattr(sys, "stdout", taken)
    show(segments, console=terminal)
    assert len(paged) == 3 and taken.getvalue() == "" and "Line 24." in terminal.file.getvalue()


def test_html_keeps_braces_in_user_text():
    glossary = Glossary("ru", "en", (Term("Хуавэй", "Huawei {HK}", "org", variants=("Huawei {CN}",)),))
    source = "Хуавэй {вырос}. Хуавэй ответил."
    segment = enforce_text(source, matcher_for(glossary).find(source), "Huawei {CN} grew. Huawei {HK} replied.",
                           source_lang="ru", target_lang="en")
    assert sorted(d.action for d in segment.decisions) == ["kept", "replaced"]
    page = to_html([segment])
    assert "<del>Huawei {CN}</del> <mark class=replaced" in page
    assert page.count("Huawei {HK}</mark>") == 2 and "{вырос}" in page


def test_closed_stdout_ends_translate_quietly(tiny_ru_en):
    read, write = os.pipe()
    os.close(read)   # the reader has gone, as after `glossa translate big.txt | head -1`
    try:
        result = subprocess.run([sys.executable, "-m", "glossa", "translate", "-"], input=b"\xd0\x9a\xd1\x80\n" * 200,
                                stdout=write, stderr=subprocess.PIPE, cwd=ROOT, timeout=120)
    finally:
        os.close(write)
    assert result.returncode == 0 and result.stderr == b""


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian chromium is not installed")
def test_html_opens_in_headless_chromium(seed_result, tmp_path):
    page = tmp_path / "review.html"
    page.write_text(to_html(from_json(seed_result)), encoding="utf-8")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run(["chromium", *flags, "--dump-dom", page.as_uri()], capture_output=True,
                         text=True, timeout=120)
    assert "Касым-Жомарт Токаев" in dom.stdout and "<mark class=\"flagged\"" in dom.stdout
    shot = tmp_path / "shot.png"
    subprocess.run(["chromium", *flags, f"--screenshot={shot}", "--window-size=1200,900", page.as_uri()],
                   capture_output=True, timeout=120)
    assert shot.stat().st_size > 10_000


# --- the real zh→en model: attention and forced decoding

@pytest.mark.realmodel
def test_real_model_enforces_a_zh_glossary(real_zh_en, tmp_path):
    glossary = tmp_path / "zh.yaml"
    glossary.write_text(ZH_GLOSSARY, encoding="utf-8")
    source = tmp_path / "zh.txt"
    source.write_text("政府宣布了支持小企业的新措施。\n美国总统特朗普访问了北京。\n", encoding="utf-8")
    result = run_glossa("translate", str(source), "--from", "zh", "--to", "en", "-g", str(glossary),
                        "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    finals = [s["final"] for s in data["segments"]]
    assert "SMEs" in finals[0] and "Donald Trump" in finals[1] and "Peking" in finals[1]
    assert data["summary"]["missing"] == 0


@pytest.mark.realmodel
def test_real_model_forces_a_dropped_term(real_translator):
    translator = real_translator
    glossary = Glossary("zh", "en", (Term("小企业", "SMEs"),))
    source = "政府宣布了支持小企业的新措施。"
    translation = translator.translate([source], attention=True)[0]
    matches = matcher_for(glossary).find(source)
    # without attention no finder links "small businesses" to 小企业: the term is missing
    unaligned = enforce_text(source, matches, translation.text, source_lang="zh", target_lang="en")
    assert unaligned.decisions[0].action == "missing"
    (forced,) = force_all([(unaligned, matches, translation, None)], translator, "zh", "en")
    d = forced.decisions[0]
    assert d.action == "forced" and d.method in ("n-best", "inserted")
    assert forced.final[slice(*d.final_span)] == "SMEs"
    # the sentence is kept: its content words are there, and it still ends with its full stop
    for word in ("announced", "new", "measures", "support"):
        assert word in forced.final.lower()
    assert forced.final.endswith(".") and forced.final.count(".") == 1


def test_an_inserted_rendering_must_let_the_output_read_on_as_it_did(real_translator):
    """The model scores the output's next pieces after an inserted rendering: where they read
    on as they did without it, the candidate may go on; where the rendering breaks the
    sentence there, it is refused. Candidates the model wrote itself need no such check."""
    from glossa.enforce.candidates import Candidate
    from glossa.enforce.forcing import reads_on

    translator = real_translator
    source = "政府宣布了支持小企业的新措施。"
    raw = translator.translate([source])[0].target_pieces
    rendering = tuple(translator.encode_target("SMEs"))

    def inserted(k: int, r: int) -> bool:
        pieces = raw[:k] + rendering + raw[r:]
        candidate = Candidate("inserted", pieces, "", junction=(k + len(rendering), r))
        logprobs, raw_logprobs = translator.score([(source, list(pieces)), (source, list(raw))])
        return reads_on(candidate, logprobs, raw_logprobs)

    small = raw.index("▁small")
    assert inserted(small, small + 2)                 # … to support SMEs.
    assert not inserted(small - 1, small - 1)         # … to SMEs support small businesses.
    assert reads_on(Candidate("n-best", raw, ""), [-9.0] * (len(raw) + 1), [0.0] * (len(raw) + 1))


def test_an_inserted_rendering_stands_only_where_the_model_goes_on_as_the_candidate_does(real_translator):
    """Scores let "The Government SMEs announced …" through; the model, reading "The
    Government SMEs", would go on "have announced", and far more firmly than a near tie, so
    that candidate is refused on every CPU and compute type; the next ("… to support SMEs.",
    where it goes on with the full stop and ends) is taken."""
    from types import SimpleNamespace

    from glossa.enforce.candidates import Candidate
    from glossa.enforce.forcing import LOOKAHEAD, SHORTFALL, first_confirmed, shortfall
    from glossa.engine.translator import END

    translator = real_translator
    source = "政府宣布了支持小企业的新措施。"
    output = translator.translate([source])[0]
    raw = output.target_pieces
    rendering = tuple(translator.encode_target("SMEs"))

    def inserted(k: int, r: int) -> Candidate:
        pieces = raw[:k] + rendering + raw[r:]
        return Candidate("inserted", pieces, translator.detokenize(list(pieces))[0], junction=(k + len(rendering), r))

    small = raw.index("▁small")
    broken, right = inserted(2, 2), inserted(small, small + 2)
    rounds = [(SimpleNamespace(segment=SimpleNamespace(source=source), base=output), 0, set())]
    assert first_confirmed(rounds, [[broken, right]], translator, "en") == [right]
    assert first_confirmed(rounds, [[broken]], translator, "en") == [None]
    at = broken.junction[0]
    (went_on,) = translator.margins([(source, list(broken.pieces[:at]), list(broken.pieces[at:at + LOOKAHEAD]))])
    assert went_on[0] < -2 * SHORTFALL   # "announced" where the model writes "have"
    at = right.junction[0]
    (confirmed,) = translator.margins([(source, list(right.pieces[:at]), [*right.pieces[at:], END])])
    assert shortfall(confirmed) == 0


def test_margins_do_not_depend_on_the_other_requests_of_their_call(real_translator):
    """Read in one call with a longer request, a short one is weighed as when read alone
    (each request's positions are its own, whatever the call's longest)."""
    from glossa.enforce.forcing import LOOKAHEAD

    translator = real_translator
    source = "政府宣布了支持小企业的新措施。"
    raw = list(translator.translate([source])[0].target_pieces)
    short, long = (source, raw[:2], raw[2:2 + LOOKAHEAD]), (source, raw[:8], raw[8:])
    (alone,) = translator.margins([short])
    together = translator.margins([short, long])[0]
    assert len(together) == len(alone) == LOOKAHEAD
    assert all(abs(a - b) < 0.05 for a, b in zip(alone, together))   # int8 kernels round alike, not exactly


def test_the_models_translation_with_the_rendering_in_the_source_places_a_lost_name(real_translator):
    """The model renders 申俊飞 "Shin", which no finder takes for Shen Junfei; given the
    source with "Shen Junfei" in place of the name, it writes the sentence around it itself,
    and the one place where that translation differs from the output is rewritten."""
    from difflib import SequenceMatcher

    translator = real_translator
    glossary = Glossary("zh", "en", (Term("申俊飞", "Shen Junfei", "person"),))
    source = "申俊飞说，比如癌症早期检查时，医生如果不能及时看清所有肿瘤组织，那么之后癌细胞还会扩散。"
    segment = next(translate(source, glossary, translator)).segment
    d = segment.decisions[0]
    assert segment.mt.startswith("Shin said")
    assert (d.action, d.method) == ("forced", "source") and segment.final[slice(*d.final_span)] == "Shen Junfei"
    changes = [op for op in SequenceMatcher(None, segment.mt.split(), segment.final.split()).get_opcodes()
               if op[0] != "equal"]
    assert len(changes) == 1   # the rest of the sentence is the model's output, word for word


def test_a_name_after_a_comma_in_the_attention_span_is_replaced(real_translator):
    """The model renders 孙意风 "Sun Typhoon" and ties "In his message," to it as well: the
    span is cut at the comma, to the part the name's source attends to most."""
    translator = real_translator
    glossary = Glossary("zh", "en", (Term("孙意风", "Sun Yifeng", "person"),))
    segment = next(translate("孙意风在致辞中表示，中村教授是可持续能源技术的先驱。", glossary, translator)).segment
    d = segment.decisions[0]
    assert "In his message, Sun Typhoon stated" in segment.mt
    assert (d.action, d.method) == ("replaced", "attention")
    assert segment.final == segment.mt.replace("Sun Typhoon", "Sun Yifeng")


def test_target_text_is_encoded_as_the_model_writes_it(real_translator):
    """The zh→en package's SentencePiece model is the Chinese side's: English through it
    comes out in pieces the model never writes (▁ gov ern ment). Target text is split by the
    model's target vocabulary instead, as the model splits its own output."""
    translator = real_translator
    own = translator.translate(["政府宣布了支持小企业的新措施。"])[0]
    assert tuple(translator.encode_target(own.text)) == own.target_pieces
    assert translator.tokenizer.encode("government") != translator.encode_target("government")


def test_enforce_reads_mt_made_elsewhere_with_the_model(real_zh_en, tmp_path):
    """With the pair's package installed, enforce places a term by the model's attention on MT
    it did not write (Nathan Law for 罗冠聪) and forces a lost one in (SMEs); without it, both
    are only reported missing."""
    src, mt, glossary = tmp_path / "src.zh", tmp_path / "mt.en", tmp_path / "g.yaml"
    src.write_text("香港社运人士罗冠聪周一表示，他将继续发声。\n政府宣布了支持小企业的新措施。\n", encoding="utf-8")
    mt.write_text("Hong Kong activist Nathan Law said on Monday that he would continue to speak out.\n"
                  "The government announced new measures to support small businesses.\n", encoding="utf-8")
    glossary.write_text(ZH_GLOSSARY, encoding="utf-8")
    args = ("enforce", "--source", str(src), "--mt", str(mt), "-g", str(glossary), "--format", "json")
    without = json.loads(run_glossa(*args, "--no-model").stdout)
    assert [d["action"] for s in without["segments"] for d in s["decisions"]] == ["missing", "missing"]
    result = run_glossa(*args, "--model")
    assert result.returncode == 0, result.stderr
    finals = [s["final"] for s in json.loads(result.stdout)["segments"]]
    assert finals == ["Hong Kong activist Luo Guancong said on Monday that he would continue to speak out.",
                      "The government announced new measures to support SMEs."]


def test_enforce_with_the_model_does_not_wedge_a_name_the_mt_left_out(real_translator):
    """The MT left out the clause that names Guam; no place in it is Guam's. Splicing the
    name between two words the MT has side by side (three US aircraft Guam carriers) is
    refused, and the term is flagged."""
    translator = real_translator
    glossary = Glossary("zh", "en", (Term("关岛", "Guam", "place"),))
    mt = "Satellite images show three US aircraft carriers gathering around China."
    segment = next(enforce_lines(["美军航母罕见访问关岛，卫星图片显示三艘航母正在中国周边集结。"], [mt], glossary,
                                 translator=translator)).segment
    assert segment.final == mt and segment.decisions[0].action == "flagged"
    assert segment.decisions[0].proposal is None   # no sentence that failed a check is offered


@pytest.mark.parametrize(("source", "mt"), [
    ("中越两军卫勤联合演习圆满结束-新华网",
     "The joint medical exercise of the Chinese and Vietnamese armies was successfully concluded-Xinhua Net"),
    ("中越两军卫勤联合演习圆满结束-新华网",
     "The joint medical exercise of the Chinese and Vietnamese armies ended successfully - Xinhua net"),
    ("北京高校毕业生预计达26.8万人 - 新华网",
     "The number of college graduates in Beijing is expected to reach 268,000 - Xinhua net"),
], ids=["hyphen-joined", "written-apart", "written-apart-2"])
def test_a_name_written_apart_or_joined_by_a_hyphen_is_replaced_whole_or_not_at_all(real_translator, source, mt):
    """The model's attention ties 新华网 to "Xinhua" of "Xinhua net": replacing that alone left
    "Xinhuanet net", and a candidate in place of "concluded-Xinhua Net" lost "concluded".
    Whatever glossa does, the rendering stands once and every other word stays."""
    glossary = Glossary("zh", "en", (Term("新华网", "Xinhuanet", "org"),))
    segment = next(enforce_lines([source], [mt], glossary, translator=real_translator)).segment
    if segment.final != mt:
        assert segment.final.count("Xinhuanet") == 1 and "Xinhuanet net" not in segment.final
        kept = [w for w in mt.replace("-", " ").split() if w.lower() not in ("xinhua", "net")]
        assert all(w in segment.final for w in kept)


def test_a_name_put_in_keeps_the_article_before_it(real_translator):
    """The model's own sentence with the rendering in the source drops the article ("the
    internal unity of Gulf Cooperation Council"); the article the output had stays."""
    glossary = Glossary("zh", "en", (Term("海合会", "Gulf Cooperation Council", "org"),))
    mt = "Diplomatic tensions have seriously affected the internal unity of the GCC."
    segment = next(enforce_lines(["外交紧张严重影响了海合会的内部团结。"], [mt], glossary,
                                 translator=real_translator)).segment
    if segment.final != mt:
        assert segment.final == "Diplomatic tensions have seriously affected the internal unity of the " \
                                "Gulf Cooperation Council."


def test_a_common_noun_the_mt_left_out_is_not_put_in(real_translator):
    """A name may be put in where the model left it out; a common noun, with no words of
    the output to take the place of, would need grammar glossa does not write: flagged."""
    glossary = Glossary("zh", "en", (Term("小企业", "SMEs", "term"),))
    mt = "The government announced new measures to support them."
    segment = next(enforce_lines(["政府宣布了支持小企业的新措施。"], [mt], glossary,
                                 translator=real_translator)).segment
    assert segment.final == mt and segment.decisions[0].action == "flagged"


def test_attention_on_another_countrys_name_is_no_span_for_the_term():
    from glossa.enforce.names import territory_named

    assert territory_named("China", Term("关岛", "Guam", "place"), "en")
    assert not territory_named("China", Term("中国", "China", "place"), "en")
    assert not territory_named("Chinese", Term("中国", "China", "place"), "en")
    assert not territory_named("Xinhua", Term("新华社", "Xinhua News Agency", "org"), "en")
    assert not territory_named("United Arab Emirates", Term("阿联酋", "UAE", "place"), "en")


def test_enforce_model_asked_for_but_not_installed_is_an_error(tmp_path):
    src, mt = tmp_path / "src.ru", tmp_path / "mt.en"
    src.write_text("Москва.\n", encoding="utf-8")
    mt.write_text("Moscow.\n", encoding="utf-8")
    result = run_glossa("enforce", "--source", str(src), "--mt", str(mt), "--model",
                        env={"ARGOS_PACKAGES_DIR": str(tmp_path / "argos")})
    assert_one_line_error(result, "no ru→en package")


# --- a BPE package (Moses + subword BPE, bpe.model), installed through 'glossa models install'

BPE_TEXT = ("Журналисты заметили чрезмерную искренность президента Казахстана при приветствии хозяина "
            "Белого дома.\n«А разве мы в Анкоридже по-другому говорили?\n"
            "После переговоров Владимир Путин проводил президента Казахстана до автомобиля.\n")


def test_bpe_package_translates_and_resolves_every_occurrence(tiny_bpe_dir, tmp_path):
    source = tmp_path / "in.txt"
    source.write_text(BPE_TEXT, encoding="utf-8")
    result = run_glossa("translate", str(source), "--format", "json",
                        env={"ARGOS_PACKAGES_DIR": str(tiny_bpe_dir)})
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert len(data["segments"]) == 3 and all(s["final"] for s in data["segments"])
    summary = data["summary"]
    assert summary["terms_matched"] == 7 and summary["missing"] == 0
    for segment in data["segments"]:
        assert "@@" not in segment["final"] and "&quot;" not in segment["final"]
        assert_rendered_or_flagged(segment)


def test_bpe_forcing_inserts_at_word_starts(tiny_bpe_ru_en):
    from glossa.enforce.candidates import insertion_points, resume_points, word_starts

    translator = Translator(tiny_bpe_ru_en)
    glossary = Glossary("ru", "en", (Term("Анкоридж", "Anchorage", kind="place"),))
    source = "«А разве мы в Анкоридже по-другому говорили?"
    translation = translator.translate([source], attention=True)[0]
    matches = matcher_for(glossary).find(source)
    pieces = translation.target_pieces
    starts = word_starts(translation, translator)
    points = [at for k in insertion_points(translation, matches[0], starts)
              for at in (k, *resume_points(translation, k, starts))]
    assert points and all(at == len(pieces) or at == 0 or not pieces[at - 1].endswith("@@") for at in points)


def test_bpe_output_ends_in_a_replaced_decision(tiny_bpe_ru_en):
    """A rendering written over BPE output lands in the joined words, not in pieces: the
    tiny model's weights are random, so the glossary names a word of its own output as the
    wrong rendering to replace, whatever the CPU made of the weights."""
    import re

    translator = Translator(tiny_bpe_ru_en)
    source = "«А разве мы в Анкоридже по-другому говорили?"
    raw = translator.translate([source])[0].text
    wrong = max(re.findall(r"[^\W\d_]{3,}", raw), key=len)
    glossary = Glossary("ru", "en", (Term("Анкоридж", "Anchorage", kind="place", variants=(wrong,)),))
    segment = next(translate(source, glossary, translator)).segment
    (d,) = segment.decisions
    assert segment.mt == raw and "@@" not in segment.final
    assert (d.action, d.method) == ("replaced", "variant")
    assert segment.final[slice(*d.final_span)] == "Anchorage"
    assert segment.final == raw[:d.mt_span[0]] + "Anchorage" + raw[d.mt_span[1]:]


# --- default glossary folder, hostile review input

def test_default_glossary_folder_is_filtered_by_language_pair(tmp_path):
    folder = tmp_path / "glossaries"
    folder.mkdir()
    (folder / "ru-en.yaml").write_text((ROOT / "glossaries" / "ru-en.news.yaml").read_text(encoding="utf-8"),
                                       encoding="utf-8")
    (folder / "zh-en.yaml").write_text(ZH_GLOSSARY, encoding="utf-8")
    # zh→en: the ru→en file is skipped (and said so); the run goes on to the package lookup
    result = run_glossa("translate", "-", "--from", "zh", "--to", "en", stdin="北京。\n", cwd=tmp_path,
                        env={"ARGOS_PACKAGES_DIR": str(tmp_path / "argos")})
    assert "1 glossary file(s) for other language pairs skipped (not zh→en)" in result.stderr
    assert "no zh→en package installed" in result.stderr and result.returncode == 2
    assert "not zh→en" not in result.stderr.splitlines()[-1]
    # a pair no file of the folder has is an error saying how to ask for none
    result = run_glossa("translate", "-", "--from", "de", "--to", "en", stdin="Hallo.\n", cwd=tmp_path)
    assert result.returncode == 2 and "no de→en glossary found" in result.stderr
    assert "--no-glossary" in result.stderr and "Traceback" not in result.stderr


def test_translate_without_a_glossary_is_an_error(tmp_path):
    result = run_glossa("translate", "-", "--strict", stdin="Привет.\n", cwd=tmp_path)
    assert_one_line_error(result, "no glossary found", str(tmp_path / "glossaries"), "--no-glossary")


def saved_result(tmp_path, segment: dict):
    saved = tmp_path / "result.json"
    saved.write_text(json.dumps({"segments": [segment], "summary": {}}), encoding="utf-8")
    return saved


GOOD_SEGMENT = {"source": "Песков промолчал.", "mt": "Peskov kept silent.", "final": "Peskov kept silent.",
                "decisions": [{"term": {"source": "Песков", "target": "Peskov", "kind": "person"},
                               "action": "kept", "method": "rendering", "source_span": [0, 6],
                               "mt_span": [0, 6], "final_span": [0, 6], "form": "exact", "why": None}]}


@pytest.mark.parametrize("change", [
    lambda s: s.update(source=5),
    lambda s: s.update(decisions={"a": 1}),
    lambda s: s["decisions"][0].update(source_span="ab"),
    lambda s: s["decisions"][0].update(final_span=[0, 999]),
    lambda s: s["decisions"][0].update(action="exploded"),
    lambda s: s["decisions"][0]["term"].update(target=["x"]),
    lambda s: s["decisions"][0].update(why={"x": 1}),
    lambda s: s["decisions"].__setitem__(0, "kept"),
])
def test_review_of_a_hostile_json_is_one_line(tmp_path, change):
    import copy

    segment = copy.deepcopy(GOOD_SEGMENT)
    change(segment)
    saved = saved_result(tmp_path, segment)
    assert_one_line_error(run_glossa("review", str(saved)), str(saved), "not a glossa JSON result")


def test_review_of_a_deeply_nested_json_is_one_line(tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100000, encoding="utf-8")
    assert_one_line_error(run_glossa("review", str(deep)), str(deep), "nested too deeply")


def test_review_shows_markup_and_control_characters_escaped(tmp_path):
    segment = json.loads(json.dumps(GOOD_SEGMENT))
    segment["decisions"][0]["term"]["target"] = "Peskov [/red] \x1b]0;pwned\x07"
    segment["source"] = "Песков \x1b[2J промолчал."
    saved = saved_result(tmp_path, segment)
    result = run_glossa("review", str(saved))
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "Peskov [/red] ␛]0;pwned␇" in result.stdout and "␛[2J" in result.stdout
    assert run_glossa("review", str(saved_result(tmp_path, GOOD_SEGMENT))).returncode == 0


def test_sentences_go_to_the_model_a_window_at_a_time_the_first_one_small(tiny_ru_en):
    from glossa.pipeline import FIRST_WINDOW

    translator = Translator(tiny_ru_en)
    calls: list[int] = []
    model_nbest = translator.nbest

    def recording(sentences, *args, **kwargs):
        calls.append(len(sentences))
        return model_nbest(sentences, *args, **kwargs)

    translator.nbest = recording
    text = "".join(f"Строка номер {n}.\n" for n in range(40))
    placed = list(translate(text, Glossary("ru", "en", ()), translator))
    # the first output comes after a few sentences; the rest goes in one call, which
    # CTranslate2 sorts by length into sub-batches
    assert calls == [FIRST_WINDOW, 40 - FIRST_WINDOW]
    assert [p.paragraph for p in placed] == list(range(40))


def test_a_sentence_too_long_for_the_model_is_translated_in_parts(tiny_ru_en):
    from glossa.pipeline import MAX_SOURCE_PIECES

    translator = Translator(tiny_ru_en)
    sent: list[str] = []
    model_translate = translator.translate

    def recording(sentences, *args, **kwargs):
        sent.extend(sentences)
        return model_translate(sentences, *args, **kwargs)

    translator.translate = recording
    clause = "президент Казахстана посетил Соединенные Штаты в рабочих целях"
    long = ", ".join([clause] * 30) + "."
    assert len(translator.encode(long)) > 3 * MAX_SOURCE_PIECES
    placed = list(translate(long + "\nКороткая фраза.\n", Glossary("ru", "en", ()), translator))
    parts = [p.segment.source for p in placed if p.paragraph == 0]
    assert len(parts) > 3 and " ".join(parts) == long
    assert all(part.endswith(",") for part in parts[:-1])   # cut after clause punctuation
    assert all(len(translator.encode(s)) <= MAX_SOURCE_PIECES for s in sent)
    assert [p.segment.source for p in placed if p.paragraph == 1] == ["Короткая фраза."]


def test_a_forced_candidate_may_not_drop_punctuation_or_leave_a_name_part_beside():
    from glossa.enforce.checks import only_inserted
    from glossa.enforce.names import name_goes_on

    raw = "Professor Julien was awarded, and Ms. Jiang was awarded."
    dropped_comma = "Professor Zhu Lilan was awarded and Ms. Jiang was awarded."
    start = dropped_comma.index("Zhu")
    assert not only_inserted(raw, dropped_comma, (start, start + 9), "Julien", "en")
    kept_comma = "Professor Zhu Lilan was awarded, and Ms. Jiang was awarded."
    assert only_inserted(raw, kept_comma, (start, start + 9), "Julien", "en")
    # the model's "Shu Lipen" for 修立鹏, with only "Lipen" aligned to the name
    assert name_goes_on("Shu Xiu Lipeng warned.", (4, 14), "en")
    assert not name_goes_on("Professor Zhu Lilan was awarded", (10, 19), "en")


def test_a_forced_candidate_may_not_add_the_rendering_where_the_output_names_it_already():
    from glossa.enforce.checks import only_inserted

    # WMT22 zh→en line 610: 大湾区科学论坛 rendered "the Great Bay Science Forum"; forcing
    # 大湾区 → Greater Bay Area put the rendering in a second time
    raw = "Xi Jinping sent a message to the Great Bay Science Forum in 2021."
    doubled = "Xi Jinping sent a message to the Great Bay Science Forum in Greater Bay Area 2021."
    start = doubled.index("Greater")
    assert not only_inserted(raw, doubled, (start, start + 16), "", "en")
    # a name completed in place is still an insertion: Xi → Xi Jinping
    raw, completed = "Xi said it was time.", "Xi Jinping said it was time."
    assert only_inserted(raw, completed, (0, 10), "", "en")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet="аbЖ \n\r\x0c\u2028\ufeff", max_size=40), bom=st.booleans())
def test_file_lines_are_the_lines_of_the_whole_text(text, bom, tmp_path):
    # a file is translated as it is read, line by line, never held whole: its lines are
    # exactly those of the text read whole
    path = tmp_path / "in.txt"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    lines = read_lines(str(path))
    assert isinstance(lines, FileLines)
    assert list(lines) == split_lines(read_text(str(path))) and len(lines) == len(list(lines))


def test_a_legacy_encoding_is_read_whole_and_told(tmp_path):
    from glossa.profiles import profile

    path = tmp_path / "in.txt"
    path.write_bytes("Песков заявил журналистам.\nКремль молчит.\n".encode("cp1251"))
    told = []
    assert read_lines(str(path), told.append, profile("ru").legacy_encodings) == \
        ["Песков заявил журналистам.", "Кремль молчит."]
    assert told and "cp1251" in told[0]


def test_a_text_not_in_utf8_is_refused_in_a_language_with_no_legacy_encodings(tmp_path):
    from glossa.profiles import profile

    path = tmp_path / "in.txt"
    path.write_bytes("Песков заявил журналистам.\nКремль молчит.\n".encode("cp1251"))
    with pytest.raises(GlossaError, match="not UTF-8"):
        read_lines(str(path), None, profile("zh").legacy_encodings)


def test_a_file_spoiled_after_its_check_is_refused_naming_the_line(tmp_path):
    path = tmp_path / "in.txt"
    path.write_text("Кремль.\nПесков.\n", encoding="utf-8")
    lines = read_lines(str(path))
    path.write_bytes("Кремль.\n".encode() + b"\xff\xfe\n")
    with pytest.raises(GlossaError) as err:
        list(lines)
    assert err.value.line == 2 and "UTF-8" in str(err.value)


def test_translate_strict_and_report_only_exit_codes(tiny_ru_en, tmp_path):
    """--strict exits 1 naming the open occurrences when any is flagged, missing or would be
    replaced; --report-only changes no text (the output is the raw translation) and with
    --strict fails on what it would replace; a run with nothing open exits 0."""
    opening = tmp_path / "opening.txt"   # the seed's first paragraphs: enough open occurrences
    opening.write_text("".join(SEED.read_text(encoding="utf-8").splitlines(keepends=True)[:2]), encoding="utf-8")
    seed = run_glossa("translate", str(opening), "--format", "json")
    data = json.loads(seed.stdout)
    assert seed.returncode == 0 and data["summary"]["flagged"] > 0
    strict = run_glossa("translate", str(opening), "--strict")
    assert strict.returncode == 1 and "(--strict)" in strict.stderr and "line " in strict.stderr
    report = json.loads(run_glossa("translate", str(opening), "--format", "json", "--report-only").stdout)
    assert all(s["final"] == s["mt"] for s in report["segments"])
    assert report["summary"]["replaced"] == report["summary"]["forced"] == 0
    assert run_glossa("translate", str(opening), "--report-only", "--strict").returncode == 1
    plain = tmp_path / "plain.txt"
    plain.write_text("Всё.\n", encoding="utf-8")
    assert run_glossa("translate", str(plain), "--strict").returncode == 0


def test_ctrl_c_during_translate_exits_130_leaving_no_output_file(tiny_package_file, tmp_path):
    """Ctrl-C while the model translates: "glossa: interrupted", exit 130, and no output
    file (its temporary file removed)."""
    import signal
    import time

    argos = tmp_path / "argos"
    installed = run_glossa("models", "install", str(tiny_package_file), env={"ARGOS_PACKAGES_DIR": str(argos)})
    assert installed.returncode == 0, installed.stderr
    text, out = tmp_path / "in.txt", tmp_path / "out.txt"
    text.write_text(SEED.read_text(encoding="utf-8") * 2000, encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "glossa", "translate", str(text), "-o", str(out)],
                               stderr=subprocess.PIPE, text=True, cwd=ROOT,
                               env={**os.environ, "ARGOS_PACKAGES_DIR": str(argos)})
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".out.txt.*.tmp")) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.3)   # well into the run: a signal during the interpreter's exit kills it outright
    assert process.poll() is None, "translate finished before it could be interrupted"
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130 and stderr.splitlines()[-1] == "glossa: interrupted"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["argos", "in.txt"]


@pytest.mark.parametrize("base, text, rendering, fits", [
    ("to support small businesses.", "to support SMEs.", "SMEs", True),
    ("pay the down payment.", "pay the deposit.", "deposit", True),
    # another form of the rendering's word: the noun over the adjective
    ("our democratic values.", "our democracy values.", "democracy", False),
    # an article lost with the words it stood before
    ("up to five years to start a business", "up to five years to start entrepreneurship", "entrepreneurship", False),
    # a plural noun's place taken by a singular
    ("of undergraduate schools and", "of undergraduate entrepreneurship and", "entrepreneurship", False),
    ("to prevent these institutions from", "to prevent these universities from", "universities", True),
    # a number lost with the words it stood before (attention had tied "three" to 高校 too)
    ("these three institutions discriminate", "these universities discriminate", "universities", False),
])
def test_a_common_noun_goes_in_only_where_it_fits_without_other_grammar(base, text, rendering, fits):
    from glossa.enforce.checks import fits_in_place

    start = text.index(rendering)
    assert fits_in_place(base, text, (start, start + len(rendering)), "en") is fits


@pytest.mark.parametrize("raw, text, rendering, old_words, kept", [
    ("Production of concrete inspection well modules", "Production of concrete inspection well modules Zhengzhou",
     "Zhengzhou", "", False),                       # added after the last word in place of none
    ("Shin said so", "Shen Junfei said so", "Shen Junfei", "Shin", True),
    ("The rally, Xinhua Network", "The rally, Xinhuanet", "Xinhuanet", "Xinhua Network", True),   # in place of words
])
def test_a_rendering_added_after_the_last_word_in_place_of_none_does_not_keep_the_sentence(
        raw, text, rendering, old_words, kept):
    from glossa.enforce.checks import keeps_the_sentence

    start = text.index(rendering)
    assert keeps_the_sentence(raw, text, (start, start + len(rendering)), old_words, "en") is kept
