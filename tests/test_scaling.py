"""Inputs far larger than a newsroom's, which must cost time in proportion to their size."""

from __future__ import annotations

import time

from glossa.glossary import updates
from glossa.glossary.loading import load
from glossa.glossary.model import Term, normalise
from glossa.glossary.updates import Incoming
from glossa.glossary.yaml_store import new_document, new_entry
from glossa.pipeline import enforce_lines
from tests.conftest import SHIPPED

SOURCE = ("Президент Казахстана Касым-Жомарт Токаев встретился с Дональдом Трампом, а Дмитрий Песков "
          "не увидел ничего необычного. ")
MT = "Kazakh President Kasim-Jomart Tokaeff met Donald Trump, and Dmitrij Peskow saw nothing unusual. "


def test_a_long_line_with_thousands_of_occurrences_is_enforced_in_linear_time():
    """800 sentences on one line (95 KB, 4,000 occurrences kept or replaced): every
    occurrence used to pass over the whole line and every claim before it, which took
    minutes here; it now takes about a second, far inside the bound."""
    repeats = 800
    started = time.perf_counter()
    (placed,) = enforce_lines([SOURCE * repeats], [MT * repeats], load(str(SHIPPED)))
    elapsed = time.perf_counter() - started
    actions = [d.action for d in placed.segment.decisions]
    assert len(actions) == 5 * repeats
    assert actions.count("kept") == 3 * repeats        # Kazakh, President, Donald Trump
    assert actions.count("replaced") == 2 * repeats    # Kasim-Jomart Tokaeff, Dmitrij Peskow
    assert placed.segment.final.count("Dmitry Peskov") == placed.segment.final.count("Kassym-Jomart Tokayev") \
        == repeats
    assert elapsed < 60, f"{elapsed:.1f} s"


def test_importing_thousands_of_rows_looks_each_one_up(monkeypatch):
    """Each incoming row used to be compared with every entry (6,000 rows: three minutes);
    now each entry and each row is normalised a bounded number of times."""
    calls = 0

    def counted(text: str) -> str:
        nonlocal calls
        calls += 1
        return normalise(text)

    monkeypatch.setattr(updates, "normalise", counted)
    size = 2000
    doc = new_document("ru", "en")
    for i in range(size):
        doc["terms"].append(new_entry(Term(f"термин{i}", f"term {i}")))
    incoming = [Incoming(f"термин{i}", f"new term {i}", i + 1) for i in range(size)]
    incoming += [Incoming(f"новый{i}", f"new {i}", size + i + 1) for i in range(size)]
    report = updates.apply(doc, incoming, "g.yaml")
    assert (len(report.changed), len(report.added)) == (size, size)
    assert calls <= 4 * len(incoming)


def test_json_output_is_written_as_segments_are_done(capsys):
    """The JSON result of a long input is streamed like text and JSONL, never held whole."""
    import json

    from glossa.records import Placed, SegmentResult
    from glossa.render.formats import emit

    written: list[str] = []

    def placed():
        for n in range(3):
            if n:
                written.append(capsys.readouterr().out)
                assert f'"line {n - 1}"' in "".join(written), "a segment was held back"
            yield Placed(n, SegmentResult(f"line {n}", f"line {n}", f"line {n}", ()))

    emit(placed(), "json", None)
    written.append(capsys.readouterr().out)
    document = json.loads("".join(written))
    assert [s["source"] for s in document["segments"]] == ["line 0", "line 1", "line 2"]
    assert document["summary"]["terms_matched"] == 0


class CountedLines:
    """Lines that count how many of them have been read."""

    def __init__(self, lines: list[str]) -> None:
        self.lines, self.read = lines, 0

    def __len__(self) -> int:
        return len(self.lines)

    def __iter__(self):
        for line in self.lines:
            self.read += 1
            yield line


def test_enforce_reads_its_input_a_window_at_a_time():
    """A long MT file is enforced as it is read, like translate's input: the first segments
    come out before the rest of the lines are read."""
    from glossa.pipeline import WINDOW

    count = 3 * WINDOW
    source, mt = CountedLines([SOURCE] * count), CountedLines([MT] * count)
    placed = enforce_lines(source, mt, load(str(SHIPPED)))
    first = next(placed)
    assert first.segment.final != MT and source.read <= WINDOW + 1 and mt.read <= WINDOW + 1
    assert len(list(placed)) == count - 1 and source.read == mt.read == count


def test_enforce_memory_does_not_grow_with_the_input(tmp_path, monkeypatch):
    """Measured, not only structured: the peak of Python's allocations while a file eight
    times longer is enforced (read as ``enforce`` reads it, its results let go as they come)
    stays within a fifth of the shorter one's."""
    import tracemalloc

    from glossa import pipeline
    from glossa.io import read_lines

    monkeypatch.setattr(pipeline, "WINDOW", 16)
    glossary = load(str(SHIPPED))

    def peak(count: int) -> int:
        source, mt = tmp_path / f"{count}.ru", tmp_path / f"{count}.en"
        source.write_text(f"Дмитрий Песков заявил: {'ж' * 2000}.\n" * count, encoding="utf-8")
        mt.write_text(f"Dmitrij Peskow said: {'x' * 2000}.\n" * count, encoding="utf-8")
        lines = read_lines(str(source)), read_lines(str(mt))
        tracemalloc.start()
        try:
            replaced = sum(d.action == "replaced" for placed in enforce_lines(*lines, glossary)
                           for d in placed.segment.decisions)
            used = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert replaced == count
        return used

    peak(16)   # the matcher's and the morphology's caches fill on first use
    short, long = peak(64), peak(512)
    assert long < 1.2 * short, (short, long)
