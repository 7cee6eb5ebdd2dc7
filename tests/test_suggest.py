"""glossa.match.suggest: what English news prints, the right kind, and nothing that is no name."""

from __future__ import annotations

import json

from glossa.glossary.model import Glossary
from glossa.match.suggest import suggest
from tests.conftest import SEED, run_glossa


def proposals(text: str) -> dict[str, tuple[str, str]]:
    return {c.source: (c.target, c.kind) for c in suggest(text, Glossary("ru", "en"))}


def test_countries_and_cities_take_their_english_names_in_any_case():
    found = proposals(SEED.read_text(encoding="utf-8") + "\nВ США и Соединенных Штатах Америки говорят о ЕС.\n")
    assert found["Россия"] == ("Russia", "place")
    assert found["Соединенные Штаты"] == ("United States", "place")
    assert found["Соединённые Штаты Америки"] == ("United States", "place")
    assert found["США"] == ("United States", "place")
    assert found["РФ"] == ("Russia", "place")
    assert found["ЕС"] == ("European Union", "org")
    assert found["Москва"] == ("Moscow", "place")
    assert found["Анкоридж"] == ("Anchorage", "place")
    assert found["Вашингтон"] == ("Washington", "place")


def test_a_persons_name_is_not_taken_for_a_city():
    assert proposals("Встреча с Владимиром Путиным.")["Владимир Путин"] == ("Vladimir Putin", "person")


def test_words_that_are_no_names_leave_the_target_to_fill():
    found = proposals(SEED.read_text(encoding="utf-8"))
    assert found["Кремль"] == ("", "place")
    assert found["Белый дом"] == ("", "org") and "Белый" not in found


def test_abbreviations_without_a_known_expansion_leave_the_target_to_fill():
    found = proposals("Об этом сообщили в ФСБ и в Reuters, но ВШЭ молчит.")
    assert found["ФСБ"] == ("", "org") and found["ВШЭ"] == ("", "org")
    assert found["Reuters"] == ("Reuters", "org")


def test_words_in_capitals_and_ordinary_words_opening_a_sentence_are_no_names():
    found = proposals("Так НЕЛЬЗЯ. Однако Президента РФ не было. Эстонские ученые молчат.")
    assert set(found) == {"РФ"}


def test_surnames_like_plurals_stay_in_the_nominative():
    found = proposals("Замглавы МИД России Сергей Рябков и Юрий Трутнев, жюри Премии Андрей Геласимов. "
                      "Выступил Сергей НОСОВ.")
    assert found["Сергей Рябков"] == ("Sergey Ryabkov", "person")
    assert found["Юрий Трутнев"] == ("Yury Trutnev", "person")
    assert found["Андрей Геласимов"] == ("Andrey Gelasimov", "person")
    assert found["Сергей Носов"] == ("Sergey Nosov", "person")
    assert found["МИД"] == ("", "org")


def test_straight_quotes_mark_names_too():
    assert proposals('В интервью "Известиям" и «Аурусе».')["«Известия»"][1] == "product"


def test_suggest_into_writes_an_unknown_abbreviation_with_its_target_to_fill(tmp_path):
    glossary = tmp_path / "g.yaml"
    glossary.write_text("source_lang: ru\ntarget_lang: en\nterms: []\n", encoding="utf-8")
    result = run_glossa("glossary", "suggest", "-", "--into", str(glossary), stdin="Об этом сообщили в ФСБ.")
    assert result.returncode == 0, result.stderr
    assert "  - source: ФСБ\n    target: ''\n    kind: org\n    status: proposed\n" in glossary.read_text()


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
