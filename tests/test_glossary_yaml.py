"""YAML store: round-trip fidelity, edits that keep layout, atomic writes, merging."""

from __future__ import annotations

import difflib
import os

import pytest

from glossa.errors import GlossaError
from glossa.glossary.loading import load, load_all
from glossa.glossary.model import Glossary, MergeConflict, Term, merge
from glossa.glossary.yaml_store import dump, parse
from glossa.writing import atomic_write
from tests.conftest import SHIPPED, run_glossa


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_load_and_dump_give_back_the_same_bytes():
    text = SHIPPED.read_text(encoding="utf-8")
    assert dump(parse(str(SHIPPED))) == text


def test_shipped_glossary_loads_with_lines():
    glossary = load(str(SHIPPED))
    first = glossary.terms[0]
    assert (first.source, first.target, first.kind) == ("Касым-Жомарт Токаев", "Kassym-Jomart Tokayev", "person")
    assert first.origin.line == SHIPPED.read_text().splitlines().index("  - source: Касым-Жомарт Токаев") + 1
    assert "Nur-Sultan" in next(t for t in glossary.terms if t.source == "Астана").variants


def test_shipped_glossary_passes_check():
    result = run_glossa("glossary", "check", "glossaries")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 error(s)" in result.stderr


def test_add_appends_and_keeps_everything_else(glossary_copy):
    before = glossary_copy.read_text()
    result = run_glossa("glossary", "add", str(glossary_copy), "Алма-Ата", "Almaty", "--kind", "place",
                        "--variant", "Alma-Ata", "--note", "Former capital.")
    assert result.returncode == 0, result.stderr
    after = glossary_copy.read_text()
    assert after.startswith(before)
    assert after[len(before):] == ("  - source: Алма-Ата\n    target: Almaty\n    kind: place\n"
                                   "    variants: [Alma-Ata]\n    note: Former capital.\n")


def test_add_refuses_a_duplicate(glossary_copy):
    before = glossary_copy.read_bytes()
    result = run_glossa("glossary", "add", str(glossary_copy), "Астана", "Astana City", "--kind", "place")
    assert result.returncode == 2 and "already in the glossary" in result.stderr
    assert glossary_copy.read_bytes() == before


def test_edit_changes_only_the_touched_line(glossary_copy):
    before = glossary_copy.read_text()
    result = run_glossa("glossary", "edit", str(glossary_copy), "Москва", "--target", "Moskva")
    assert result.returncode == 0, result.stderr
    assert changed_lines(before, glossary_copy.read_text()) == ["-    target: Moscow", "+    target: Moskva"]


def test_edit_add_variant_keeps_flow_style(glossary_copy):
    run_glossa("glossary", "edit", str(glossary_copy), "Астана", "--add-variant", "Akmola")
    assert "    variants: [Nur-Sultan, Nursultan, Akmola]\n" in glossary_copy.read_text()


def test_edit_inserts_a_new_field_in_field_order(glossary_copy):
    run_glossa("glossary", "edit", str(glossary_copy), "Москва", "--note", "Capital of Russia.")
    text = glossary_copy.read_text()
    assert "  - source: Москва\n    target: Moscow\n    kind: place\n    note: Capital of Russia.\n" in text


def test_remove_keeps_section_comments(glossary_copy):
    before = glossary_copy.read_text()
    result = run_glossa("glossary", "remove", str(glossary_copy), "Трамп")
    assert result.returncode == 0, result.stderr
    after = glossary_copy.read_text()
    assert "  # Titles\n" in after
    assert after == before.replace("  - source: Трамп\n    target: Trump\n    kind: person\n", "")


def test_remove_unknown_entry_is_an_error(glossary_copy):
    result = run_glossa("glossary", "remove", str(glossary_copy), "Лондон")
    assert result.returncode == 2 and "no entry 'Лондон'" in result.stderr


def test_failed_write_leaves_original_intact(tmp_path, monkeypatch):
    target = tmp_path / "g.yaml"
    target.write_text("original\n")

    def broken_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        atomic_write(target, "new content\n")
    assert target.read_text() == "original\n"
    assert [p.name for p in tmp_path.iterdir()] == ["g.yaml"]


def test_atomic_write_keeps_file_mode(tmp_path):
    target = tmp_path / "g.yaml"
    target.write_text("a\n")
    target.chmod(0o640)
    atomic_write(target, "b\n")
    assert target.read_text() == "b\n" and (target.stat().st_mode & 0o777) == 0o640


def test_merge_conflict_names_both_files_and_lines(tmp_path):
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text("source_lang: ru\ntarget_lang: en\nterms:\n  - source: Москва\n    target: Moscow\n    kind: place\n")
    b.write_text("source_lang: ru\ntarget_lang: en\nterms:\n  - source: Курск\n    target: Kursk\n    kind: place\n"
                 "  - source: Москва\n    target: Moskva\n    kind: place\n")
    with pytest.raises(GlossaError) as err:
        load_all([str(a), str(b)])
    message = str(err.value)
    assert f"{b}:7" in message and f"{a}:4" in message and "conflict" in message


def test_merge_takes_identical_entries_once():
    t = Term("Москва", "Moscow", "place")
    merged = merge([Glossary("ru", "en", (t,), ("a",)), Glossary("ru", "en", (t,), ("b",))])
    assert merged.terms == (t,)


def test_merge_rejects_other_language_pair():
    with pytest.raises(MergeConflict) as err:
        merge([Glossary("ru", "en", (), ("a.yaml",)), Glossary("uk", "en", (), ("b.yaml",))])
    assert "uk→en" in str(err.value)


def test_default_glossary_directory(tmp_path, monkeypatch):
    (tmp_path / "glossaries").mkdir()
    (tmp_path / "glossaries" / "g.yaml").write_bytes(SHIPPED.read_bytes())
    monkeypatch.chdir(tmp_path)
    assert len(load_all(None)) == len(load(str(SHIPPED)))


# --- concurrent changes and crashes while writing

SMALL_GLOSSARY = ("source_lang: ru\ntarget_lang: en\nterms:\n"
                  "  - source: Москва\n    target: Moscow\n    kind: place\n")
CITIES = [("Алматы", "Almaty"), ("Шымкент", "Shymkent"), ("Караганда", "Karaganda"),
          ("Актобе", "Aktobe"), ("Тараз", "Taraz"), ("Павлодар", "Pavlodar"),
          ("Семей", "Semey"), ("Атырау", "Atyrau")]


def glossa_process(*args: str):
    import subprocess
    import sys

    from tests.conftest import ROOT

    return subprocess.Popen([sys.executable, "-m", "glossa", *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_concurrent_adds_lose_no_entry(tmp_path):
    target = tmp_path / "g.yaml"
    target.write_text(SMALL_GLOSSARY)
    procs = [glossa_process("glossary", "add", str(target), source, english, "--kind", "place")
             for source, english in CITIES]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    sources = {t.source for t in load(str(target)).terms}
    assert sources == {"Москва"} | {source for source, _ in CITIES}
    check = run_glossa("glossary", "check", str(target))
    assert check.returncode == 0, check.stdout + check.stderr
    # the lock file is hidden beside the glossary and never read as one
    assert sorted(p.name for p in tmp_path.iterdir()) == [".g.yaml.lock", "g.yaml"]
    assert len(load_all([str(tmp_path)])) == 9


ALMATY = "  - source: Алматы\n    target: Almaty\n    kind: place\n"


def test_kill_during_an_add_leaves_the_old_or_the_new_file(tmp_path):
    """SIGKILL the moment the new version's temporary file appears (the write is under way,
    the rename not yet done): the glossary is the old file, whole, every time."""
    import signal
    import time

    target = tmp_path / "g.yaml"
    inside = 0
    for _ in range(10):
        if inside == 3:
            break
        target.write_text(SMALL_GLOSSARY)
        proc = glossa_process("glossary", "add", str(target), "Алматы", "Almaty", "--kind", "place")
        deadline = time.monotonic() + 60
        caught = False
        while proc.poll() is None and time.monotonic() < deadline:
            if any(entry.name.endswith(".tmp") for entry in os.scandir(tmp_path)):
                proc.send_signal(signal.SIGSTOP)   # frozen: is the temporary file still there?
                time.sleep(0.01)
                caught = any(tmp_path.glob(".g.yaml.*.tmp"))
                proc.send_signal(signal.SIGKILL)
                break
        proc.communicate(timeout=60)
        if caught:   # killed inside the write, before the rename: the old file, whole
            inside += 1
            assert target.read_text() == SMALL_GLOSSARY
        assert target.read_text() in (SMALL_GLOSSARY, SMALL_GLOSSARY + ALMATY)
        assert load(str(target)).terms[0].source == "Москва"
        for leftover in tmp_path.glob(".g.yaml.*.tmp"):
            leftover.unlink()
    assert inside >= 3, inside   # the kills did land inside writes
    # whatever a kill left beside the glossary (a temporary file, the lock) does not
    # stop the next run nor gets read as a glossary
    assert len(load_all([str(tmp_path)])) in (1, 2)
    after = run_glossa("glossary", "add", str(target), "Тараз", "Taraz", "--kind", "place")
    assert after.returncode == 0, after.stderr
    assert run_glossa("glossary", "check", str(tmp_path)).returncode == 0


def test_directory_glossaries_skip_hidden_and_temporary_files(tmp_path):
    (tmp_path / "g.yaml").write_text(SMALL_GLOSSARY)
    (tmp_path / ".g.yaml.k2j3h4.tmp").write_text("terms: [broken\n")   # a killed write
    (tmp_path / ".g.yaml.lock").write_text("")
    (tmp_path / ".half.yaml").write_text("terms: [broken\n")
    (tmp_path / ".#g.yaml").symlink_to("root@host.1234:1700000000")   # an editor's lock
    assert [t.source for t in load_all([str(tmp_path)]).terms] == ["Москва"]
    result = run_glossa("glossary", "check", str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr


def test_atomic_write_fsyncs_the_file_and_its_directory(tmp_path, monkeypatch):
    import stat

    synced = []
    real_fsync = os.fsync

    def recording_fsync(fd):
        synced.append(stat.S_ISDIR(os.fstat(fd).st_mode))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", recording_fsync)
    atomic_write(tmp_path / "g.yaml", "a\n")
    assert synced == [False, True]   # the temporary file, then the rename in the directory


def test_change_in_a_missing_directory_creates_nothing(tmp_path):
    from tests.conftest import assert_one_line_error

    target = tmp_path / "missing" / "g.yaml"
    result = run_glossa("glossary", "add", str(target), "Тараз", "Taraz", "--kind", "place")
    assert_one_line_error(result, str(target), "no such directory")
    assert list(tmp_path.iterdir()) == []


def test_listing_and_exporting_a_glossary_builds_no_analyser():
    """A glossary is plain data: list, stats and export load it without the morphological
    analyser or the matchers (a process of its own, to see what gets imported)."""
    import subprocess
    import sys

    from tests.conftest import ROOT, SHIPPED

    code = ("import sys\nfrom typer.testing import CliRunner\nfrom glossa.cli import app\n"
            f"for args in (['glossary', 'list', {str(SHIPPED)!r}], ['glossary', 'stats', {str(SHIPPED)!r}],\n"
            f"             ['glossary', 'export', {str(SHIPPED)!r}, '--format', 'csv']):\n"
            "    assert CliRunner().invoke(app, args).exit_code == 0, args\n"
            "print(sorted(m for m in sys.modules if m.startswith(('pymorphy3', 'glossa.match', 'jieba'))))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
