"""Morphology-aware term matching: every inflected form, and no look-alike common words."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossa.glossary.loading import load
from glossa.glossary.model import Glossary, Term
from glossa.match.declension import declined_forms
from glossa.match.matcher import Matcher, SubstringMatcher, matcher_for
from tests.conftest import SEED, SHIPPED, assert_one_line_error, run_glossa

NEWS = load(str(SHIPPED))
MATCHER = matcher_for(NEWS)


def found(text: str) -> list[tuple[str, str]]:
    return [(m.surface(text), m.term.target) for m in MATCHER.find(text)]


@pytest.mark.parametrize("text,surface,target", [
    ("Приехал Касым-Жомарт Токаев.", "Касым-Жомарт Токаев", "Kassym-Jomart Tokayev"),
    ("Визит Касым-Жомарта Токаева.", "Касым-Жомарта Токаева", "Kassym-Jomart Tokayev"),
    ("Встреча с Касым-Жомартом Токаевым.", "Касым-Жомартом Токаевым", "Kassym-Jomart Tokayev"),
    ("Рядом с Владимиром Путиным.", "Владимиром Путиным", "Vladimir Putin"),
    ("Слова Владимира Путина.", "Владимира Путина", "Vladimir Putin"),
    ("Беседа с Дональдом Трампом.", "Дональдом Трампом", "Donald Trump"),
    ("Вопрос Дмитрию Пескову.", "Дмитрию Пескову", "Dmitry Peskov"),
    ("Хозяин Белого дома.", "Белого дома", "White House"),
    ("Работает в Белом доме.", "Белом доме", "White House"),
    ("Белый дом заявил.", "Белый дом", "White House"),
    ("Слова пресс-секретаря.", "пресс-секретаря", "press secretary"),
    ("Стал пресс-секретарём.", "пресс-секретарём", "press secretary"),
    ("Из Астаны.", "Астаны", "Astana"),
    ("Между Москвой и Астаной.", "Москвой", "Moscow"),
    ("Между Москвой и Астаной.", "Астаной", "Astana"),
    ("Саммит в Астане.", "Астане", "Astana"),
    ("Переход Москвы.", "Москвы", "Moscow"),
    ("Говорили в Анкоридже.", "Анкоридже", "Anchorage"),
    ("Сел в «Аурус».", "Аурус", "Aurus"),
    ("Ехал на «Аурусе».", "Аурусе", "Aurus"),
    ("Ехал на Аурусе.", "Аурусе", "Aurus"),
    ("Доволен Аурусом.", "Аурусом", "Aurus"),
    ("Прибыл в РФ.", "РФ", "Russia"),
    ("Посетил Соединенные Штаты.", "Соединенные Штаты", "United States"),
    ("Посол Соединённых Штатов.", "Соединённых Штатов", "United States"),
])
def test_every_form_matches(text, surface, target):
    assert (surface, target) in found(text)


@pytest.mark.parametrize("text", [
    "На пляже много песков.",          # песков: genitive plural of песок, not Песков
    "Сезон путин закончился.",          # путин: genitive plural of путина (fishing season)
    "Он покрасил белый дом у реки.",   # a white house, not the White House
    "Старый дом стоит.",                # дом alone is no term
    "В рф так не пишут.",               # abbreviations match their case only
    "Секретарь ушёл.",                  # a part of пресс-секретарь alone
    "Ауру сохранили.",                  # a prefix of Аурус is no form of it
])
def test_look_alike_common_words_do_not_match(text):
    assert found(text) == []


def test_longest_match_wins_and_surname_does_not_fire_inside():
    text = "Касым-Жомарт Токаев и Токаев."
    assert found(text) == [("Касым-Жомарт Токаев", "Kassym-Jomart Tokayev"), ("Токаев", "Tokayev")]


def test_offsets_point_into_the_untouched_text():
    text = "Президент\u00a0Касым-Жомарт\u00a0Токаев прибыл на «Аурусе»; пресс‑секретарь молчал."
    matches = MATCHER.find(text)
    surfaces = [text[m.start:m.end] for m in matches]
    assert "Касым-Жомарт\u00a0Токаев" in surfaces and "Аурусе" in surfaces
    assert "пресс‑секретарь" in surfaces  # non-breaking hyphen kept


def test_terms_do_not_cross_punctuation():
    assert ("Белый дом", "White House") not in found("Белый, дом.")


def test_proper_term_can_opt_out_of_capitalisation():
    glossary = Glossary("ru", "en", (Term("Аурус", "Aurus", "product", case_sensitive=False),))
    assert [m.term.target for m in Matcher(glossary).find("купил аурус")] == ["Aurus"]


def test_exact_match_mode_does_not_inflect():
    glossary = Glossary("ru", "en", (Term("Москва", "Moscow", "place", match="exact"),))
    text = "Москва и Москвы"
    assert [m.surface(text) for m in Matcher(glossary).find(text)] == ["Москва"]


def test_declension_rules_cover_unknown_names():
    assert {"жомарта", "жомарту", "жомартом", "жомарте"} <= declined_forms("жомарт")
    assert {"анкориджа", "анкориджем"} <= declined_forms("анкоридж")
    assert declined_forms("токио") == {"токио"}


def test_substring_matcher_for_unspaced_scripts():
    glossary = Glossary("zh", "en", (Term("政府", "government", "org"), Term("小企业", "small businesses")))
    text = "政府宣布了支持小企业的新措施。"
    assert [(m.surface(text), m.term.target) for m in matcher_for(glossary).find(text)] == [
        ("政府", "government"), ("小企业", "small businesses")]
    assert isinstance(matcher_for(glossary), SubstringMatcher)


# Every glossary term occurrence in the seed article, read by hand: (line, surface, target).
SEED_EXPECTED = [
    (1, "Президент", "president"), (1, "Казахстана", "Kazakhstan"),
    (1, "Касым-Жомарт Токаев", "Kassym-Jomart Tokayev"), (1, "Соединенные Штаты", "United States"),
    (1, "Вашингтон", "Washington"), (1, "Касым-Жомарт Токаев", "Kassym-Jomart Tokayev"),
    (1, "Дональдом Трампом", "Donald Trump"), (1, "президента", "president"),
    (1, "Казахстана", "Kazakhstan"), (1, "Белого дома", "White House"),
    (1, "пресс-секретарь", "press secretary"), (1, "Дмитрий Песков", "Dmitry Peskov"),
    (2, "Дмитрий Песков", "Dmitry Peskov"), (2, "Кремля", "Kremlin"), (2, "президента", "president"),
    (2, "Казахстана", "Kazakhstan"), (2, "Белого дома", "White House"),
    (2, "Дональдом Трампом", "Donald Trump"),
    (3, "Анкоридже", "Anchorage"), (3, "Дмитрий Песков", "Dmitry Peskov"),
    (4, "Касым-Жомарт Токаев", "Kassym-Jomart Tokayev"), (4, "Россию", "Russia"),
    (4, "Владимиром Путиным", "Vladimir Putin"), (4, "Президент", "president"),
    (4, "Казахстана", "Kazakhstan"), (4, "Москвы", "Moscow"), (4, "Астаны", "Astana"),
    (4, "Президент", "president"), (4, "Казахстана", "Kazakhstan"), (4, "РФ", "Russia"),
    (4, "Касым-Жомарт Токаев", "Kassym-Jomart Tokayev"), (4, "России", "Russia"),
    (5, "Владимир Путин", "Vladimir Putin"), (5, "президента", "president"),
    (5, "Казахстана", "Kazakhstan"), (5, "Владимир Путин", "Vladimir Putin"),
    (5, "Касым-Жомарта Токаева", "Kassym-Jomart Tokayev"), (5, "Аурус", "Aurus"),
    (5, "России", "Russia"),
    (6, "Казахстанский", "Kazakh"), (6, "Владимира Путина", "Vladimir Putin"),
    (6, "Москвой", "Moscow"), (6, "Астаной", "Astana"), (6, "президента", "president"),
    (6, "России", "Russia"), (6, "Владимира Путина", "Vladimir Putin"),
]


def test_terms_command_finds_every_occurrence_in_the_seed_article():
    result = run_glossa("terms", str(SEED), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    lines = SEED.read_text(encoding="utf-8").splitlines()
    got = [(m["line"], m["surface"], m["term"]["target"]) for m in data["matches"]]
    assert got == SEED_EXPECTED
    for m in data["matches"]:
        assert lines[m["line"] - 1][m["start"]:m["end"]] == m["surface"]
    assert data["summary"]["matches"] == len(SEED_EXPECTED)


def test_terms_table_lists_forms_seen():
    result = run_glossa("terms", str(SEED))
    assert result.returncode == 0
    assert "Касым-Жомарта Токаева" in result.stdout and "Белого дома ×2" in result.stdout


words = st.sampled_from(["Касым-Жомарта", "Токаева", "Песков", "песков", "Белого", "дома", "в",
                         "«Аурусе»", "Астаной", "РФ", "пресс-секретарь", "и", ",", ".", "Путин"])


@settings(max_examples=200, deadline=None)
@given(st.lists(words, max_size=12), st.sampled_from([" ", "\u00a0", "  "]))
def test_matches_are_ordered_disjoint_and_exact(tokens, space):
    text = space.join(tokens)
    matches = MATCHER.find(text)
    for a, b in zip(matches, matches[1:]):
        assert a.end <= b.start
    for m in matches:
        assert text[m.start:m.end] == m.surface(text) and m.start < m.end
        assert not text[m.start].isspace() and not text[m.end - 1].isspace()


# --- bad input

def test_empty_input_gives_no_matches(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = run_glossa("terms", str(empty), "--format", "json")
    assert result.returncode == 0 and json.loads(result.stdout)["matches"] == []


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r"])
def test_legacy_cyrillic_encodings_are_detected(tmp_path, encoding):
    path = tmp_path / "article.txt"
    text = SEED.read_text(encoding="utf-8")
    path.write_bytes(text.translate(str.maketrans("«»—", '""-')).encode(encoding))  # KOI8-R has no «»
    result = run_glossa("terms", str(path), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert f"decoded as {encoding}" in result.stderr and len(result.stderr.splitlines()) == 1
    assert len(json.loads(result.stdout)["matches"]) == len(SEED_EXPECTED)


def test_stdin_is_read():
    result = run_glossa("terms", "-", "--format", "json", stdin="Визит в Астану.")
    assert [m["surface"] for m in json.loads(result.stdout)["matches"]] == ["Астану"]


def test_binary_input_is_refused(tmp_path):
    path = tmp_path / "blob.bin"
    path.write_bytes(bytes(range(256)) * 4)
    assert_one_line_error(run_glossa("terms", str(path)), str(path), "binary")


def test_directory_and_missing_file_are_refused(tmp_path):
    assert_one_line_error(run_glossa("terms", str(tmp_path)), "is a directory")
    assert_one_line_error(run_glossa("terms", str(tmp_path / "none.txt")), "no such file")


def test_undetectable_encoding_is_refused(tmp_path):
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes([0xFF, 0xFE, 0x98, 0x81, 0x8D, 0x90, 0x9D]) * 20)
    assert_one_line_error(run_glossa("terms", str(path)), str(path))


def test_suggest_proposes_names_in_dictionary_form(tmp_path):
    from glossa.match.suggest import suggest

    text = SEED.read_text(encoding="utf-8") + "\nВы знаете, что Сергея Лаврова видели в Санкт-Петербурге?\n"
    found = {c.source: c for c in suggest(text, Glossary("ru", "en"))}
    assert found["Касым-Жомарт Токаев"].kind == "person"
    assert found["Касым-Жомарт Токаев"].forms["Касым-Жомарта Токаева"] == 1
    assert found["Дональд Трамп"].target == "Donald Tramp"  # a transliteration, for review
    assert found["Анкоридж"].count == 1 and found["«Аурус»"].kind == "product"
    assert found["Сергей Лавров"].target == "Sergey Lavrov"
    assert found["Санкт-Петербург"].kind == "place"
    assert "Вы" not in found
    # with the shipped glossary nothing in the article is left to propose
    assert suggest(SEED.read_text(encoding="utf-8"), NEWS) == []


def test_suggest_into_marks_entries_proposed(tmp_path):
    glossary = tmp_path / "g.yaml"
    glossary.write_text("source_lang: ru\ntarget_lang: en\nterms:\n  - source: Москва\n    target: Moscow\n"
                        "    kind: place\n", encoding="utf-8")
    result = run_glossa("glossary", "suggest", "-", "-g", str(glossary), "--into", str(glossary),
                        stdin="Встреча Сергея Лаврова в Москве.")
    assert result.returncode == 0, result.stderr
    assert "  - source: Сергей Лавров\n    target: Sergey Lavrov\n    kind: person\n    status: proposed\n" \
        in glossary.read_text()
    check = run_glossa("glossary", "check", str(glossary))
    assert "proposed entry 'Сергей Лавров' not yet reviewed" in check.stdout


def test_check_warns_about_an_inflected_source(tmp_path):
    path = tmp_path / "g.yaml"
    path.write_text("source_lang: ru\ntarget_lang: en\nterms:\n  - source: Белого дома\n"
                    "    target: White House\n    kind: org\n", encoding="utf-8")
    result = run_glossa("glossary", "check", str(path))
    assert result.returncode == 0
    assert f"{path}:4: warning: source 'Белого дома' may not be in dictionary form" in result.stdout


def test_ties_go_to_the_earlier_entry_in_every_process():
    """Equal-length matches of two entries resolve by glossary order, not by hash order."""
    code = ("from glossa.glossary.model import Glossary, Term\n"
            "from glossa.match.matcher import Matcher\n"
            "g = Glossary('ru', 'en', (Term('Москва', 'Moscow', 'place'), Term('москва', 'Moskva', 'term')))\n"
            "print([m.term.target for m in Matcher(g).find('Москва и Москвой')])\n")
    import subprocess
    import sys

    outputs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              env={"PYTHONHASHSEED": str(seed), "PATH": ""}).stdout for seed in (1, 2, 3)}
    assert outputs == {"['Moscow', 'Moscow']\n"}


def test_a_common_noun_does_not_match_a_word_read_mostly_as_another_part_of_speech():
    glossary = Glossary("ru", "en", (Term("посол", "ambassador", "title"), Term("сталь", "steel")))
    text = "После встречи посол и послы уехали; цены стали выше, сталь дороже."
    assert [m.surface(text) for m in Matcher(glossary).find(text)] == ["посол", "послы", "сталь"]


def test_chinese_terms_match_whole_words_only():
    glossary = Glossary("zh", "en", (Term("重庆", "Chongqing", "place"), Term("江西", "Jiangxi", "place")))
    matcher = matcher_for(glossary)
    assert matcher.find("我们隆重庆祝建党一百周年。") == []
    text = "重庆市和江西省的代表"
    assert [m.surface(text) for m in matcher.find(text)] == ["重庆", "江西"]


@pytest.mark.parametrize(("term", "text"), [
    ("四海", "他们来自五湖四海。"),            # the idiom "from all corners of the land"
    ("苹果", "苹果日报今天停刊。"),            # Apple Daily, not Apple
    ("卫生部", "各地卫生部门加强了检查。"),     # health departments, not the Ministry of Health
    ("外交部", "外交部长王毅表示。"),           # the foreign minister, not the ministry
], ids=["idiom", "newspaper", "departments", "minister"])
def test_a_longer_chinese_word_holding_the_term_wins(term, text):
    assert matcher_for(Glossary("zh", "en", (Term(term, "X", "org"),))).find(text) == []


def test_a_chinese_term_still_matches_where_it_stands_as_a_word():
    glossary = Glossary("zh", "en", (Term("苹果", "Apple", "org"), Term("卫生部", "Ministry of Health", "org"),
                                     Term("中国", "China", "place")))
    text = "苹果公司与卫生部合作，中国人都知道。"
    assert [m.surface(text) for m in matcher_for(glossary).find(text)] == ["苹果", "卫生部", "中国"]
    # a name that begins a compound is still the name there (the Iran nuclear talks, the Beijing region)
    glossary = Glossary("zh", "en", (Term("伊朗", "Iran", "place"), Term("北京", "Beijing", "place")))
    text = "伊朗核谈判与北京地区高校"
    assert [m.surface(text) for m in matcher_for(glossary).find(text)] == ["伊朗", "北京"]


def test_a_glossarys_chinese_words_stay_in_its_own_matcher():
    """Matchers share jieba's dictionary, loaded once, but each adds its glossary's words
    to its own copy."""
    from glossa.match.zh_words import ChineseWords, _base_dictionary

    with_term, without = ChineseWords(["效良朱丽"]), ChineseWords([])
    assert "效良朱丽" in with_term._tokenizer.FREQ
    assert "效良朱丽" not in without._tokenizer.FREQ and "效良朱丽" not in _base_dictionary()[0]


def test_jiebas_dictionary_held_as_a_dawg_answers_as_jiebas_own(monkeypatch, tmp_path):
    """Every word and every prefix jieba keeps, with its count, and its total; nothing
    else. Built on the first load, read from the cache file after it, built again over a
    cache file that is no DAWG."""
    import logging
    import random

    import jieba

    from glossa.match.zh_dictionary import load_word_counts

    monkeypatch.setenv("GLOSSA_CACHE_DIR", str(tmp_path))
    jieba.setLogLevel(logging.WARNING)
    own = jieba.Tokenizer()
    own.initialize()
    built, total = load_word_counts()
    (kept,) = tmp_path.glob("jieba-words-*.dawg")
    read, read_total = load_word_counts()
    kept.write_bytes(b"\0" * 64)
    rebuilt, rebuilt_total = load_word_counts()
    assert total == read_total == rebuilt_total == own.total
    keys = random.Random(7).sample(sorted(own.FREQ), 20_000)
    for counts in (built, read, rebuilt):
        assert all(key in counts and counts[key] == own.FREQ[key] for key in keys)
        for absent in ("北京协和医学院眼科", "ZZZ", "京北京"):
            assert absent not in counts and counts.get(absent) is None and absent not in own.FREQ


def test_jieba_is_loaded_only_when_a_text_holds_a_terms_characters():
    """Its dictionary costs a load (and a build, the first time): a translation whose text
    never names a term, or an empty Chinese glossary, does without it."""
    from glossa.glossary.model import Glossary, Term
    from glossa.match.matcher import matcher_for

    assert matcher_for(Glossary("zh", "en")).find("北京很大") == []
    matcher = matcher_for(Glossary("zh", "en", (Term("北京", "Beijing", "place"),)))
    assert matcher.find("上海很大。") == [] and not matcher.segmenter.loaded
    assert [m.term.target for m in matcher.find("北京很大。")] == ["Beijing"] and matcher.segmenter.loaded


def test_a_new_source_language_is_one_profile(monkeypatch):
    """A made-up language "xx": Latin script, sentences split at "|", and a morphology that
    reads a trailing "s" as the plural. Its profile alone makes glossa split, match, check
    and enforce it."""
    from glossa.enforce.decisions import enforce_text, source_plural
    from glossa.errors import GlossaError
    from glossa.langscript import check_script
    from glossa.match.morph import SurfaceMorphology
    from glossa.profiles import PROFILES, Profile
    from glossa.segment import split_sentences

    class Plurals(SurfaceMorphology):
        def text_keys(self, word: str) -> frozenset[str]:
            return frozenset({word.lower().removesuffix("s")})

        def term_keys(self, word: str, proper: bool) -> frozenset[str]:
            return frozenset({word.lower()})

        def is_plural(self, surface: str, term_source: str) -> bool:
            return surface.endswith("s")

    def bars(paragraph: str) -> list[tuple[int, int]]:
        spans, start = [], 0
        for part in paragraph.split("|"):
            spans.append((start, start + len(part)))
            start += len(part) + 1
        return spans

    monkeypatch.setitem(PROFILES, "xx", Profile("xx", "Latin", ("LATIN",), split_sentences=bars,
                                                morphology=Plurals))
    assert split_sentences("uno kat | dos kats", "xx") == [(0, 8), (9, 18)]
    glossary = Glossary("xx", "en", (Term("kat", "cat"),))
    matches = matcher_for(glossary).find("dos kats")
    assert [m.surface("dos kats") for m in matches] == ["kats"]
    assert source_plural("dos kats", matches, "xx") == [True]
    seg = enforce_text("dos kats", matches, "two dogs", source_lang="xx", target_lang="en")
    assert seg.decisions[0].action == "missing"
    with pytest.raises(GlossaError, match="should be xx"):
        check_script("Два кота сидят на крыше и смотрят на улицу внизу.", "xx", "in.txt", "source")
