"""glossary check problems, and bad input refused with one line and exit code 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import RU_EN as HEAD
from tests.conftest import SHIPPED, assert_one_line_error, run_glossa
from tests.conftest import write_glossary as write


def check(*paths: Path):
    return run_glossa("glossary", "check", *map(str, paths))


@pytest.mark.parametrize("body,line,fragment", [
    ("  - source: Москва\n    target: Moscow\n", 4, "entry lacks required field 'kind'"),
    ("  - source: Москва\n    target: Moscow\n    kind: city\n", 6, "kind 'city' is not one of"),
    ("  - source: Москва\n    target: Moscow\n    kind: place\n    colour: red\n", 7, "unknown field 'colour'"),
    ("  - source: Москва\n    target: 42\n    kind: place\n", 5, "target must be a string, got a number"),
    ("  - source: Москва\n    target: ' '\n    kind: place\n", 5, "target is empty"),
    ("  - source: Москва\n    target: 'Moscow '\n    kind: place\n", 5,
     "target 'Moscow ' has leading or trailing whitespace"),
    ("  - source: Москва\n    target: Moscow\n    kind: place\n    variants: [Moscow]\n", 7,
     "variant 'Moscow' equals the target"),
    ("  - source: Москва\n    target: Moscow\n    kind: place\n    variants: Moskva\n", 7,
     "variants must be a list"),
    ("  - source: Москва\n    target: Moscow\n    kind: place\n    case_sensitive: yes please\n", 7,
     "case_sensitive must be true or false"),
    ("  - source: Москва\n    target: Moscow\n    kind: place\n  - source: москва\n    target: Moskva\n"
     "    kind: place\n", 7, "duplicate entry 'москва' (place), first at line 4"),
    ("  - just a string\n", 4, "an entry must be a mapping"),
    ("  - source: «»\n    target: Aurus\n    kind: product\n", 4, "source '«»' has no letters or digits"),
])
def test_check_reports_each_problem_at_its_line(tmp_path, body, line, fragment):
    path = write(tmp_path, body)
    result = check(path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{path}:{line}: error: {fragment}" in result.stdout


def test_check_reports_unknown_and_missing_top_keys(tmp_path):
    path = write(tmp_path, "terms: []\nlanguage: ru\n", head="")
    out = check(path).stdout
    assert f"{path}:2: error: unknown key 'language'" in out
    assert f"{path}:1: error: missing source_lang" in out


def test_check_reports_language_mismatch_between_files(tmp_path):
    a = write(tmp_path, "  - source: Москва\n    target: Moscow\n    kind: place\n", "a.yaml")
    b = write(tmp_path, "  - source: Київ\n    target: Kyiv\n    kind: place\n", "b.yaml",
              head="source_lang: uk\ntarget_lang: en\nterms:\n")
    result = check(a, b)
    assert result.returncode == 1 and "language pair uk→en differs from ru→en" in result.stdout


def test_check_reports_conflicts_between_files(tmp_path):
    a = write(tmp_path, "  - source: Москва\n    target: Moscow\n    kind: place\n", "a.yaml")
    b = write(tmp_path, "  - source: Москва\n    target: Moskva\n    kind: place\n", "b.yaml")
    result = check(tmp_path)
    assert result.returncode == 1
    assert f"{b}:4: error: conflict: 'Москва' (place) → 'Moskva' here but → 'Moscow' at {a}:4" in result.stdout


def test_check_lists_proposed_entries_as_warnings(tmp_path):
    path = write(tmp_path, "  - source: Алматы\n    target: Almaty\n    kind: place\n    status: proposed\n")
    result = check(path)
    assert result.returncode == 0
    assert f"{path}:4: warning: proposed entry 'Алматы' not yet reviewed" in result.stdout


# --- bad input: one line, exit 2, nothing changed

def test_malformed_yaml_names_line_and_column(tmp_path):
    path = write(tmp_path, "  - source: Москва\n    target: [Moscow\n    kind: place\n")
    assert_one_line_error(run_glossa("glossary", "list", str(path)), f"{path}:")
    result = run_glossa("glossary", "list", str(path))
    assert result.stderr.split(":")[2].isdigit() and result.stderr.split(":")[3].isdigit()


def test_duplicate_key_is_refused(tmp_path):
    path = write(tmp_path, "  - source: Москва\n    target: Moscow\n    target: Moskva\n    kind: place\n")
    assert_one_line_error(run_glossa("glossary", "list", str(path)), f"{path}:6:", "duplicate key")


def test_wrong_type_is_refused_where_a_glossary_is_used(tmp_path):
    path = write(tmp_path, "  - source: Москва\n    target: 42\n    kind: place\n")
    assert_one_line_error(run_glossa("glossary", "export", str(path)), f"{path}:5:", "must be a string")


def test_non_utf8_glossary_is_refused(tmp_path):
    path = tmp_path / "g.yaml"
    path.write_bytes((HEAD + "  - source: Москва\n    target: Moscow\n    kind: place\n").encode("cp1251"))
    assert_one_line_error(run_glossa("glossary", "list", str(path)), f"{path}:4:", "not valid UTF-8")


def test_missing_file_is_refused():
    assert_one_line_error(run_glossa("glossary", "list", "nowhere.yaml"), "nowhere.yaml", "no such file")


def test_po_syntax_error_is_refused_and_nothing_changes(glossary_copy, tmp_path):
    po = tmp_path / "bad.po"
    po.write_text('msgid ""\nmsgstr ""\n"Language: en\\n"\n\nmsgid "Москва"\nmsgstr "Moscow"\nmsgid\n')
    before = glossary_copy.read_bytes()
    result = run_glossa("glossary", "import", str(po), "--into", str(glossary_copy))
    assert_one_line_error(result, str(po), "syntax error")
    assert glossary_copy.read_bytes() == before


def test_missing_po_file_is_refused(glossary_copy):
    assert_one_line_error(run_glossa("glossary", "import", "missing.po", "--into", str(glossary_copy)),
                          "missing.po", "no such file")


def test_import_into_broken_glossary_changes_nothing(tmp_path):
    target = write(tmp_path, "  - source: [broken\n")
    before = target.read_bytes()
    po = tmp_path / "g.po"
    po.write_text(run_glossa("glossary", "export", str(SHIPPED)).stdout)
    assert_one_line_error(run_glossa("glossary", "import", str(po), "--into", str(target)), str(target))
    assert target.read_bytes() == before


def test_csv_with_wrong_columns_names_the_line(glossary_copy, tmp_path):
    csv_file = tmp_path / "g.csv"
    csv_file.write_text("Москва,Moscow\nКурск\n")
    assert_one_line_error(run_glossa("glossary", "import", str(csv_file), "--into", str(glossary_copy)),
                          f"{csv_file}:2:", "expected 2 columns")


def test_edit_that_would_break_the_file_is_refused(glossary_copy):
    before = glossary_copy.read_bytes()
    result = run_glossa("glossary", "edit", str(glossary_copy), "Москва", "--new-kind", "city")
    assert_one_line_error(result, str(glossary_copy), "change refused")
    assert glossary_copy.read_bytes() == before


def test_po_import_into_a_new_file_is_checked_like_any_change(tmp_path):
    po = tmp_path / "bad.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: en\\n"\n\n'
                  'msgctxt "city"\nmsgid "Москва"\nmsgstr "Moscow"\n', encoding="utf-8")
    target = tmp_path / "new.yaml"
    result = run_glossa("glossary", "import", str(po), "--into", str(target), "--from", "ru", "--to", "en")
    assert_one_line_error(result, "change refused", "kind 'city'")
    assert not target.exists()


def test_a_po_naming_no_source_language_starts_a_glossary_only_with_from_and_to(tmp_path):
    """The pair comes from the file where it says it, else from --from/--to: never assumed."""
    po = tmp_path / "g.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: en\\n"\n\n'
                  'msgctxt "place"\nmsgid "Москва"\nmsgstr "Moscow"\n', encoding="utf-8")
    target = tmp_path / "new.yaml"
    assert_one_line_error(run_glossa("glossary", "import", str(po), "--into", str(target)), "--from and --to")
    assert not target.exists()
    result = run_glossa("glossary", "import", str(po), "--into", str(target), "--from", "ru", "--to", "en")
    assert result.returncode == 0, result.stderr
    assert "source_lang: ru\ntarget_lang: en\n" in target.read_text(encoding="utf-8")


def test_check_reports_schema_errors_and_conflicts_in_one_pass(tmp_path):
    a = write(tmp_path, "  - source: Москва\n    target: Moscow\n    kind: place\n", "a.yaml")
    b = write(tmp_path, "  - source: Москва\n    target: Moskva\n    kind: place\n"
                        "  - source: Курск\n    target: Kursk\n    kind: city\n", "b.yaml")
    out = check(a, b).stdout
    assert f"{b}:9: error: kind 'city' is not one of" in out
    assert f"{b}:4: error: conflict: 'Москва' (place) → 'Moskva' here but → 'Moscow' at {a}:4" in out


def test_check_does_not_report_a_duplicate_within_a_file_twice(tmp_path):
    path = write(tmp_path, "  - source: Москва\n    target: Moscow\n    kind: place\n"
                           "  - source: Москва\n    target: Moskva\n    kind: place\n    colour: red\n")
    out = check(path).stdout
    assert f"{path}:7: error: duplicate entry" in out and "conflict" not in out


@pytest.mark.parametrize("source,inflected", [
    ("министр иностранных дел", None),
    ("посол России в США", None),
    ("пресс-секретарь президента", None),
    ("Белый дом", None),
    ("министра иностранных дел", "министра"),
    ("Белого дома", "Белого"),
    ("генерального секретаря ООН", "генерального, секретаря"),
    ("Кремля", "Кремля"),
])
def test_dictionary_form_warning_looks_at_the_head_only(tmp_path, source, inflected):
    path = write(tmp_path, f"  - source: {source}\n    target: x\n    kind: title\n")
    result = check(path)
    assert result.returncode == 0, result.stdout
    warnings = [line for line in result.stdout.splitlines() if "dictionary form" in line]
    if inflected is None:
        assert warnings == []
    else:
        assert len(warnings) == 1 and f"({inflected} has no nominative reading)" in warnings[0]


def test_list_refuses_an_unknown_kind():
    result = run_glossa("glossary", "list", str(SHIPPED), "--kind", "persn")
    assert_one_line_error(result, "'persn'", "person, place, org, title, product, term")
    assert run_glossa("glossary", "list", str(SHIPPED), "--kind", "person").returncode == 0


# --- hostile glossary files

def test_deeply_nested_yaml_is_one_line(tmp_path):
    deep = tmp_path / "deep.yaml"
    deep.write_text("a: " + "[" * 20000 + "\n", encoding="utf-8")
    assert_one_line_error(run_glossa("glossary", "list", str(deep)), "deep.yaml", "nested too deeply")
    result = check(deep)
    assert result.returncode == 2 and "nested too deeply" in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("device", ["/dev/zero", "fifo"])
def test_a_glossary_that_is_not_a_regular_file_is_refused_unread(tmp_path, device):
    import os

    if device == "fifo":
        device = str(tmp_path / "g.yaml")
        os.mkfifo(device)    # opening it would wait forever for a writer
    assert_one_line_error(run_glossa("glossary", "list", device), device, "not a regular file")


def test_an_oversized_glossary_is_refused(tmp_path):
    big = tmp_path / "big.yaml"
    with big.open("w", encoding="utf-8") as fh:
        fh.write(HEAD)
        fh.write("# " + "x" * (64 << 20) + "\n")
    assert_one_line_error(run_glossa("glossary", "list", str(big)), "big.yaml", "64 MB limit")


HOSTILE = ("  - source: Песков\n    target: \"Peskov [/red] \\e]0;pwned\\a\"\n    kind: person\n"
           "    variants: [\"Pes\\x1bkov\"]\n")


def test_control_characters_are_errors(tmp_path):
    result = check(write(tmp_path, HOSTILE))
    assert result.returncode == 1, result.stdout
    lines = result.stdout.splitlines()
    assert any(":5: error: target" in line and "control character" in line for line in lines), lines
    assert any(":7: error: variant" in line and "control character" in line for line in lines), lines


def test_control_characters_in_notes_are_errors_but_line_breaks_are_not(tmp_path):
    entries = ('  - source: Песков\n    target: Peskov\n    kind: person\n    note: "red \\e[31m alert"\n'
               '  - source: Путин\n    target: Putin\n    kind: person\n    note: |\n      one line\n'
               '      \tanother\n')
    result = check(write(tmp_path, entries))
    flagged = [line for line in result.stdout.splitlines() if "control character" in line]
    assert len(flagged) == 1 and ":7: error: note" in flagged[0], result.stdout


def test_glossary_add_refuses_a_line_break_in_a_term(glossary_copy):
    before = glossary_copy.read_bytes()
    result = run_glossa("glossary", "add", str(glossary_copy), "Мед\nведев", "Medvedev", "--kind", "person")
    assert_one_line_error(result, str(glossary_copy), "control character")
    assert glossary_copy.read_bytes() == before


@pytest.mark.parametrize(("rows", "line", "fragment"), [
    ('"Мед\nведев",Medvedev\n', 3, "control character"),   # the line the row ends on
    ("Путин,Putin\nПутин,Poutine\n", 3, "given twice"),
], ids=["line-break-in-a-cell", "same-source-twice"])
def test_a_table_import_refuses_a_bad_row_naming_its_line(glossary_copy, tmp_path, rows, line, fragment):
    table = tmp_path / "terms.csv"
    table.write_text("source,target\n" + rows, encoding="utf-8")
    before = glossary_copy.read_bytes()
    result = run_glossa("glossary", "import", str(table), "--into", str(glossary_copy))
    assert_one_line_error(result, f"{table}:{line}", fragment)
    assert glossary_copy.read_bytes() == before


@pytest.mark.parametrize("command", [("glossary", "list"), ("glossary", "stats")])
def test_glossary_strings_reach_the_terminal_escaped(tmp_path, command):
    """Markup in a term or a file name is shown as written; a glossary with a terminal escape
    in a term is refused, and the refusal shows the escape as text."""
    markup = "  - source: Песков\n    target: \"Peskov [/red] [bold]x\"\n    kind: person\n"
    path = write(tmp_path, markup, name="[bold]g.yaml")
    result = run_glossa(*command, str(path))
    assert result.returncode == 0, result.stderr
    if command[1] == "list":
        assert "Peskov [/red] [bold]x" in result.stdout
    else:
        assert "[bold]g.yaml" in result.stdout.replace("\n", "")   # the title may wrap
    refused = run_glossa(*command, str(write(tmp_path, HOSTILE, name="hostile.yaml")))
    assert_one_line_error(refused, "control character")
    assert "\x1b" not in refused.stderr and "\x07" not in refused.stderr


def test_glossary_list_without_a_glossary_is_an_error(tmp_path):
    assert_one_line_error(run_glossa("glossary", "list", cwd=tmp_path), "no glossary found",
                          str(tmp_path / "glossaries"))


def test_nesting_deeper_than_any_glossary_is_refused_before_parsing():
    """Brackets nested past the limit are refused at once (ruamel.yaml would take seconds);
    brackets inside quoted scalars and comments do not count."""
    from glossa.errors import GlossaError
    from glossa.glossary.yaml_store import MAX_FLOW_DEPTH, flow_depth, parse_text

    assert flow_depth("a: [[1], {b: [2]}]\nnote: '[[[[' # [[[[\n") == 3
    with pytest.raises(GlossaError, match="nested too deeply"):
        parse_text("a: " + "[" * (MAX_FLOW_DEPTH + 1), "deep.yaml")
    many = "terms:\n" + "".join(f"  - {{source: a{i}, target: b, variants: [c]}}\n" for i in range(300))
    assert flow_depth(many) == 2 and parse_text(many, "flat.yaml")["terms"][299]["source"] == "a299"
