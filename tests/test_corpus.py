"""A corpus through translate: a directory or JSONL of documents, one result each, batched
across documents, resumable after kill -9 with the same output as an uninterrupted run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT, SHIPPED, assert_one_line_error, run_glossa

DOCS = {"a.txt": "Дмитрий Песков промолчал.\n\nКремль молчит.\n", "sub/b.txt": "Москва.\n", "empty.txt": "",
        "c.txt": "Касым-Жомарт Токаев прибыл в Москву. Путин встретил его.\n"}


def corpus(tmp_path, docs=DOCS):
    root = tmp_path / "in"
    for name, text in docs.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_a_directory_comes_out_as_a_directory_of_the_same_names(tiny_ru_en, tmp_path):
    root, out = corpus(tmp_path), tmp_path / "out"
    result = run_glossa("translate", str(root), "-o", str(out), "-g", str(SHIPPED))
    assert result.returncode == 0, result.stderr
    assert "4 documents: 4 translated, 0 done before" in result.stderr
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.txt")) == sorted(DOCS)
    assert (out / "empty.txt").read_text() == "" and (out / "a.txt").read_text(encoding="utf-8").count("\n") == 3
    records = [json.loads(line) for line in (out / ".glossa-run" / "decisions.jsonl").read_text().splitlines()]
    assert sorted(r["id"] for r in records) == sorted(DOCS)
    assert {d["term"]["source"] for r in records for s in r["segments"] for d in s["decisions"]} >= \
        {"Дмитрий Песков", "Кремль", "Москва"}
    assert json.loads((out / ".glossa-run" / "summary.json").read_text())["documents"] == 4


def test_a_rerun_skips_what_is_done_and_a_changed_glossary_translates_again(tiny_ru_en, tmp_path):
    root, out = corpus(tmp_path), tmp_path / "out"
    assert run_glossa("translate", str(root), "-o", str(out), "-g", str(SHIPPED)).returncode == 0
    again = run_glossa("translate", str(root), "-o", str(out), "-g", str(SHIPPED))
    assert "0 translated, 4 done before" in again.stderr
    (root / "a.txt").write_text("Кремль.\n", encoding="utf-8")
    changed_input = run_glossa("translate", str(root), "-o", str(out), "-g", str(SHIPPED))
    assert "1 translated, 1 of them again (the input, glossary or model changed), 3 done before" in changed_input.stderr
    glossary = tmp_path / "g.yaml"
    glossary.write_text(SHIPPED.read_text(encoding="utf-8").replace("Kremlin", "the Kremlin"), encoding="utf-8")
    other = run_glossa("translate", str(root), "-o", str(out), "-g", str(glossary))
    assert "4 translated, 4 of them again" in other.stderr


def test_jsonl_in_jsonl_out_keeps_ids_and_order(tiny_ru_en, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"id": n, "text": t}, ensure_ascii=False) + "\n"
                              for n, t in [(7, "Москва."), ("x", "Кремль молчит.\nПесков."), (3, "")]),
                      encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = run_glossa("translate", str(source), "-o", str(out), "-g", str(SHIPPED))
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == [7, "x", 3]   # the ids as given
    assert rows[1]["text"].count("\n") == 1 and rows[2]["text"] == ""


@pytest.mark.parametrize("bad, why", [
    ('{"id": 1, "text": "Кремль."}', "id '1' is given twice"),
    ("[1, 2]", 'each line must be {"id": string or number, "text": string}'),
    ('{"text": "Кремль."}', 'each line must be {"id"'),
    ('{"id": 2, "text": "Кре', "not a JSON object"),
    ('{"id": 2, "text": "<a byte not in UTF-8>"}', "not valid UTF-8"),
])
def test_a_bad_jsonl_line_is_named_and_the_other_documents_are_translated(tiny_ru_en, tmp_path, bad, why):
    source, out = tmp_path / "in.jsonl", tmp_path / "o.jsonl"
    source.write_bytes(f'{{"id": 1, "text": "Москва."}}\n{bad}\n{{"id": 3, "text": "Песков."}}\n'
                       .encode().replace(b"<a byte not in UTF-8>", b"\xff"))
    result = run_glossa("translate", str(source), "-o", str(out), "-g", str(SHIPPED))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert any(line.startswith(f"glossa: {source}:2: {why}") for line in result.stderr.splitlines())
    assert "3 documents: 2 translated" in result.stderr and "1 could not be read" in result.stderr
    assert [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()] == [1, 3]


@pytest.mark.parametrize("name, data, why", [
    ("bad.txt", b"\xff\xfe\x00binary\x00", ""),
    ("broken.xlf", b"<xliff version='1.2'><file>", "not well-formed"),
])
def test_a_document_that_cannot_be_read_is_named_and_the_others_are_translated(tiny_ru_en, tmp_path, name, data,
                                                                                why):
    root, out = corpus(tmp_path), tmp_path / "out"
    (root / name).write_bytes(data)
    result = run_glossa("translate", str(root), "-o", str(out), "-g", str(SHIPPED))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert any(line.startswith(f"glossa: {root / name}") and why in line for line in result.stderr.splitlines())
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()
                  and not p.relative_to(out).as_posix().startswith(".")) == sorted(DOCS)


def test_a_jsonl_corpus_is_read_a_line_at_a_time_as_the_run_asks(tmp_path, monkeypatch):
    """No bound on the file, only on a record: a line longer than a text may be is named and
    the lines after it are read; a bad line is found when the run reaches it."""
    from glossa import corpus_input as corpus_module

    monkeypatch.setattr(corpus_module, "TEXT_LIMIT", 64)
    source = tmp_path / "in.jsonl"
    lines = [{"id": n, "text": "Москва."} for n in range(40)]
    source.write_text(json.dumps(lines[0]) + "\n" + json.dumps({"id": "long", "text": "Кремль " * 20}) + "\n" +
                      "".join(json.dumps(line) + "\n" for line in lines[1:]), encoding="utf-8")
    assert source.stat().st_size > 20 * 64
    read = corpus_module.read_corpus(str(source), ())
    documents = iter(read.documents)
    assert next(documents).id == "0" and read.failed == [] and read.total == 41
    assert [doc.id for doc in documents] == [str(n) for n in range(1, 40)]
    assert [(e.line, e.message) for e in read.failed] == [(2, "a line longer than 0 MB")]


def test_a_jsonl_corpus_on_stdin_gives_what_the_file_gives(tiny_ru_en, tmp_path):
    records = "".join(json.dumps({"id": n, "text": t}, ensure_ascii=False) + "\n"
                      for n, t in [(1, "Москва."), (2, "Кремль молчит.\nПесков."), (3, "")])
    source = tmp_path / "in.ndjson"
    source.write_text(records, encoding="utf-8")
    from_file = run_glossa("translate", str(source), "--jsonl", "-o", str(tmp_path / "file.jsonl"), "-g", str(SHIPPED))
    from_stdin = run_glossa("translate", "-", "--jsonl", "-o", str(tmp_path / "stdin.jsonl"), "-g", str(SHIPPED),
                            stdin=records + "[1]\n")
    assert from_file.returncode == 0, from_file.stderr
    assert from_stdin.returncode == 1 and "glossa: <stdin>:4: each line must be" in from_stdin.stderr
    assert "4 documents: 3 translated" in from_stdin.stderr
    assert (tmp_path / "stdin.jsonl").read_bytes() == (tmp_path / "file.jsonl").read_bytes()


def test_windows_of_chunks_or_lines_are_read_as_they_are_asked_for():
    from glossa.pipeline import windows

    read = []

    def chunks():
        for n in range(7):
            read.append(n)
            yield [n]

    windowed = windows(chunks(), 3)
    assert next(windowed) == [[0], [1], [2]] and read == [0, 1, 2]
    assert list(windowed) == [[[3], [4], [5]], [[6]]]
    assert list(windows(iter([]), 3)) == []


def test_a_binary_file_named_jsonl_is_one_line(tiny_ru_en, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 100)
    assert_one_line_error(run_glossa("translate", str(source), "-o", str(tmp_path / "o.jsonl")), "binary file")
    assert not (tmp_path / "o.jsonl").exists()


def test_bad_corpus_input_is_one_line(tiny_ru_en, tmp_path):
    source = tmp_path / "in.jsonl"
    (tmp_path / "o.dir").mkdir()
    source.write_text('{"id": 1, "text": "Москва."}\n', encoding="utf-8")
    assert_one_line_error(run_glossa("translate", str(source), "-o", str(tmp_path / "o.dir")), "not a directory")
    root = corpus(tmp_path)
    assert_one_line_error(run_glossa("translate", str(root)), "needs -o")
    assert_one_line_error(run_glossa("translate", str(root), "-o", str(root / "out")), "inside it")


def test_strict_fails_a_corpus_with_open_occurrences(tiny_ru_en, tmp_path):
    root, out = corpus(tmp_path), tmp_path / "out"
    result = run_glossa("translate", str(root), "-o", str(out), "-g", str(SHIPPED), "--strict")
    assert result.returncode == 1 and "(--strict; by document in" in result.stderr
    assert (out / "a.txt").exists()


def test_kill_9_and_a_rerun_give_what_an_uninterrupted_run_gives(tiny_ru_en, tmp_path):
    """A corpus long enough to be killed halfway: the rerun finishes it, and every file is
    what an uninterrupted run writes."""
    docs = {f"d{n:03}.txt": "Дмитрий Песков промолчал. Кремль молчит.\nМосква.\n" * (1 + n % 3) for n in range(40)}
    root, killed, whole = corpus(tmp_path, docs), tmp_path / "killed", tmp_path / "whole"
    command = ["translate", str(root), "-g", str(SHIPPED), "-o"]
    process = subprocess.Popen([sys.executable, "-m", "glossa", *command, str(killed)],
                               env={**os.environ, "NO_COLOR": "1"}, cwd=ROOT, stderr=subprocess.PIPE)
    done = killed / ".glossa-run" / "done.jsonl"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (not done.exists() or done.read_text().count("\n") < 10):
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    finished_before = done.read_text().count("\n")
    assert 10 <= finished_before < 40, "the run ended before it could be killed halfway"
    rerun = run_glossa(*command, str(killed))
    assert rerun.returncode == 0, rerun.stderr
    assert f"{finished_before} done before" in rerun.stderr
    assert run_glossa(*command, str(whole)).returncode == 0
    for name in docs:
        assert (killed / name).read_bytes() == (whole / name).read_bytes(), name


def test_progress_is_drawn_on_stderr_when_asked(tiny_ru_en, tmp_path):
    root, out = corpus(tmp_path), tmp_path / "out"
    result = run_glossa("translate", str(root), "-o", str(out), "-g", str(SHIPPED), "--progress")
    assert result.returncode == 0 and "translating" in result.stderr and "4/4" in result.stderr
    quiet = run_glossa("translate", str(root), "-o", str(tmp_path / "o2"), "-g", str(SHIPPED))
    assert "translating" not in quiet.stderr


def test_a_corpus_on_a_local_ray_gives_the_single_process_files_and_resumes(tiny_ru_en, tmp_path):
    """Ray Data's actors translate the same chunks: the same files as one process, the same
    run records, so a plain run skips what a Ray run did."""
    docs = {f"d{n:02}.txt": "Дмитрий Песков промолчал.\nМосква.\n" * (1 + n % 4) for n in range(40)}
    root, plain, on_ray = corpus(tmp_path, docs), tmp_path / "plain", tmp_path / "ray"
    command = ["translate", str(root), "-g", str(SHIPPED), "-o"]
    assert run_glossa(*command, str(plain)).returncode == 0
    result = subprocess.run([sys.executable, "-m", "glossa", *command, str(on_ray), "--ray", "local"],
                            env={**os.environ, "NO_COLOR": "1"}, cwd=ROOT, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "40 documents: 40 translated" in result.stderr
    for name in docs:
        assert (on_ray / name).read_bytes() == (plain / name).read_bytes(), name
    # the run records are the same too: a plain run over the Ray run's output skips every document
    again = run_glossa(*command, str(on_ray))
    assert "0 translated, 40 done before" in again.stderr
