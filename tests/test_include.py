"""Shared glossaries: a glossary includes others (a house glossary, a folder of names), each
loaded once, conflicts named with both files and lines, every command seeing the same terms."""

from __future__ import annotations

import json

from glossa.glossary.loading import glossary_files, load_all
from tests.conftest import RU_EN, assert_one_line_error, run_glossa

HOUSE = RU_EN + "  - {source: Кремль, target: Kremlin, kind: org}\n  - {source: Москва, target: Moscow, kind: place}\n"


def team(tmp_path, project: str, house: str = HOUSE):
    (tmp_path / "house").mkdir()
    (tmp_path / "house" / "ru-en.house.yaml").write_text(house, encoding="utf-8")
    (tmp_path / "project").mkdir()
    path = tmp_path / "project" / "ru-en.project.yaml"
    path.write_text(project, encoding="utf-8")
    return path


def test_an_included_glossary_is_used_with_the_including_one(tmp_path):
    project = team(tmp_path, "source_lang: ru\ntarget_lang: en\ninclude: [../house/]\nterms:\n"
                             "  - {source: Песков, target: Peskov, kind: person, variants: [Peskow]}\n")
    glossary = load_all([str(project)])
    assert [t.source for t in glossary.terms] == ["Кремль", "Москва", "Песков"]
    src, mt = tmp_path / "s.ru", tmp_path / "m.en"
    src.write_text("Песков в Кремле.\n", encoding="utf-8")
    mt.write_text("Peskow in the Kremlin.\n", encoding="utf-8")
    result = run_glossa("enforce", "--source", str(src), "--mt", str(mt), "-g", str(project), "--format", "json")
    assert json.loads(result.stdout)["segments"][0]["final"] == "Peskov in the Kremlin."


def test_a_glossary_included_twice_or_in_a_cycle_is_loaded_once(tmp_path):
    project = team(tmp_path, "source_lang: ru\ntarget_lang: en\ninclude: [../house/ru-en.house.yaml, "
                             "../house]\nterms: []\n",
                   house=HOUSE.replace("terms:\n", "include: [../project/ru-en.project.yaml]\nterms:\n"))
    assert [p.rsplit("/", 2)[-2] for p in glossary_files([str(project)])] == ["house", "project"]
    assert len(load_all([str(project)]).terms) == 2


def test_a_conflict_between_included_files_names_both(tmp_path):
    project = team(tmp_path, "source_lang: ru\ntarget_lang: en\ninclude: [../house]\nterms:\n"
                             "  - {source: Москва, target: Moskva, kind: place}\n")
    result = run_glossa("glossary", "check", str(project))
    assert result.returncode == 1
    assert f"{project}:5: error: conflict: 'Москва' (place) → 'Moskva' here but → 'Moscow' at " \
           f"{tmp_path / 'project' / '../house/ru-en.house.yaml'}:5" in result.stdout


def test_a_missing_or_malformed_include_is_one_line_naming_its_line(tmp_path):
    missing = team(tmp_path, "source_lang: ru\ntarget_lang: en\ninclude:\n  - ../house\n  - ../nowhere.yaml\n"
                             "terms: []\n")
    assert_one_line_error(run_glossa("glossary", "list", str(missing)),
                          f"{missing}:5", "included '../nowhere.yaml' not found")
    missing.write_text("source_lang: ru\ntarget_lang: en\ninclude: ../house\nterms: []\n", encoding="utf-8")
    assert_one_line_error(run_glossa("glossary", "list", str(missing)), f"{missing}:3",
                          "include must be a list")
    assert "include must be a list" in run_glossa("glossary", "check", str(missing)).stdout


def test_an_output_onto_an_included_glossary_is_refused(tmp_path):
    project = team(tmp_path, "source_lang: ru\ntarget_lang: en\ninclude: [../house]\nterms: []\n")
    house = tmp_path / "house" / "ru-en.house.yaml"
    before = house.read_bytes()
    assert_one_line_error(run_glossa("glossary", "export", str(project), "-o", str(house)), "refusing to overwrite")
    assert house.read_bytes() == before
