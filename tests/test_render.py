"""The output-format registry: every format writes what it is handed and counts it, the
streaming ones segment by segment, and the CLI offers exactly the registry's formats."""

from __future__ import annotations

import io
import json

import pytest

from glossa.glossary.model import Term
from glossa.records import Decision, Placed, SegmentResult, Tally, from_json
from glossa.render.formats import FORMATS, emit
from tests.conftest import run_glossa

MOSCOW = Term("Москва", "Moscow", "place")
PLACED = [
    Placed(0, SegmentResult("Москва.", "Moskva.", "Moscow.",
                            (Decision(MOSCOW, "replaced", "variant", (0, 6), (0, 6), (0, 6)),))),
    Placed(0, SegmentResult("Всё.", "That is all.", "That is all.", ())),
    Placed(1, SegmentResult("", "", "", ())),
    Placed(2, SegmentResult("Москва?", "Where?", "Where?",
                            (Decision(MOSCOW, "flagged", "attention", (0, 6), (0, 5), (0, 5), why="unsure"),))),
]


@pytest.mark.parametrize("fmt", FORMATS.values(), ids=FORMATS.keys())
def test_every_format_writes_the_final_text_and_counts_every_decision(fmt):
    out, tally = io.StringIO(), Tally()
    fmt.write(iter(PLACED), out, tally)
    assert "That is all." in out.getvalue() and "Where" in out.getvalue()   # both final texts
    assert tally.summary()["terms_matched"] == 2 and tally.counts["flagged"] == 1
    assert tally.open[0][0] == "line 3"   # the flagged occurrence, on its 1-based input line


@pytest.mark.parametrize("fmt", [f for f in FORMATS.values() if f.streams], ids=lambda f: f.name)
def test_a_streaming_format_writes_each_paragraph_once_the_next_has_begun(fmt):
    out = io.StringIO()

    def placed():
        for n, item in enumerate(PLACED):
            if n:
                begun = PLACED[n - 1].paragraph
                done = [p.segment.final for p in PLACED if p.paragraph < begun and p.segment.final]
                assert all(final in out.getvalue() for final in done), "a paragraph was held back"
            yield item

    fmt.write(placed(), out, Tally())


def test_the_json_format_is_the_contract_review_reads_back(tmp_path):
    path = tmp_path / "result.json"
    emit(iter(PLACED), "json", str(path))
    document = json.loads(path.read_text(encoding="utf-8"))
    assert from_json(document) == [p.segment for p in PLACED]
    assert document["summary"]["replaced"] == 1 and document["summary"]["flagged"] == 1


def test_a_review_is_handed_every_segment_and_never_written_into_the_output(tmp_path):
    reviewed: list[SegmentResult] = []
    path = tmp_path / "out.txt"
    emit(iter(PLACED), "text", str(path), review=reviewed.extend)
    assert reviewed == [p.segment for p in PLACED]
    assert path.read_text(encoding="utf-8") == "Moscow. That is all.\n\nWhere?\n"


def test_the_cli_offers_exactly_the_registrys_formats():
    for command in ("translate", "enforce"):
        help_text = run_glossa(command, "-h").stdout
        assert "|".join(FORMATS) in help_text, command
    refused = run_glossa("enforce", "--source", "a", "--mt", "b", "--format", "docx")
    assert refused.returncode == 2 and "docx" in refused.stderr


def test_a_tally_keeps_the_first_open_occurrences_and_counts_the_rest():
    """A long input's tally holds the few occurrences --strict names, never all of them."""
    from glossa.records import OPEN_KEPT

    tally = Tally()
    flagged = PLACED[3]
    for n in range(OPEN_KEPT * 50):
        tally.add(Placed(n, flagged.segment))
    assert len(tally.open) == OPEN_KEPT and tally.open[0][0] == "line 1"
    assert tally.open_total == OPEN_KEPT * 50 == tally.counts["flagged"]
