"""Large term bases: read for use by libyaml as ruamel reads them for editing, kept in the
user's cache while unchanged, and their index keys kept too."""

from __future__ import annotations

import pytest

from glossa.glossary import cache as glossary_cache
from glossa.glossary.loading import load
from glossa.glossary.model import Glossary, Term
from glossa.glossary.yaml_store import parse_text, parse_text_for_reading
from glossa.match import keys_cache
from glossa.match.matcher import Matcher
from tests.conftest import ROOT, SHIPPED

EVAL = sorted((ROOT / "scripts" / "eval").glob("*.yaml"))

TRICKY = """\
source_lang: ru
target_lang: en
terms:
  - {source: Нет, target: no, kind: term}
  - source: 'Да'
    target: "yes"
    kind: term
    case_sensitive: true
    note: |
      Two lines,
      kept.
  - source: Ок
    target: on
    kind: term
    variants: [off, Off, 0x1F, 1e3, ~]
  - &a {source: Один, target: One, kind: term}
  - source: Два
    target: 12:30
    kind: term
    forms: [.inf, -0.5, 010, 0o10, null, Null]
"""


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _lines(doc) -> list:
    return [(doc["terms"].lc.item(i), sorted(entry.lc.data.items())) for i, entry in enumerate(doc["terms"])]


@pytest.mark.parametrize("text", [TRICKY, SHIPPED.read_text(encoding="utf-8"),
                                  *(p.read_text(encoding="utf-8") for p in EVAL)],
                         ids=["tricky", "shipped", *(p.name for p in EVAL)])
def test_reading_for_use_gives_what_the_round_trip_parse_gives(text):
    fast, slow = parse_text_for_reading(text, "g.yaml"), parse_text(text, "g.yaml")
    assert _plain(fast) == _plain(slow)
    assert _lines(fast) == _lines(slow)


@pytest.mark.parametrize("text, why", [
    ("source_lang: ru\nsource_lang: en\nterms: []\n", "duplicate key source_lang"),
    ("source_lang: ru\ntarget_lang: en\nterms:\n  - {source: [a, b\n", "g.yaml:"),
])
def test_reading_for_use_refuses_what_the_round_trip_parse_refuses(text, why):
    from glossa.errors import GlossaError

    for parse in (parse_text_for_reading, parse_text):
        with pytest.raises(GlossaError) as refused:
            parse(text, "g.yaml")
        assert why in str(refused.value)


def big_glossary(tmp_path, count: int):
    path = tmp_path / "big.yaml"
    entries = "".join(f"  - source: термин{n} слово\n    target: term {n} word\n    kind: term\n"
                      for n in range(count))
    path.write_text("source_lang: ru\ntarget_lang: en\nterms:\n" + entries, encoding="utf-8")
    assert path.stat().st_size >= glossary_cache.CACHED_FROM_BYTES
    return path


def test_a_large_glossary_is_kept_while_unchanged_and_read_again_when_changed(tmp_path, monkeypatch):
    monkeypatch.setenv("GLOSSA_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(glossary_cache, "CACHED_FROM_BYTES", 8 << 10)   # "large" from 8 KB here
    path = big_glossary(tmp_path, count=200)
    first = load(str(path))
    assert len(list((tmp_path / "cache").glob("glossary-*.json"))) == 1
    parsed = []
    monkeypatch.setattr("glossa.glossary.loading.parse_text_for_reading",
                        lambda *a: parsed.append(a) or parse_text_for_reading(*a))
    again = load(str(path))
    assert again.terms == first.terms and not parsed
    assert [t.origin for t in again.terms[:2]] == [t.origin for t in first.terms[:2]]
    path.write_text(path.read_text(encoding="utf-8").replace("term 0 word", "term zero"), encoding="utf-8")
    changed = load(str(path))
    assert parsed and changed.terms[0].target == "term zero"
    for kept in (tmp_path / "cache").glob("glossary-*.json"):
        kept.write_text("{cut short", encoding="utf-8")
    assert load(str(path)).terms == changed.terms    # a spoiled cache is parsed past


def test_the_index_keys_of_a_large_glossary_are_computed_once(tmp_path, monkeypatch):
    monkeypatch.setenv("GLOSSA_CACHE_DIR", str(tmp_path / "cache"))
    from glossa.match.morph import shared_russian_morphology

    morphology = shared_russian_morphology()
    calls = []
    original = type(morphology).term_keys
    monkeypatch.setattr(type(morphology), "term_keys", lambda self, w, p: calls.append(w) or original(self, w, p))
    terms = tuple(Term(f"термин{n} слово", f"term {n}", "term") for n in range(keys_cache.CACHED_FROM))
    glossary = Glossary("ru", "en", terms)
    first = Matcher(glossary, morphology)
    assert calls
    calls.clear()
    second = Matcher(glossary, morphology)
    assert not calls

    def unread():   # a cache read from its file has every word: the words are not gone through
        raise AssertionError("the glossary's words were read again")
        yield

    keys_cache.KeysCache(morphology, terms, "ru").analyse_all(unread())
    text = "Вчера термин5 слова и термин7 слово."
    assert [m.term for m in first.find(text)] == [m.term for m in second.find(text)] == [terms[5], terms[7]]


def test_a_new_term_bases_keys_shared_among_processes_are_the_keys_one_process_computes(tmp_path, monkeypatch):
    """Many words to analyse are split among spawned processes, each with an analyser of its
    own: the index keys, and so the matches, are the ones the analysis in this process gives."""
    import gc

    from glossa.match.morph import RussianMorphology

    monkeypatch.setenv("GLOSSA_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(keys_cache, "CACHED_FROM", 4)
    monkeypatch.setattr(keys_cache, "SHARE", 6)
    monkeypatch.setattr("glossa.match.matcher.CACHED_FROM", 4)
    terms = (Term("Касым-Жомарт Токаев", "Kassym-Jomart Tokayev", "person"),
             Term("Красная площадь", "Red Square", "place"), Term("пресс-секретарь", "press secretary", "term"),
             Term("Дмитрий Песков", "Dmitry Peskov", "person"), Term("Совет безопасности", "Security Council", "org"),
             Term("Белый дом", "White House", "place"), Term("НАТО", "NATO", "org"),
             Term("министр иностранных дел", "foreign minister", "term"))
    glossary = Glossary("ru", "en", terms)
    monkeypatch.setattr(keys_cache, "SHARED_FROM", 10**9)
    alone = Matcher(glossary, RussianMorphology())
    monkeypatch.setattr(keys_cache, "SHARED_FROM", 2)
    monkeypatch.setattr(keys_cache.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.setenv("GLOSSA_CACHE_DIR", str(tmp_path / "other-cache"))
    shared = Matcher(glossary, RussianMorphology())
    assert shared._forms == alone._forms
    text = ("Пресс-секретаря Дмитрия Пескова спросили о Касым-Жомарте Токаеве, Красной площади, "
            "Совете безопасности НАТО и министрах иностранных дел у Белого дома.")
    assert [m.term for m in shared.find(text)] == [m.term for m in alone.find(text)] and len(alone.find(text)) == 8
    assert gc.isenabled()


def test_the_garbage_collector_is_back_on_after_a_glossary_is_refused(tmp_path):
    import gc

    from glossa.errors import GlossaError
    from glossa.glossary.loading import load_all

    bad = tmp_path / "bad.yaml"
    bad.write_text("source_lang: ru\ntarget_lang: en\nterms:\n  - source: [\n", encoding="utf-8")
    with pytest.raises(GlossaError):
        load_all([str(bad)])
    assert gc.isenabled()
