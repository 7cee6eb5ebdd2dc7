"""PO and CSV/TSV exchange: lossless round trips, msgfmt, merging translators' edits."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossa.glossary import po_store
from glossa.glossary.model import KINDS, Term
from glossa.glossary.updates import apply
from glossa.glossary.yaml_store import dump, load, new_document, new_entry, parse_text
from tests.conftest import SHIPPED, run_glossa

MSGFMT = shutil.which("msgfmt")


def export_po(glossary_path: Path, out: Path) -> Path:
    result = run_glossa("glossary", "export", str(glossary_path), "--format", "po", "-o", str(out))
    assert result.returncode == 0, result.stderr
    return out


@pytest.mark.skipif(MSGFMT is None, reason="GNU gettext's msgfmt is not installed (apt-get install gettext)")
def test_exported_po_passes_msgfmt_check(tmp_path):
    po = export_po(SHIPPED, tmp_path / "g.po")
    checked = subprocess.run([MSGFMT, "--check", "-o", str(tmp_path / "g.mo"), str(po)],
                             capture_output=True, text=True)
    assert checked.returncode == 0 and checked.stderr == "", checked.stderr
    assert (tmp_path / "g.mo").stat().st_size > 0


def test_po_maps_fields_as_documented(tmp_path):
    po = polib.pofile(str(export_po(SHIPPED, tmp_path / "g.po")))
    entry = po.find("Касым-Жомарт Токаев", msgctxt="person")
    assert entry.msgstr == "Kassym-Jomart Tokayev"
    assert entry.tcomment.startswith("Official spelling")
    assert "variant: Kasym-Zhomart Tokaev" in entry.comment.splitlines()
    rf = po.find("РФ", msgctxt="place")
    assert {"match: exact", "case_sensitive: true"} <= set(rf.comment.splitlines())
    assert po.metadata["Language"] == "en" and po.metadata[po_store.SOURCE_LANG_HEADER] == "ru"


def test_yaml_po_yaml_into_existing_file_is_byte_identical(glossary_copy, tmp_path):
    before = glossary_copy.read_bytes()
    po = export_po(glossary_copy, tmp_path / "g.po")
    result = run_glossa("glossary", "import", str(po), "--into", str(glossary_copy))
    assert result.returncode == 0, result.stderr
    assert "0 added, 0 changed, 0 skipped" in result.stderr
    assert glossary_copy.read_bytes() == before


def test_yaml_po_yaml_into_new_file_is_byte_identical(tmp_path):
    first = tmp_path / "first.yaml"
    run_glossa("glossary", "import", str(export_po(SHIPPED, tmp_path / "a.po")), "--into", str(first))
    second = tmp_path / "second.yaml"
    run_glossa("glossary", "import", str(export_po(first, tmp_path / "b.po")), "--into", str(second))
    assert first.read_bytes() == second.read_bytes()
    assert load(str(first)).terms == load(str(SHIPPED)).terms


ALPHABET = "абвгдеёжзАБВЁЖabcXYZ019 -'’«»\"?:#,[]{}&*!|>%@`\\"
text = st.text(ALPHABET, min_size=1, max_size=10).map(str.strip).filter(bool)
source_text = text.filter(lambda s: any(ch.isalnum() for ch in s))
terms_strategy = st.lists(st.builds(
    Term, source=source_text, target=text, kind=st.sampled_from(KINDS),
    variants=st.lists(text, max_size=3, unique=True).map(tuple),
    note=st.none() | text, match=st.sampled_from(["lemma", "exact"]),
    case_sensitive=st.none() | st.booleans(), enforce=st.sampled_from(["always", "suggest"]),
    id=st.none() | text), max_size=6)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(terms=terms_strategy)
def test_po_round_trip_property(terms, tmp_path_factory):
    """Any valid glossary written by glossa survives YAML → PO → YAML byte for byte."""
    terms = [t for t in terms if t.target not in t.variants]
    keys = set()
    unique = []
    for t in terms:
        if t.key not in keys:
            keys.add(t.key)
            unique.append(t)
    doc = new_document("ru", "en")
    for t in unique:
        doc["terms"].append(new_entry(t))
    yaml_text = dump(doc)
    directory = tmp_path_factory.mktemp("rt")
    (directory / "g.yaml").write_text(yaml_text, encoding="utf-8")
    glossary = load(str(directory / "g.yaml"))
    (directory / "g.po").write_text(po_store.export(glossary), encoding="utf-8")
    langs, incoming, skipped = po_store.read(str(directory / "g.po"))
    assert skipped == []
    rebuilt = new_document(*langs)
    apply(rebuilt, incoming, "new.yaml")
    assert dump(rebuilt) == yaml_text
    existing = parse_text(yaml_text, "g.yaml")
    report = apply(existing, incoming, "g.yaml")
    assert not report.has_changes and dump(existing) == yaml_text


def test_import_merges_translator_edits(glossary_copy, tmp_path):
    po_path = export_po(glossary_copy, tmp_path / "g.po")
    po = polib.pofile(str(po_path))
    po.find("Москва", msgctxt="place").msgstr = "Moskva"
    po.find("Вашингтон", msgctxt="place").tcomment = "Washington, D.C., not the state."
    po.find("Кремль", msgctxt="org").flags.append("fuzzy")
    po.find("Кремль", msgctxt="org").msgstr = "Kreml"
    obsolete = polib.POEntry(msgctxt="place", msgid="Ленинград", msgstr="Leningrad", obsolete=True)
    po.append(obsolete)
    po.append(polib.POEntry(msgctxt="place", msgid="Алматы", msgstr="Almaty", tcomment="Largest city."))
    po.save(str(po_path))
    before = glossary_copy.read_text()

    preview = run_glossa("glossary", "import", str(po_path), "--into", str(glossary_copy), "--dry-run")
    assert preview.returncode == 0 and glossary_copy.read_text() == before
    assert "would change" in preview.stderr

    result = run_glossa("glossary", "import", str(po_path), "--into", str(glossary_copy))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "added   'Алматы'" in out and "changed 'Москва' (target)" in out
    assert "changed 'Вашингтон' (note)" in out
    assert "skipped 'Кремль'" in out and "fuzzy" in out
    assert "skipped 'Ленинград'" in out and "obsolete" in out
    after = glossary_copy.read_text()
    assert "target: Moskva" in after and "Kreml\n" not in after and "Ленинград" not in after
    assert after.endswith("  - source: Алматы\n    target: Almaty\n    kind: place\n    note: Largest city.\n")
    assert after.count("# ") == before.count("# ")  # comments kept


@pytest.mark.parametrize("fmt,sep", [("csv", ","), ("tsv", "\t")])
def test_two_column_export(fmt, sep, tmp_path):
    result = run_glossa("glossary", "export", str(SHIPPED), "--format", fmt)
    rows = result.stdout.splitlines()
    assert rows[0] == f"Касым-Жомарт Токаев{sep}Kassym-Jomart Tokayev"
    assert len(rows) == len(load(str(SHIPPED)))
    assert all(len(r.split(sep)) == 2 for r in rows)


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_two_column_round_trip_and_edits(fmt, glossary_copy, tmp_path):
    exported = tmp_path / f"g.{fmt}"
    run_glossa("glossary", "export", str(glossary_copy), "--format", fmt, "-o", str(exported))
    before = glossary_copy.read_bytes()
    assert run_glossa("glossary", "import", str(exported), "--into", str(glossary_copy)).returncode == 0
    assert glossary_copy.read_bytes() == before
    sep = "," if fmt == "csv" else "\t"
    exported.write_text(exported.read_text().replace(f"Москва{sep}Moscow", f"Москва{sep}Moskva")
                        + f"Алматы{sep}Almaty\n")
    result = run_glossa("glossary", "import", str(exported), "--into", str(glossary_copy))
    assert result.returncode == 0, result.stderr
    text = glossary_copy.read_text()
    assert "target: Moskva" in text
    assert "  - source: Алматы\n    target: Almaty\n    kind: term\n    status: proposed\n" in text


def test_deepl_four_column_csv_is_accepted(tmp_path):
    csv_file = tmp_path / "deepl.csv"
    csv_file.write_text("Москва,Moscow,ru,en\n«Аурус»,Aurus,ru,en\n")
    result = run_glossa("glossary", "import", str(csv_file), "--into", str(tmp_path / "new.yaml"))
    assert result.returncode == 0, result.stderr
    assert [t.target for t in load(str(tmp_path / "new.yaml")).terms] == ["Moscow", "Aurus"]
