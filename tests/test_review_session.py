"""The review that acts, end to end with scripted answers: accept, reject, take a proposal,
edit and accept-all change exactly the spans they should, and the glossary gains exactly the
forms and variants the reviewer confirmed."""

from __future__ import annotations

import json

from glossa.glossary.loading import load
from tests.conftest import assert_one_line_error, run_glossa, run_glossa_process, write_glossary

GLOSSARY = """\
  # people
  - source: Дмитрий Песков
    target: Dmitry Peskov
    kind: person
    variants: [Dmitrij Peskow]
  - {source: Кремль, target: Kremlin, kind: org, variants: [Kreml]}
"""


def result_file(tmp_path):
    """A saved result: two replacements in one segment (Peskov, Kremlin), a flag with a
    proposal in the next paragraph, and another Kremlin replacement."""
    glossary = write_glossary(tmp_path, GLOSSARY)
    src, mt = tmp_path / "s.ru", tmp_path / "m.en"
    src.write_text("Дмитрий Песков в Кремле.\nКремль молчит.\n", encoding="utf-8")
    mt.write_text("Dmitrij Peskow in the Kreml.\nThe Kreml is silent.\n", encoding="utf-8")
    saved = tmp_path / "result.json"
    assert run_glossa("enforce", "--source", str(src), "--mt", str(mt), "-g", str(glossary), "--format", "json",
                      "-o", str(saved)).returncode == 0
    data = json.loads(saved.read_text(encoding="utf-8"))
    data["segments"].append({"paragraph": 2, "source": "Песков молчит.", "mt": "Peskoff is silent.",
                             "final": "Peskoff is silent.", "decisions": [{
                                 "term": {"source": "Дмитрий Песков", "target": "Dmitry Peskov", "kind": "person"},
                                 "action": "flagged", "method": "transliteration", "source_span": [0, 6],
                                 "mt_span": [0, 7], "final_span": [0, 7], "form": None,
                                 "why": "spelling only 83% similar", "proposal": {"span": [0, 7], "text": "Peskov"}}]})
    saved.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return saved, glossary


def review(tmp_path, answers: str, *options: str):
    saved, glossary = result_file(tmp_path)
    keys = tmp_path / "keys.txt"
    keys.write_text(answers, encoding="utf-8")
    out = tmp_path / "out.txt"
    result = run_glossa("review", str(saved), "--interactive", "--keys", str(keys), "-o", str(out), *options)
    assert result.returncode == 0, result.stderr
    return out.read_text(encoding="utf-8").splitlines(), glossary, result


def test_reject_restores_the_mt_words_and_moves_the_later_span(tmp_path):
    lines, _, result = review(tmp_path, "n\ny\ny\ns\n")
    assert lines == ["Dmitrij Peskow in the Kremlin.", "The Kremlin is silent.", "Peskoff is silent."]
    assert "1 rejected, 2 accepted, 1 skipped" in result.stderr
    assert "give --teach G.yaml" in result.stderr


def test_an_edit_writes_the_typed_words_over_the_span(tmp_path):
    lines, _, _ = review(tmp_path, "y\ne\nKremlin Palace\nq\n")
    assert lines == ["Dmitry Peskov in the Kremlin Palace.", "The Kremlin is silent.", "Peskoff is silent."]


def test_accept_all_of_a_term_asks_no_more_of_it_and_quit_keeps_the_rest(tmp_path):
    lines, _, result = review(tmp_path, "y\na\n")   # Peskov, Kremlin (all), then the flag: no answers → quit
    assert lines == ["Dmitry Peskov in the Kremlin.", "The Kremlin is silent.", "Peskoff is silent."]
    assert "(no more answers: quit)" in result.stderr
    assert result.stderr.count("Keep this replacement") == 2


def test_taken_proposal_and_rejection_teach_the_glossary_what_was_confirmed(tmp_path):
    saved, glossary = result_file(tmp_path)
    before = glossary.read_text(encoding="utf-8")
    keys = tmp_path / "keys.txt"
    # reject Peskov (→ a form), accept both Kremlins, take the proposal (→ a variant); confirm
    # the form, refuse the variant
    keys.write_text("n\ny\ny\np\ny\nn\n", encoding="utf-8")
    out = tmp_path / "out.json"
    result = run_glossa("review", str(saved), "-i", "--keys", str(keys), "-o", str(out), "--teach", str(glossary))
    assert result.returncode == 0, result.stderr
    terms = {t.source: t for t in load(str(glossary)).terms}
    # the kept variant is a form now; the refused variant was not added
    assert (terms["Дмитрий Песков"].forms, terms["Дмитрий Песков"].variants) == (("Dmitrij Peskow",), ())
    assert "# people" in glossary.read_text(encoding="utf-8") and before != glossary.read_text(encoding="utf-8")
    segments = json.loads(out.read_text(encoding="utf-8"))["segments"]
    assert [s["final"] for s in segments] == ["Dmitrij Peskow in the Kremlin.", "The Kremlin is silent.",
                                              "Peskov is silent."]
    assert segments[2]["decisions"][0]["action"] == "replaced" and segments[2]["decisions"][0]["method"] == "review"


def test_without_a_terminal_or_answers_the_review_refuses_in_one_line(tmp_path):
    saved, _ = result_file(tmp_path)
    assert_one_line_error(run_glossa("review", str(saved), "--interactive"), "needs a terminal")


def test_answers_piped_on_stdin_drive_the_review(tmp_path):
    saved, _ = result_file(tmp_path)
    out = tmp_path / "out.txt"
    result = run_glossa_process("review", str(saved), "--interactive", "-o", str(out), stdin="y\ny\ny\np\n")
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8").splitlines()[2] == "Peskov is silent."


def test_rejecting_a_whole_sentence_change_after_an_edit_in_it_is_refused(tmp_path):
    from glossa.glossary.model import Term
    from glossa.records import Decision, SegmentResult
    from glossa.review_session import run

    peskov, kremlin = Term("Песков", "Peskov", "person"), Term("Кремль", "Kremlin", "org")
    segment = SegmentResult("Песков в Кремле.", "Peskow in the Kreml.", "Peskov in the Kremlin.", (
        Decision(peskov, "replaced", "variant", (0, 6), (0, 6), (0, 6)),
        Decision(kremlin, "forced", "source", (9, 15), None, (14, 21))))
    answers = iter(["e", "Mr Peskov", "n", "q"])
    shown: list[str] = []
    session = run([segment], lambda question, allowed: next(answers), shown.append)
    assert session.segments[0].final == "Mr Peskov in the Kremlin."
    assert any("would undo them" in line for line in shown)


def test_review_without_output_writes_the_text_to_stdout_and_reads_back_a_settled_forbidden_flag(tmp_path):
    saved, _ = result_file(tmp_path)
    keys = tmp_path / "keys.txt"
    keys.write_text("y\ny\ny\ns\n", encoding="utf-8")
    result = run_glossa("review", str(saved), "-i", "--keys", str(keys))
    assert result.stdout.splitlines() == ["Dmitry Peskov in the Kremlin.", "The Kremlin is silent.",
                                          "Peskoff is silent."]


def test_translate_review_interactive_writes_the_text_as_settled(tiny_ru_en, tmp_path):
    from tests.conftest import SHIPPED

    source, keys, out = tmp_path / "in.txt", tmp_path / "keys.txt", tmp_path / "out.txt"
    source.write_text("Кремль молчит.\n", encoding="utf-8")
    keys.write_text("e\nKremlin\nq\n", encoding="utf-8")
    result = run_glossa("translate", str(source), "-g", str(SHIPPED), "--review", "-i", "--keys", str(keys),
                        "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "Kremlin" in out.read_text(encoding="utf-8") and "1 edited" in result.stderr
    assert_one_line_error(run_glossa("translate", str(source), "-g", str(SHIPPED), "-i"), "goes with --review")
