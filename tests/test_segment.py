"""Sentence segmentation keeps exact offsets and paragraph boundaries."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from glossa.io import split_lines
from glossa.segment import Sentence, paragraph_sentences, split_long
from tests.conftest import SEED


def segment(text: str, lang: str) -> list[Sentence]:
    """Every sentence of every paragraph (a line each), as translate splits a text."""
    return [sentence for n, paragraph in enumerate(split_lines(text))
            for sentence in paragraph_sentences(n, paragraph, lang)]


def test_seed_article_sentences_point_into_their_paragraphs():
    text = SEED.read_text(encoding="utf-8")
    paragraphs = text.splitlines()
    sentences = segment(text, "ru")
    assert {s.paragraph for s in sentences} == set(range(len(paragraphs)))
    assert sentences[0].text == "Президент Казахстана Касым-Жомарт Токаев посетил Соединенные Штаты."
    for s in sentences:
        assert paragraphs[s.paragraph][s.start:s.end] == s.text


def test_a_quotes_attribution_stays_with_its_last_sentence():
    """Two sentences inside a quotation are two sentences; the attribution after the closing
    quote is no sentence of its own but the end of the last one."""
    text = "«А разве мы в Анкоридже по-другому говорили? Вы вспомните!», — заявил Дмитрий Песков."
    assert [s.text for s in segment(text, "ru")] == ["«А разве мы в Анкоридже по-другому говорили?",
                                                     "Вы вспомните!», — заявил Дмитрий Песков."]


def test_chinese_full_stops_split_without_spaces():
    assert [s.text for s in segment("政府宣布了新措施。经济增长了！", "zh")] == ["政府宣布了新措施。", "经济增长了！"]


pieces = st.sampled_from(["Москва.", "Путин сказал:", "«Да!»", "Т. е.", "ок?", "  ", "\u00a0", "Aurus.", "12."])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(pieces, max_size=8).map(" ".join), max_size=4), st.sampled_from(["ru", "en", "zh"]))
def test_sentences_are_ordered_exact_slices(paragraphs, lang):
    text = "\n".join(paragraphs)
    sentences = segment(text, lang)
    lines = text.splitlines()
    previous = (-1, 0)
    for s in sentences:
        assert lines[s.paragraph][s.start:s.end] == s.text and s.text.strip() == s.text
        assert (s.paragraph, s.start) >= previous
        previous = (s.paragraph, s.end)
    covered = {(s.paragraph, k) for s in sentences for k in range(s.start, s.end)}
    for n, line in enumerate(lines):
        for k, ch in enumerate(line):
            if not ch.isspace():
                assert (n, k) in covered  # no word is dropped between sentences


def test_closing_quotes_and_brackets_stay_with_their_sentence():
    said = "他说：“我们将继续支持多边主义。”"
    assert [s.text for s in segment(said + "他走了。", "zh")] == [said, "他走了。"]
    assert [s.text for s in segment(said, "zh")] == [said]
    assert [s.text for s in segment("「行く。」と言った。", "ja")] == ["「行く。」", "と言った。"]
    assert [s.text for s in segment("真的吗？！（是的。）好", "zh")] == ["真的吗？！", "（是的。）", "好"]
    assert [s.text for s in segment('He said "Stop." Then (he left.) Ok.', "en")] == [
        'He said "Stop."', "Then (he left.)", "Ok."]
    assert [s.text for s in segment("Он сказал: «Мы продолжим.» Потом ушёл.", "ru")] == [
        "Он сказал: «Мы продолжим.»", "Потом ушёл."]


def test_paragraphs_are_lines_split_at_newlines_only():
    # a form feed or U+2028 inside a line starts no paragraph: the output keeps the input's lines
    sentences = segment("Раз.\x0cДва.\u2028Три.\r\nЧетыре.\n", "ru")
    assert [s.paragraph for s in sentences][-1] == 1 and {s.paragraph for s in sentences} == {0, 1}
    assert sentences[-1].text == "Четыре."


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["слово", "и", ",", "，", "。", " ", "  ", "длинноеслово"]), min_size=1, max_size=80),
       st.integers(min_value=1, max_value=12))
def test_a_long_sentence_is_cut_into_parts_that_fit_and_keep_every_character(words, limit):
    text = "".join(words).strip() or "слово"
    # one piece per character, as a worst case for the cut
    spans = [(k, k + 1) for k in range(len(text))]
    parts = split_long(Sentence(0, 5, 5 + len(text), text), spans, limit)
    assert "".join(p.text for p in parts).replace(" ", "") == text.replace(" ", "")
    assert all(p.text and p.text == p.text.strip() for p in parts)
    assert all(p.end - p.start == len(p.text) and text[p.start - 5:p.end - 5] == p.text for p in parts)
    assert all(len(p.text) <= limit for p in parts)


def test_a_long_sentence_is_cut_after_clause_punctuation():
    text = "Первая часть фразы, вторая часть фразы, третья часть."
    spans = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]   # a piece per word
    parts = split_long(Sentence(0, 0, len(text), text), spans, 5)
    assert [p.text for p in parts] == ["Первая часть фразы,", "вторая часть фразы, третья часть."]
