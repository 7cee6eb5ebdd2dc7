"""Forbidden renderings: replaced where the term stands, flagged wherever else they are left,
refused where the glossary would contradict itself, carried through PO and the CLI."""

from __future__ import annotations

import json
import re

import polib

from glossa.engine.translator import Translator
from glossa.glossary.loading import load
from glossa.glossary.model import Glossary, Term
from glossa.pipeline import enforce_lines, translate
from tests.conftest import assert_one_line_error, run_glossa, write_glossary

ENTRIES = """\
  - source: Киев
    target: Kyiv
    kind: place
    forbidden: [Kiev]
  - source: Беларусь
    target: Belarus
    kind: place
    forbidden: [Byelorussia, White Russia]
"""
SOURCE = "Делегация прибыла в Киев.\nМинск — столица Беларуси.\nВстреча прошла в Минске.\n"
MT = "The delegation arrived in Kiev.\nMinsk is the capital of Byelorussia.\nThe meeting was in Minsk, not in Kiev.\n"


def files(tmp_path):
    src, mt = tmp_path / "src.ru", tmp_path / "mt.en"
    src.write_text(SOURCE, encoding="utf-8")
    mt.write_text(MT, encoding="utf-8")
    return str(src), str(mt), str(write_glossary(tmp_path, ENTRIES))


def test_a_forbidden_rendering_where_the_term_stands_is_replaced_and_one_left_elsewhere_flagged(tmp_path):
    src, mt, glossary = files(tmp_path)
    result = run_glossa("enforce", "--source", src, "--mt", mt, "-g", glossary, "--format", "json")
    assert result.returncode == 0, result.stderr
    segments = json.loads(result.stdout)["segments"]
    assert [s["final"] for s in segments] == ["The delegation arrived in Kyiv.", "Minsk is the capital of Belarus.",
                                              "The meeting was in Minsk, not in Kiev."]
    assert [(d["action"], d["method"]) for s in segments[:2] for d in s["decisions"]] == \
        [("replaced", "forbidden"), ("replaced", "forbidden")]
    (left,) = segments[2]["decisions"]
    assert (left["action"], left["method"], left["source_span"]) == ("flagged", "forbidden", None)
    assert segments[2]["final"][slice(*left["final_span"])] == "Kiev" and "forbidden rendering" in left["why"]


def test_strict_and_report_only_report_forbidden_renderings(tmp_path):
    src, mt, glossary = files(tmp_path)
    strict = run_glossa("enforce", "--source", src, "--mt", mt, "-g", glossary, "--strict")
    assert strict.returncode == 1
    assert "line 3: Киев → Kyiv: flagged ('Kiev' is a forbidden rendering of 'Kyiv')" in strict.stderr
    report = run_glossa("enforce", "--source", src, "--mt", mt, "-g", glossary, "--report-only", "--format", "json")
    data = json.loads(report.stdout)
    assert [s["final"] for s in data["segments"]] == MT.splitlines()
    assert (data["summary"]["would_replace"], data["summary"]["flagged"]) == (2, 1)


def test_the_review_of_a_saved_result_shows_a_flag_with_no_source_occurrence(tmp_path):
    src, mt, glossary = files(tmp_path)
    saved = tmp_path / "result.json"
    assert run_glossa("enforce", "--source", src, "--mt", mt, "-g", glossary, "--format", "json",
                      "-o", str(saved)).returncode == 0
    review = run_glossa("review", str(saved))
    assert review.returncode == 0, review.stderr
    assert "not in Kiev⟨flagged: forbidden → Kyiv;" in review.stdout


def test_forbidden_renderings_are_flagged_in_a_translation(tiny_ru_en):
    """The tiny model's weights are random: a word of its own output is made forbidden, so
    the translation holds one whatever the CPU made of the weights."""
    translator = Translator(tiny_ru_en)
    source = "Встреча прошла в Минске."
    raw = translator.translate([source])[0].text
    word = max(re.findall(r"[^\W\d_]{3,}", raw), key=len)
    glossary = Glossary("ru", "en", (Term("Киев", "Kyiv", "place", forbidden=(word,)),))
    segment = next(translate(source, glossary, translator)).segment
    assert segment.final == raw
    assert {(d.action, d.method, d.source_span) for d in segment.decisions} == {("flagged", "forbidden", None)}
    assert all(segment.final[slice(*d.final_span)].lower() == word.lower() for d in segment.decisions)


def test_one_occurrence_flagged_by_attention_is_not_flagged_twice():
    from glossa.forbidden import flag_forbidden
    from glossa.records import Decision, SegmentResult

    term = Term("Киев", "Kyiv", "place", forbidden=("Kiev",))
    flagged = Decision(term, "flagged", "attention", (0, 4), (10, 14), (10, 14), why="unsure")
    segment = SegmentResult("Киев", "Visited a Kiev.", "Visited a Kiev.", (flagged,))
    assert flag_forbidden(segment, (term,)) == segment


def test_check_refuses_a_forbidden_rendering_the_glossary_calls_right(tmp_path):
    own = write_glossary(tmp_path, "  - {source: Киев, target: Kyiv, kind: place, forbidden: [Kyiv]}\n", "own.yaml")
    form = write_glossary(tmp_path, "  - {source: Киев, target: Kyiv, kind: place, forms: [Kiev], "
                                    "forbidden: [Kiev]}\n", "form.yaml")
    other = write_glossary(tmp_path, "  - {source: Грузия, target: Georgia, kind: place}\n"
                                     "  - {source: Джорджия, target: Georgia State, kind: place, "
                                     "forbidden: [georgia]}\n", "other.yaml")
    assert "own.yaml:4: error: forbidden rendering 'Kyiv' equals the target" in \
        run_glossa("glossary", "check", str(own)).stdout
    assert "form.yaml:4: error: 'Kiev' is both a form (kept) and forbidden" in \
        run_glossa("glossary", "check", str(form)).stdout
    checked = run_glossa("glossary", "check", str(other))
    assert checked.returncode == 1
    assert f"other.yaml:5: error: conflict: 'Джорджия' forbids 'georgia', which 'Грузия' (place) renders as " \
           f"right at {other}:4" in checked.stdout
    source = tmp_path / "in.ru"
    source.write_text("Грузия.\n", encoding="utf-8")
    assert_one_line_error(run_glossa("enforce", "--source", str(source), "--mt", str(source), "-g", str(other)),
                          "forbids 'georgia'")


def test_forbidden_renderings_travel_through_po_and_the_cli(tmp_path):
    glossary = write_glossary(tmp_path, "  - source: Киев   # the capital\n    target: Kyiv\n    kind: place\n")
    assert run_glossa("glossary", "edit", str(glossary), "Киев", "--add-forbidden", "Kiev").returncode == 0
    assert run_glossa("glossary", "add", str(glossary), "Беларусь", "Belarus", "--kind", "place",
                      "--forbidden", "Byelorussia").returncode == 0
    text = glossary.read_text(encoding="utf-8")
    assert "# the capital" in text and "forbidden: [Kiev]" in text and "forbidden: [Byelorussia]" in text
    po = tmp_path / "g.po"
    assert run_glossa("glossary", "export", str(glossary), "-o", str(po)).returncode == 0
    assert [e.comment for e in polib.pofile(str(po))] == ["forbidden: Kiev", "forbidden: Byelorussia"]
    fresh = write_glossary(tmp_path, "", "fresh.yaml")
    assert run_glossa("glossary", "import", str(po), "--into", str(fresh)).returncode == 0
    assert {t.source: t.forbidden for t in load(str(fresh)).terms} == \
        {"Киев": ("Kiev",), "Беларусь": ("Byelorussia",)}
    refused = run_glossa("glossary", "edit", str(glossary), "Киев", "--add-forbidden", "Kyiv")
    assert_one_line_error(refused, "equals the target")
    assert glossary.read_text(encoding="utf-8").count("forbidden") == 2


def test_enforce_lines_flags_forbidden_renderings_without_the_cli():
    glossary = Glossary("ru", "en", (Term("Киев", "Kyiv", "place", forbidden=("Kiev",)),))
    (placed,) = enforce_lines(["Встреча."], ["Talks in Kiev."], glossary)
    assert [(d.action, d.method) for d in placed.segment.decisions] == [("flagged", "forbidden")]
