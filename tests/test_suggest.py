"""glossa glossary suggest: what English news prints, the right kind, and nothing that is no name."""

from __future__ import annotations

import json

from tests.conftest import run_glossa


def test_a_proposal_with_a_target_to_fill_is_checked_exported_and_not_enforced(tmp_path):
    glossary = tmp_path / "g.yaml"
    glossary.write_text("source_lang: ru\ntarget_lang: en\nterms:\n  - source: ФСБ\n    target: ''\n"
                        "    kind: org\n    status: proposed\n", encoding="utf-8")
    check = run_glossa("glossary", "check", str(glossary))
    assert check.returncode == 0, check.stdout
    assert "proposed entry 'ФСБ' not yet reviewed, its target is to fill" in check.stdout
    exported = run_glossa("glossary", "export", str(glossary), "--format", "po")
    assert exported.returncode == 0, exported.stderr
    assert '#, fuzzy\nmsgctxt "org"\nmsgid "ФСБ"\nmsgstr ""' in exported.stdout
    (tmp_path / "src.txt").write_text("Об этом сообщили в ФСБ.\n", encoding="utf-8")
    (tmp_path / "mt.txt").write_text("The FSB said so.\n", encoding="utf-8")
    enforced = run_glossa("enforce", "--source", str(tmp_path / "src.txt"), "--mt", str(tmp_path / "mt.txt"),
                          "-g", str(glossary), "--format", "json")
    assert enforced.returncode == 0, enforced.stderr
    assert json.loads(enforced.stdout)["segments"][0]["decisions"] == []  # not "kept" at an empty span
    reviewed = run_glossa("glossary", "edit", str(glossary), "ФСБ", "--reviewed")
    assert reviewed.returncode == 2 and "target is empty" in reviewed.stderr
    plain = tmp_path / "plain.yaml"
    plain.write_text("source_lang: ru\ntarget_lang: en\nterms:\n  - source: ФСБ\n    target: ''\n"
                     "    kind: org\n", encoding="utf-8")
    assert "error: target is empty" in run_glossa("glossary", "check", str(plain)).stdout
