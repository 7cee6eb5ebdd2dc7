"""Every command that reads a file, against every kind of bad file: one line on stderr naming
the file, exit code 2, no traceback, and nothing changed on disk.

The corpus is built at test time: each kind is a factory writing one hostile file into the
test's directory. Commands run in process through typer's CliRunner (the app maps bad input
to its one-line answer itself), so the few hundred cases take seconds.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from glossa.cli import app
from tests.conftest import ARGOS_DIR, SHIPPED, assert_one_line_error, run_glossa, write_glossary

GOOD_GLOSSARY = ("source_lang: ru\ntarget_lang: en\nterms:\n"
                 "  - source: Песков\n    target: Peskov\n    kind: person\n")
GOOD_TEXT = "Дмитрий Песков заявил.\n"
GOOD_MT = "Dmitry Peskov said.\n"


# ---------------------------------------------------------------- the hostile files

def _write(data: bytes | str):
    def make(path: Path) -> Path:
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return path
    return make


def _directory(path: Path) -> Path:
    path.mkdir()
    return path


def _missing(path: Path) -> Path:
    return path


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _oversized(size: int):
    def make(path: Path) -> Path:
        with open(path, "wb") as fh:   # sparse: a file that large costs no disk and no time
            fh.truncate(size + 1)
        return path
    return make


def _nested(opening: str, closing: str, depth: int = 400) -> bytes:
    return (opening * depth + closing * depth).encode()


def _yaml(body: str) -> str:
    return "source_lang: ru\ntarget_lang: en\n" + body


BILLION_LAUGHS = ('a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
                  + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n"
                            for i in range(8))
                  + "source_lang: ru\ntarget_lang: en\nterms: *i\n")

# Kinds of bad input every file reader meets.
COMMON = {
    "binary": _write(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4),
    "utf16": _write(GOOD_GLOSSARY.encode("utf-16")),
    "directory": _directory,
    "missing": _missing,
}
# A glossary (or another file glossa needs as a regular UTF-8 file): FIFOs, legacy
# encodings and oversized files are refused too.
STRICT_FILE = {
    **COMMON,
    "cp1251": _write(GOOD_GLOSSARY.encode("cp1251")),
    "latin1": _write(_yaml("terms:\n  - source: café\n    target: cafe\n").encode("latin-1")),
    "fifo": _fifo,
    "oversized": _oversized(8 << 20),
}
GLOSSARY = {
    **STRICT_FILE,
    "empty": _write(""),
    "tabs": _write(_yaml("terms:\n\t- source: Песков\n\t  target: Peskov\n")),
    "unclosed_quote": _write(_yaml('terms:\n  - source: "Песков\n    target: Peskov\n')),
    "duplicate_key": _write(_yaml("terms:\n  - source: Песков\n    source: Путин\n    target: Peskov\n")),
    "top_list": _write("- source_lang: ru\n- target_lang: en\n"),
    "top_scalar": _write("just some words\n"),
    "terms_map": _write(_yaml("terms:\n  source: Песков\n  target: Peskov\n")),
    "terms_string": _write(_yaml("terms: Песков → Peskov\n")),
    "entry_types": _write(_yaml("terms:\n  - source: [1, 2]\n    target: {a: b}\n    kind: 7\n"
                                "    variants: Peskoff\n  - 42\n  - null\n")),
    "deep_nesting": _write(b"source_lang: ru\ntarget_lang: en\nterms: " + _nested("[", "]")),
    "deep_blocks": _write(_yaml("terms:\n" + "".join("  " * i + "-\n" for i in range(1, 600)))),
    "billion_laughs": _write(BILLION_LAUGHS),
    "huge_line": _write(_yaml("terms: ") + "Песков " * 30_000 + "\n"),
    "wrong_langs": _write("source_lang: [ru]\ntarget_lang: 3\nterms: []\n"),
}
TEXT = {**COMMON, "utf16": _write(GOOD_TEXT.encode("utf-16")),
        "undecidable": _write(bytes(range(0x80, 0x100)) * 64), "oversized": _oversized(64 << 20)}
REVIEW = {
    **COMMON,
    "empty": _write(""),
    "not_json": _write("{segments: nope"),
    "top_list": _write("[1, 2, 3]"),
    "segments_map": _write('{"segments": {"a": 1}}'),
    "decision_string": _write('{"segments": [{"source": "a", "mt": "b", "final": "b", "decisions": ["x"]}]}'),
    "span_outside": _write(json.dumps({"segments": [{"source": "a", "mt": "b", "final": "b", "decisions": [
        {"term": {"source": "a", "target": "b"}, "action": "kept", "source_span": [0, 99]}]}]})),
    "span_floats": _write(json.dumps({"segments": [{"source": "ab", "mt": "b", "final": "b", "decisions": [
        {"term": {"source": "a", "target": "b"}, "action": "kept", "source_span": [0.5, 1]}]}]})),
    "wrong_action": _write(json.dumps({"segments": [{"source": "a", "mt": "b", "final": "b", "decisions": [
        {"term": {"source": "a", "target": "b"}, "action": {"x": 1}, "source_span": [0, 1]}]}]})),
    "huge_int": _write('{"segments": [' + "1" * 10_000 + "]}"),
    "deep_nesting": _write(_nested("[", "]", 50_000)),
    "deep_objects": _write(b'{"a":' * 20_000 + b"1" + b"}" * 20_000),
    "cp1251": _write('{"segments": []} // Песков'.encode("cp1251")),
}
TABLE = {
    **STRICT_FILE,
    "empty": _write(""),
    "one_column": _write("Песков\n"),
    "five_columns": _write("a,b,c,d,e\n"),
    "bad_language_columns": _write("Песков,Peskov,xx-long,12\n"),
    "empty_target": _write("Песков,\n"),
    "huge_field": _write('"' + "a" * 200_000 + '",b\n'),
    "nul": _write("Песков,Peskov\x00\n"),
}
PO = {
    **STRICT_FILE,
    "empty": _write(""),
    "unterminated": _write('msgid "Песков\nmsgstr "Peskov"\n'),
    "no_msgstr": _write('msgid ""\nmsgstr ""\n"Language: en\\n"\n\nmsgid "Песков"\n'),
    "garbage": _write("this is not a PO file at all\n"),
    "twice": _write('msgid ""\nmsgstr ""\n"Language: en\\n"\n\nmsgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n'),
}


def _zip(members: dict[str, bytes | str]):
    def make(path: Path) -> Path:
        with zipfile.ZipFile(path, "w") as archive:
            for name, data in members.items():
                archive.writestr(name, data)
        return path
    return make


METADATA = json.dumps({"package_version": "1.0", "from_code": "ru", "to_code": "en"})
MODEL = {"p/model/model.bin": b"\0" * 16, "p/model/config.json": "{}", "p/sentencepiece.model": b"\0"}
PACKAGE = {
    **STRICT_FILE,
    "empty": _write(b""),
    "not_zip": _write(b"PK\x03\x04 this is no zip archive" * 10),
    "traversal": _zip({"p/metadata.json": METADATA, **MODEL, "p/../../escape.txt": "x"}),
    "absolute": _zip({"p/metadata.json": METADATA, **MODEL, "/etc/evil": "x"}),
    "two_tops": _zip({"p/metadata.json": METADATA, **MODEL, "q/x": "x"}),
    "no_metadata": _zip(MODEL),
    "broken_metadata": _zip({"p/metadata.json": "{not json", **MODEL}),
    "metadata_list": _zip({"p/metadata.json": "[1]", **MODEL}),
    "metadata_types": _zip({"p/metadata.json": json.dumps({"from_code": ["ru"], "to_code": "en"}), **MODEL}),
    "deep_metadata": _zip({"p/metadata.json": _nested("[", "]", 50_000), **MODEL}),
    "no_model": _zip({"p/metadata.json": METADATA, "p/sentencepiece.model": b"\0"}),
    "no_tokenizer": _zip({"p/metadata.json": METADATA, "p/model/model.bin": b"", "p/model/config.json": "{}"}),
    "broken_model": _zip({"p/metadata.json": METADATA, **MODEL}),
}


# ---------------------------------------------------------------- the commands

def _glossary_commands(g: str, d: Path) -> dict[str, list[str]]:
    text, mt = str(d / "in.txt"), str(d / "mt.txt")
    return {
        "check": ["glossary", "check", g],
        "list": ["glossary", "list", g],
        "stats": ["glossary", "stats", g],
        "export": ["glossary", "export", g, "--format", "po", "-o", str(d / "out.po")],
        "add": ["glossary", "add", g, "Путин", "Putin", "--kind", "person"],
        "edit": ["glossary", "edit", g, "Песков", "--target", "Peskoff"],
        "remove": ["glossary", "remove", g, "Песков"],
        "import_into": ["glossary", "import", str(d / "in.csv"), "--into", g],
        "suggest": ["glossary", "suggest", text, "-g", g],
        "suggest_into": ["glossary", "suggest", text, "--into", g],
        "terms": ["terms", text, "-g", g],
        "enforce": ["enforce", "--source", text, "--mt", mt, "-g", g, "-o", str(d / "out.txt")],
        "translate": ["translate", text, "-g", g, "-o", str(d / "out.txt")],
    }


def _text_commands(f: str, d: Path) -> dict[str, list[str]]:
    g, text, mt = str(d / "g.yaml"), str(d / "in.txt"), str(d / "mt.txt")
    return {
        "terms": ["terms", f, "-g", g],
        "suggest": ["glossary", "suggest", f, "-g", g],
        "enforce_source": ["enforce", "--source", f, "--mt", mt, "-g", g, "-o", str(d / "out.txt")],
        "enforce_mt": ["enforce", "--source", text, "--mt", f, "-g", g, "-o", str(d / "out.txt")],
        "translate": ["translate", f, "--no-glossary", "-o", str(d / "out.txt")],
    }


def _cases():
    def each(group, kinds, commands, suffix):
        for kind in kinds:
            for command in commands("X", Path("D")):
                if (command, kind) == ("import_into", "missing"):
                    continue   # importing into a new glossary creates it
                yield pytest.param(group, kind, command, suffix, id=f"{group}-{command}-{kind}")

    yield from each("glossary", GLOSSARY, _glossary_commands, ".yaml")
    yield from each("text", TEXT, _text_commands, ".txt")
    yield from each("review", REVIEW, lambda f, d: {"review": ["review", f]}, ".json")
    yield from each("csv", TABLE, lambda f, d: {"import_csv": ["glossary", "import", f, "--into",
                                                               str(d / "g.yaml")]}, ".csv")
    yield from each("tsv", {k: v for k, v in TABLE.items() if k != "huge_field"},
                    lambda f, d: {"import_csv": ["glossary", "import", f, "--into", str(d / "g.yaml")]}, ".tsv")
    yield from each("po", PO, lambda f, d: {"import_po": ["glossary", "import", f, "--into",
                                                         str(d / "g.yaml")]}, ".po")
    yield from each("package", PACKAGE, lambda f, d: {"install": ["models", "install", f]}, ".argosmodel")


CHECK_FINDS = {"empty", "terms_map", "terms_string", "entry_types", "billion_laughs", "huge_line",
               "wrong_langs"}
KINDS = {"glossary": GLOSSARY, "text": TEXT, "review": REVIEW, "csv": TABLE, "tsv": TABLE, "po": PO,
         "package": PACKAGE}
COMMANDS = {"glossary": _glossary_commands, "text": _text_commands}


def _snapshot(*roots: Path) -> dict[str, str]:
    """Every file under the roots with a hash of its bytes (a FIFO by its kind; a file of
    megabytes, such as an installed model or a sparse oversized input, by its size and
    modification time, which any write changes): what must be the same after a refused
    command."""
    found = {}
    for root in roots:
        for path in sorted(root.rglob("*")):
            info = path.lstat()
            if path.name.endswith(".lock"):   # the lock of a glossary change stays, by design
                continue
            if path.is_fifo() or info.st_size > 1 << 20:
                found[str(path)] = f"{info.st_mode:o}:{info.st_size}:{info.st_mtime_ns}"
            elif path.is_file():
                found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                found[str(path)] = "dir"
    return found


def _unblock(fifo: Path) -> threading.Timer:
    """Should a command open the FIFO after all, a writer turns up after a while and
    closes it at once, so the test fails instead of hanging."""
    def open_and_close() -> None:
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            os.close(fd)
        except OSError:
            pass
    timer = threading.Timer(5, open_and_close)
    timer.start()
    return timer


@pytest.mark.parametrize("group, kind, command, suffix", list(_cases()))
def test_bad_input_is_one_line_and_changes_nothing(tmp_path, monkeypatch, group, kind, command, suffix):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "g.yaml").write_text(GOOD_GLOSSARY, encoding="utf-8")
    (tmp_path / "in.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (tmp_path / "mt.txt").write_text(GOOD_MT, encoding="utf-8")
    (tmp_path / "in.csv").write_text("Путин,Putin\n", encoding="utf-8")
    (tmp_path / "out.txt").write_text("previous output\n", encoding="utf-8")
    bad = KINDS[group][kind](tmp_path / f"bad{suffix}")
    if group in COMMANDS:
        args = COMMANDS[group](str(bad), tmp_path)[command]
    else:
        args = [a if a != "X" else str(bad) for a in
                {"review": ["review", "X"], "import_csv": ["glossary", "import", "X", "--into", "g.yaml"],
                 "import_po": ["glossary", "import", "X", "--into", "g.yaml"],
                 "install": ["models", "install", "X"]}[command]]
    ARGOS_DIR.mkdir(parents=True, exist_ok=True)
    before = _snapshot(tmp_path, ARGOS_DIR)
    timer = _unblock(bad) if kind == "fifo" else None
    try:
        result = CliRunner().invoke(app, args, env={"NO_COLOR": "1", "COLUMNS": "200"})
    finally:
        if timer:
            timer.cancel()
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    lines = result.stderr.strip().splitlines()
    assert "Traceback" not in result.stderr + result.stdout
    if command == "check":
        # check's report goes to stdout, file:line first, and stderr counts: exit 2 for a
        # file it cannot read or parse, 1 for the schema errors it is there to find
        assert result.exit_code == (1 if kind in CHECK_FINDS else 2), (result.exit_code, result.stdout)
        assert len(lines) == 1 and "error(s)" in lines[0], result.stderr
        assert result.stdout.startswith(str(bad)), result.stdout
    else:
        assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
        assert len(lines) == 1, result.stderr
        assert str(bad) in lines[0] or bad.name in lines[0], lines[0]
    assert _snapshot(tmp_path, ARGOS_DIR) == before


def test_import_into_a_glossary_without_entries_yet(tmp_path):
    """An empty ``terms:`` is a glossary with no entries (it was a TypeError traceback)."""
    glossary = tmp_path / "g.yaml"
    glossary.write_text("source_lang: ru\ntarget_lang: en\nterms:\n", encoding="utf-8")
    (tmp_path / "in.csv").write_text("Путин,Putin\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["glossary", "import", str(tmp_path / "in.csv"), "--into", str(glossary)])
    assert result.exit_code == 0, (result.stderr, result.exc_info)
    assert "source: Путин" in glossary.read_text(encoding="utf-8")


@pytest.mark.parametrize("target", ["source", "mt", "glossary"])
def test_enforce_refuses_an_output_that_is_one_of_its_inputs(tmp_path, target):
    files = {"source": tmp_path / "s.txt", "mt": tmp_path / "m.txt",
             "glossary": write_glossary(tmp_path, "  - {source: Песков, target: Peskov, kind: person}\n")}
    files["source"].write_text("Песков ответил.\n", encoding="utf-8")
    files["mt"].write_text("Peskow answered.\n", encoding="utf-8")
    before = {name: path.read_bytes() for name, path in files.items()}
    link = tmp_path / "link"
    link.symlink_to(files[target])
    for output in (files[target], link):
        result = run_glossa("enforce", "--source", str(files["source"]), "--mt", str(files["mt"]),
                            "-g", str(files["glossary"]), "-o", str(output))
        assert_one_line_error(result, "same file as the input")
    assert {name: path.read_bytes() for name, path in files.items()} == before


def test_translate_refuses_an_output_that_is_its_input(tmp_path):
    text = tmp_path / "z.txt"
    text.write_text("Москва.\n", encoding="utf-8")
    hard = tmp_path / "hard.txt"
    os.link(text, hard)
    for output in (text, hard):
        result = run_glossa("translate", str(text), "--no-glossary", "-o", str(output))
        assert_one_line_error(result, "same file as the input")
    assert text.read_text(encoding="utf-8") == "Москва.\n"


@pytest.mark.parametrize(("name", "first", "command"), [
    ("terms.csv", "old\n", lambda link: ("glossary", "export", str(SHIPPED), "-f", "csv", "-o", str(link))),
    ("house.yaml", "source_lang: ru\ntarget_lang: en\nterms: []\n",
     lambda link: ("glossary", "add", str(link), "Песков", "Peskov", "--kind", "person")),
], ids=["export-output", "glossary-add"])
def test_a_write_to_a_symlink_goes_to_its_target(tmp_path, name, first, command):
    """A team's shared file linked into a project gets the change; the link stays a link."""
    shared = tmp_path / "team" / name
    shared.parent.mkdir()
    shared.write_text(first, encoding="utf-8")
    link = tmp_path / f"project-{name}"
    link.symlink_to(shared)
    result = run_glossa(*command(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and "Peskov" in shared.read_text(encoding="utf-8")


@pytest.mark.parametrize("command", [["terms", "-", "-g", str(SHIPPED)], ["translate", "-", "--no-glossary"],
                                     ["translate", "-", "--jsonl", "-o", "never-written.jsonl", "--no-glossary"]])
def test_a_closed_stdin_is_one_line(command):
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "glossa", *command], capture_output=True, text=True,
                            preexec_fn=lambda: os.close(0), timeout=60, env={**os.environ, "NO_COLOR": "1"})
    assert result.returncode == 2 and result.stderr == "glossa: <stdin>: standard input is closed\n"


@pytest.mark.parametrize("delay", [0.06, 0.1, 0.25, 0.5])
def test_ctrl_c_while_starting_is_the_one_line_answer(delay):
    """Ctrl-C while glossa still imports its libraries, or later while it waits for its
    input: "glossa: interrupted", exit 130, no traceback, whenever it comes."""
    import signal
    import subprocess
    import sys
    import time

    process = subprocess.Popen([sys.executable, "-m", "glossa", "terms", "-", "-g", str(SHIPPED)],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(delay)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    # on a loaded machine the signal may come before any of glossa's code runs: before Python
    # has started (-2), while Python imports its site module (a fatal error of its start-up,
    # exit 1, whatever the program), or while its import machinery finds and compiles the
    # entry point (a traceback with no frame of glossa's): glossa answers from its first line
    if process.returncode == 1 and stderr.startswith("Fatal Python error: init_import_site") or \
            "Traceback" in stderr and f"{os.sep}glossa{os.sep}" not in stderr:
        return
    assert process.returncode in (130, -signal.SIGINT) and "Traceback" not in stderr, (process.returncode, stderr)
    if process.returncode == 130:
        assert stderr == "glossa: interrupted\n"
