"""PO and CSV/TSV exchange: lossless round trips, msgfmt, merging translators' edits."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossa.glossary import po_store
from glossa.glossary.exchange import FORMATS as EXCHANGE_FORMATS
from glossa.glossary.exchange import by_suffix
from glossa.glossary.loading import load
from glossa.glossary.model import KINDS, Term, normalise
from glossa.glossary.updates import apply
from glossa.glossary.yaml_store import dump, new_document, new_entry, parse_text
from tests.conftest import SHIPPED, assert_one_line_error, run_glossa, write_glossary

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
    id=st.none() | text, status=st.none() | st.just("proposed")), max_size=6)


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
    (directory / "g.po").write_text(po_store.export(glossary).text, encoding="utf-8")
    read = po_store.read(str(directory / "g.po"))
    incoming, skipped = read.entries, read.skipped
    assert skipped == []
    rebuilt = new_document(*read.languages)
    apply(rebuilt, incoming, "new.yaml")
    assert dump(rebuilt) == yaml_text
    existing = parse_text(yaml_text, "g.yaml")
    report = apply(existing, incoming, "g.yaml")
    assert not (report.added or report.changed) and dump(existing) == yaml_text


@pytest.mark.parametrize("fmt", EXCHANGE_FORMATS.values(), ids=EXCHANGE_FORMATS.keys())
def test_every_exchange_format_round_trips_what_it_carries(fmt, tmp_path):
    """Each registered format gives back, read by its own suffix, the language pair and every
    entry it exported; what it cannot carry is named on export, never dropped silently."""
    glossary = load(str(SHIPPED))
    exported = fmt.export(glossary, header=fmt.header_row)
    path = tmp_path / f"g{fmt.suffixes[0]}"
    path.write_text(exported.text, encoding="utf-8")
    assert by_suffix(str(path)) is fmt
    read = fmt.read(str(path))
    assert read.languages == ("ru", "en")
    assert len(read.entries) + len(read.skipped) + len(exported.left_out) == len(glossary)
    assert {(i.source, i.target) for i in read.entries} <= {(t.source, t.target) for t in glossary.terms}


@pytest.mark.parametrize("fmt", EXCHANGE_FORMATS.values(), ids=EXCHANGE_FORMATS.keys())
def test_every_exchange_format_starts_a_new_glossary_through_the_cli(fmt, tmp_path):
    out = tmp_path / f"g{fmt.suffixes[0]}"
    header = ["--header", "amazon"] if fmt.header_row else []
    exported = run_glossa("glossary", "export", str(SHIPPED), "--format", fmt.name, "-o", str(out), *header)
    assert exported.returncode == 0, exported.stderr
    new = tmp_path / "new.yaml"
    imported = run_glossa("glossary", "import", str(out), "--into", str(new))
    assert imported.returncode == 0, imported.stderr
    rebuilt = load(str(new))
    assert (rebuilt.source_lang, rebuilt.target_lang) == ("ru", "en")
    shipped = load(str(SHIPPED)).terms
    if fmt.header_row:   # a service's table: the first reviewed entry of each source
        carried = {t.source: (t.source, t.target) for t in reversed(shipped) if t.status != "proposed"}
        expected = set(carried.values())
    else:
        expected = {(t.source, t.target) for t in shipped}
    assert {(t.source, t.target) for t in rebuilt.terms} == expected and expected


def test_an_unknown_exchange_suffix_is_refused_naming_the_known_ones(tmp_path):
    odd = tmp_path / "g.xlsx"
    odd.write_text("x")
    result = run_glossa("glossary", "import", str(odd), "--into", str(tmp_path / "g.yaml"))
    assert_one_line_error(result, ".po, .pot, .csv, .tsv")


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
    assert "old target 'Moscow' kept as a variant" in out
    assert "changed 'Вашингтон' (note)" in out
    assert "skipped 'Кремль' → 'Kreml'" in out  # fuzzy: never in place of a reviewed target
    assert "skipped 'Ленинград'" in out and "obsolete" in out
    after = glossary_copy.read_text()
    assert "target: Moskva\n    kind: place\n    variants: [Moscow]\n" in after
    assert "target: Kreml\n" not in after and "status: proposed" not in after
    assert "Ленинград" not in after
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


# --- reliability: malformed PO refused, old targets kept, fuzzy ⇄ proposed

PO_HEAD = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: en\\n"\n\n'


@pytest.mark.parametrize("body,line,fragment", [
    ('msgid "a"\nmsgstr "b\n', 7, "unterminated string"),
    ('msgid "a"\nmsgstr "b"\n"c\n', 8, "unterminated string"),
    ('#~ msgid "a"\n#~ msgstr "b\n', 7, "unterminated string"),
    ('#| msgid "x\nmsgid "a"\nmsgstr "b"\n', 6, "unterminated string"),
    ('msgid "a"\nmsgstr "b" x\n', 7, "text after the closing quote"),
    ('msgid "a"\nmsgstr "b\\q"\n', 7, "invalid escape sequence"),
    ('msgid "a"\nfoo "b"\nmsgstr "b"\n', 7, "unknown keyword 'foo'"),
    ('msgid "a"\n\nmsgid "b"\nmsgstr "c"\n', 6, "msgid without a msgstr"),
    ('msgstr "a"\n', 6, "msgstr without a msgid"),
    ('msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', 9, "defined twice, first at line 6"),
    ('msgid "a"\nmsgstr "b\\n"\n', 6, "do not both begin and end with a newline"),
])
def test_po_that_msgfmt_rejects_is_refused_with_its_line(body, line, fragment, glossary_copy, tmp_path):
    po = tmp_path / "bad.po"
    po.write_text(PO_HEAD + body, encoding="utf-8")
    if MSGFMT:  # each case is one GNU msgfmt --check refuses
        assert subprocess.run([MSGFMT, "--check", "-o", os.devnull, str(po)],
                              capture_output=True).returncode != 0
    before = glossary_copy.read_bytes()
    result = run_glossa("glossary", "import", str(po), "--into", str(glossary_copy))
    assert_one_line_error(result, f"{po}:{line}:", fragment)
    assert glossary_copy.read_bytes() == before


def test_po_without_header_is_refused(glossary_copy, tmp_path):
    po = tmp_path / "bare.po"
    po.write_text('msgctxt "place"\nmsgid "Москва"\nmsgstr "Moskva"\n', encoding="utf-8")
    assert_one_line_error(run_glossa("glossary", "import", str(po), "--into", str(glossary_copy)),
                          f"{po}:1:", "header missing")


def _po_with(glossary_path: Path, tmp_path: Path, **targets: str) -> Path:
    po_path = export_po(glossary_path, tmp_path / "g.po")
    po = polib.pofile(str(po_path), wrapwidth=0)
    for source, target in targets.items():
        po.find(source.replace("_", " ")).msgstr = target
    po.save(str(po_path))
    return po_path


def test_changed_target_keeps_the_old_one_as_a_variant(glossary_copy, tmp_path):
    po = _po_with(glossary_copy, tmp_path, Москва="Moskva", Песков="Peskoff")
    result = run_glossa("glossary", "import", str(po), "--into", str(glossary_copy))
    assert result.returncode == 0, result.stderr
    assert "changed 'Москва' (target) at" in result.stdout
    assert "old target 'Moscow' kept as a variant" in result.stdout
    text = glossary_copy.read_text()
    assert "  - source: Москва\n    target: Moskva\n    kind: place\n    variants: [Moscow]\n" in text
    assert "  - source: Песков\n    target: Peskoff\n    kind: person\n    variants: [Peskov]\n" in text


def test_choosing_a_variant_as_target_swaps_them(glossary_copy, tmp_path):
    po = _po_with(glossary_copy, tmp_path, Астана="Nur-Sultan")
    result = run_glossa("glossary", "import", str(po), "--into", str(glossary_copy))
    assert result.returncode == 0, result.stderr
    assert "'Nur-Sultan' taken out of the variants" in result.stdout
    assert "old target 'Astana' kept as a variant" in result.stdout
    entry = next(t for t in load(str(glossary_copy)).terms if t.source == "Астана")
    assert entry.target == "Nur-Sultan" and entry.variants == ("Nursultan", "Astana")


def test_choosing_a_form_as_target_takes_it_out_of_the_forms(glossary_copy, tmp_path):
    po = _po_with(glossary_copy, tmp_path, президент="presidential")
    assert run_glossa("glossary", "import", str(po), "--into", str(glossary_copy)).returncode == 0
    entry = next(t for t in load(str(glossary_copy)).terms if t.source == "президент")
    assert (entry.target, entry.forms, entry.variants) == ("presidential", (), ("president",))


def test_proposed_entries_are_fuzzy_in_po_and_proposed_again(tmp_path):
    glossary = tmp_path / "g.yaml"
    glossary.write_text("source_lang: ru\ntarget_lang: en\nterms:\n"
                        "  - source: Алматы\n    target: Almaty\n    kind: place\n    status: proposed\n"
                        "  - source: Москва\n    target: Moscow\n    kind: place\n", encoding="utf-8")
    po_path = export_po(glossary, tmp_path / "g.po")
    po = polib.pofile(str(po_path))
    assert po.find("Алматы").fuzzy and not po.find("Москва").fuzzy
    assert "status" not in po.find("Алматы").comment
    back = tmp_path / "back.yaml"
    result = run_glossa("glossary", "import", str(po_path), "--into", str(back))
    assert result.returncode == 0 and "0 skipped" in result.stderr, result.stderr
    assert back.read_bytes() == glossary.read_bytes()
    po.find("Алматы").flags.remove("fuzzy")  # the translator reviewed it
    po.save(str(po_path))
    result = run_glossa("glossary", "import", str(po_path), "--into", str(back))
    assert "changed 'Алматы' (status)" in result.stdout
    assert "status" not in back.read_text()


# --- CSV / TSV: what services accept, languages, exact TSV

PROPOSED_AND_DUPLICATE = ("source_lang: ru\ntarget_lang: en\nterms:\n"
                          "  - source: Москва\n    target: Moscow\n    kind: place\n"
                          "  - source: Москва\n    target: Moscow Times\n    kind: org\n"
                          "  - source: Алматы\n    target: Almaty\n    kind: place\n    status: proposed\n"
                          "  - source: Курск\n    target: Kursk\n    kind: place\n")


@pytest.mark.parametrize("fmt,sep", [("csv", ","), ("tsv", "\t")])
def test_table_export_leaves_out_duplicate_sources_and_proposed_entries(fmt, sep, tmp_path):
    glossary = tmp_path / "g.yaml"
    glossary.write_text(PROPOSED_AND_DUPLICATE, encoding="utf-8")
    result = run_glossa("glossary", "export", str(glossary), "--format", fmt)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"Москва{sep}Moscow\nКурск{sep}Kursk\n"
    assert f"{glossary}:7: left out 'Москва' (org) → 'Moscow Times': the source is already exported" in result.stderr
    assert f"{glossary}:10: left out 'Алматы' → 'Almaty': proposed" in result.stderr
    assert "2 of 4 entries left out" in result.stderr


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_table_round_trip_with_a_source_of_two_kinds(fmt, tmp_path):
    glossary = tmp_path / "g.yaml"
    glossary.write_text(PROPOSED_AND_DUPLICATE, encoding="utf-8")
    table = tmp_path / f"g.{fmt}"
    assert run_glossa("glossary", "export", str(glossary), "-f", fmt, "-o", str(table)).returncode == 0
    result = run_glossa("glossary", "import", str(table), "--into", str(glossary))
    assert result.returncode == 0 and "0 added, 0 changed, 0 skipped" in result.stderr, result.stderr
    assert glossary.read_text(encoding="utf-8") == PROPOSED_AND_DUPLICATE
    table.write_text(table.read_text(encoding="utf-8").replace("Moscow", "Moskva"), encoding="utf-8")
    result = run_glossa("glossary", "import", str(table), "--into", str(glossary))
    assert "skipped 'Москва' → 'Moskva' (line 1): 2 entries have this source (place, org)" in result.stdout
    assert glossary.read_text(encoding="utf-8") == PROPOSED_AND_DUPLICATE


@pytest.mark.parametrize("fmt,sep", [("csv", ","), ("tsv", "\t")])
def test_amazon_header_names_the_languages(fmt, sep, tmp_path):
    result = run_glossa("glossary", "export", str(SHIPPED), "--format", fmt, "--header", "amazon")
    assert result.returncode == 0, result.stderr
    rows = result.stdout.splitlines()
    assert rows[0] == f"ru{sep}en" and rows[1] == f"Касым-Жомарт Токаев{sep}Kassym-Jomart Tokayev"
    back = tmp_path / "back.yaml"
    (tmp_path / f"g.{fmt}").write_text(result.stdout, encoding="utf-8")
    assert run_glossa("glossary", "import", str(tmp_path / f"g.{fmt}"), "--into", str(back)).returncode == 0
    assert len(load(str(back))) == len(rows) - 1


def test_header_option_is_refused_for_po():
    assert_one_line_error(run_glossa("glossary", "export", str(SHIPPED), "--header", "amazon"), "--header")


@pytest.mark.parametrize("content,langs", [
    ("Berlin,Berlin,de,fr\nMünchen,Munich,de,fr\n", ("de", "fr")),   # DeepL's language columns
    ("de,fr\nBerlin,Berlin\nMünchen,Munich\n", ("de", "fr")),         # Amazon's header row
])
def test_csv_import_takes_the_languages_from_the_file(content, langs, tmp_path):
    csv_file = tmp_path / "g.csv"
    csv_file.write_text(content, encoding="utf-8")
    new = tmp_path / "new.yaml"
    result = run_glossa("glossary", "import", str(csv_file), "--into", str(new))
    assert result.returncode == 0, result.stderr
    glossary = load(str(new))
    assert (glossary.source_lang, glossary.target_lang) == langs
    assert [t.source for t in glossary.terms] == ["Berlin", "München"]


def test_csv_import_without_languages_needs_from_and_to(tmp_path):
    csv_file = tmp_path / "g.csv"
    csv_file.write_text("Berlin,Berlin\nMünchen,Munich\n", encoding="utf-8")
    new = tmp_path / "new.yaml"
    assert_one_line_error(run_glossa("glossary", "import", str(csv_file), "--into", str(new)),
                          str(csv_file), "--from and --to")
    assert not new.exists()
    result = run_glossa("glossary", "import", str(csv_file), "--into", str(new), "--from", "de", "--to", "en")
    assert result.returncode == 0, result.stderr
    assert new.read_text().startswith("source_lang: de\ntarget_lang: en\n")


def test_csv_languages_must_match_the_glossary(glossary_copy, tmp_path):
    csv_file = tmp_path / "g.csv"
    csv_file.write_text("Berlin,Berlin,de,fr\n", encoding="utf-8")
    before = glossary_copy.read_bytes()
    assert_one_line_error(run_glossa("glossary", "import", str(csv_file), "--into", str(glossary_copy)),
                          str(glossary_copy), "de→fr", "ru→en")
    assert_one_line_error(run_glossa("glossary", "import", str(csv_file), "--into", str(tmp_path / "n.yaml"),
                                     "--from", "ru", "--to", "en"), str(csv_file), "de→fr")
    assert glossary_copy.read_bytes() == before


def test_tsv_round_trip_is_exact_for_quotes_and_backslashes(tmp_path):
    glossary = tmp_path / "g.yaml"
    glossary.write_text("source_lang: ru\ntarget_lang: en\nterms:\n"
                        "  - source: «Аурус»\n    target: '\"Aurus\" \\ Co'\n    kind: product\n",
                        encoding="utf-8")
    tsv = tmp_path / "g.tsv"
    for _ in range(2):
        assert run_glossa("glossary", "export", str(glossary), "-f", "tsv", "-o", str(tsv)).returncode == 0
        assert tsv.read_text(encoding="utf-8") == '«Аурус»\t"Aurus" \\ Co\n'
        result = run_glossa("glossary", "import", str(tsv), "--into", str(glossary))
        assert result.returncode == 0 and "0 changed" in result.stderr, result.stdout + result.stderr


def test_a_tab_in_a_term_is_refused_before_any_export(tmp_path):
    glossary = write_glossary(tmp_path, "  - source: Москва\n    target: \"Mos\\tcow\"\n    kind: place\n")
    out = tmp_path / "g.tsv"
    result = run_glossa("glossary", "export", str(glossary), "-f", "tsv", "-o", str(out))
    assert_one_line_error(result, f"{glossary}:5:", "control character")
    assert not out.exists()


def test_a_tsv_field_cannot_hold_a_tab():
    from glossa.errors import GlossaError
    from glossa.glossary import table_store
    from glossa.glossary.model import Glossary

    with pytest.raises(GlossaError, match="TSV field"):
        table_store.export(Glossary("ru", "en", (Term("Москва", "Mos\tcow", "place"),)), delimiter="\t")


TABLE_ALPHABET = "абвЁЖabcXY019 -'’«»\"?:#,;[]{}&*!|\\%@`\u00a0\u2028"   # no control characters: refused
table_text = st.text(TABLE_ALPHABET, min_size=1, max_size=12).map(str.strip).filter(
    lambda s: bool(s) and s.strip() == s)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pairs=st.lists(st.tuples(table_text, table_text), min_size=1, max_size=6,
                      unique_by=lambda p: normalise(p[0])),
       fmt=st.sampled_from(["csv", "tsv"]), header=st.booleans())
def test_table_export_import_property(pairs, fmt, header, tmp_path_factory):
    """Export → import of any sources and targets gives back the same strings."""
    from glossa.glossary import table_store
    from glossa.glossary.model import Glossary

    sep = "," if fmt == "csv" else "\t"
    glossary = Glossary("ru", "en", tuple(Term(s, t, "place") for s, t in pairs))
    exported = table_store.export(glossary, header, delimiter=sep)
    text, left_out = exported.text, exported.left_out
    assert left_out == []
    path = tmp_path_factory.mktemp("table") / f"g.{fmt}"
    path.write_bytes(text.encode("utf-8"))
    read = table_store.read(str(path), delimiter=sep)
    langs, incoming = read.languages, read.entries
    assert langs == (("ru", "en") if header else None)
    assert [(i.source, i.target) for i in incoming] == pairs


# --- writing over inputs, read-only glossaries

def test_export_onto_its_input_is_refused(glossary_copy, tmp_path):
    before = glossary_copy.read_bytes()
    link = tmp_path / "link.yaml"
    link.symlink_to(glossary_copy)
    for out in (glossary_copy, link, tmp_path / "." / "news.yaml"):
        result = run_glossa("glossary", "export", str(glossary_copy), "-o", str(out))
        assert_one_line_error(result, str(out), "same file as the input", "refusing to overwrite")
    result = run_glossa("glossary", "export", str(tmp_path), "-f", "csv", "-o", str(glossary_copy))
    assert_one_line_error(result, "refusing to overwrite")
    csv_file = tmp_path / "g.csv"
    csv_file.write_text("Москва,Moskva\n", encoding="utf-8")
    result = run_glossa("glossary", "import", str(csv_file), "--into", str(csv_file))
    assert_one_line_error(result, "same file as the input", "refusing to overwrite")
    assert csv_file.read_text(encoding="utf-8") == "Москва,Moskva\n"
    assert glossary_copy.read_bytes() == before


@pytest.mark.parametrize("command", [
    ["add", "{g}", "Алма-Ата", "Almaty", "--kind", "place"],
    ["edit", "{g}", "Москва", "--target", "Moskva"],
    ["remove", "{g}", "Трамп"],
    ["import", "{csv}", "--into", "{g}"],
])
def test_read_only_glossary_is_not_rewritten(command, glossary_copy, tmp_path):
    csv_file = tmp_path / "g.csv"
    csv_file.write_text("Москва,Moskva\n", encoding="utf-8")
    before = glossary_copy.read_bytes()
    glossary_copy.chmod(0o444)
    try:
        args = [a.format(g=glossary_copy, csv=csv_file) for a in command]
        assert_one_line_error(run_glossa("glossary", *args), str(glossary_copy), "read-only")
        assert glossary_copy.read_bytes() == before and (glossary_copy.stat().st_mode & 0o777) == 0o444
    finally:
        glossary_copy.chmod(0o644)


def test_a_fuzzy_po_entry_never_replaces_a_reviewed_target(glossary_copy, tmp_path):
    """In gettext a fuzzy translation is not to be used: importing one leaves the reviewed
    entry as it was (still enforced) and says it was skipped."""
    po = tmp_path / "fuzzy.po"
    po.write_text('msgid ""\nmsgstr ""\n"Language: en\\n"\n"X-Source-Language: ru\\n"\n'
                  '"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  '#, fuzzy\nmsgctxt "person"\nmsgid "Владимир Путин"\nmsgstr "Vladimir Poutine"\n', encoding="utf-8")
    before = glossary_copy.read_bytes()
    result = run_glossa("glossary", "import", str(po), "--into", str(glossary_copy))
    assert result.returncode == 0, result.stderr
    assert "skipped 'Владимир Путин' → 'Vladimir Poutine'" in result.stdout and "fuzzy" in result.stdout
    assert glossary_copy.read_bytes() == before


def test_a_cell_a_spreadsheet_would_run_is_named_by_check_and_export(tmp_path):
    formula = '"=HYPERLINK(\\"http://example.invalid\\",\\"x\\")"'
    glossary = write_glossary(tmp_path, f"  - source: Ссылка\n    target: {formula}\n    kind: term\n")
    check = run_glossa("glossary", "check", str(glossary))
    assert f"{glossary}:5: warning: target" in check.stdout and "formula" in check.stdout
    out = tmp_path / "g.csv"
    result = run_glossa("glossary", "export", str(glossary), "-f", "csv", "-o", str(out))
    assert result.returncode == 0 and "may run it as a formula" in result.stderr
    assert out.read_text(encoding="utf-8").startswith('Ссылка,"=HYPERLINK(')   # the data, unaltered
