"""Bilingual documents (XLIFF 1.2 and 2.0, TMX, PO) through enforce and translate: only the
targets glossa writes, their states and its notes change; inline tags travel with the text
or the unit is left as it was; bad documents are one line and nothing written."""

from __future__ import annotations

import difflib
import json
import shutil
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from glossa.documents.inline import Marked, read_marked, write_marked
from glossa.documents.placing import through_edits
from tests.conftest import SHIPPED, assert_one_line_error, run_glossa

XLIFF1 = """<?xml version="1.0" encoding="UTF-8"?>
<!-- exported by a CMS -->
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="ru" target-language="en" datatype="plaintext" original="news.txt">
    <body>
      <trans-unit id="t1">
        <source>Президент Казахстана <g id="1">Касым-Жомарт Токаев</g> прибыл в Москву.</source>
        <target>Kazakh President <g id="1">Kasym-Zhomart Tokaev</g> arrived in Moscow.</target>
      </trans-unit>
      <trans-unit id="t2">
        <source>Дмитрий Песков<x id="2"/> промолчал.</source>
        <target state="translated">Dmitrij Peskow<x id="2"/> kept silent.</target>
        <note from="editor">check</note>
      </trans-unit>
      <trans-unit id="t3">
        <source>Встреча в «Аурусе».</source>
        <target>A meeting in the car.</target>
      </trans-unit>
      <trans-unit id="t4">
        <source>Дмитрий Песков промолчал.</source>
        <target>Dmitrij <g id="5">Pes</g>kow kept silent.</target>
      </trans-unit>
      <trans-unit id="t5" translate="no"><source>Аурус</source></trans-unit>
    </body>
  </file>
</xliff>
"""

XLIFF2 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="ru" trgLang="en">
  <file id="f1">
    <unit id="u1">
      <segment state="translated">
        <source>Президент Казахстана <pc id="1">Касым-Жомарт Токаев</pc> прибыл.</source>
        <target>Kazakh President <pc id="1">Kasym-Zhomart Tokaev</pc> arrived.</target>
      </segment>
    </unit>
    <unit id="u2">
      <segment>
        <source>Встреча в «Аурусе».</source>
        <target>A meeting in the car.</target>
      </segment>
    </unit>
  </file>
</xliff>
"""

TMX_HEADER = ('<header creationtool="cms" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" '
              'srclang="ru" datatype="plaintext"/>')
TMX = f"""<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  {TMX_HEADER}
  <body>
    <tu tuid="1">
      <tuv xml:lang="ru"><seg>Дмитрий Песков промолчал.</seg></tuv>
      <tuv xml:lang="en-US"><seg>Dmitrij Peskow <bpt i="1">&lt;b&gt;</bpt>kept<ept i="1">&lt;/b&gt;</ept> silent.</seg>
      </tuv>
    </tu>
    <tu tuid="2">
      <tuv xml:lang="ru"><seg>Встреча в «Аурусе».</seg></tuv>
      <tuv xml:lang="en-US"><seg>A meeting in the car.</seg></tuv>
    </tu>
  </body>
</tmx>
"""

PO = """msgid ""
msgstr ""
"Language: en\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

#: news.py:10
msgid "Дмитрий Песков промолчал."
msgstr "Dmitrij Peskow kept silent."

msgid "Встреча в «Аурусе»."
msgstr "A meeting in the car."

msgid "Москва"
msgid_plural "Москвы"
msgstr[0] "Moscow"
msgstr[1] "Moscows"
"""


def enforced(tmp_path, name: str, text: str, *options: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    out = tmp_path / ("out." + name)
    result = run_glossa("enforce", str(path), "-g", str(SHIPPED), "-o", str(out), *options)
    assert result.returncode == 0, result.stderr
    return out.read_text(encoding="utf-8")


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-"]


def test_enforce_writes_only_the_targets_it_changes_and_marks_open_units_xliff1(tmp_path):
    after = enforced(tmp_path, "a.xlf", XLIFF1)
    assert changed_lines(XLIFF1, after) == [
        '-         <target>Kazakh President <g id="1">Kasym-Zhomart Tokaev</g> arrived in Moscow.</target>',
        '+         <target>Kazakh President <g id="1">Kassym-Jomart Tokayev</g> arrived in Moscow.</target>',
        '-         <target state="translated">Dmitrij Peskow<x id="2"/> kept silent.</target>',
        '+         <target state="translated">Dmitry Peskov<x id="2"/> kept silent.</target>',
        '-         <target>A meeting in the car.</target>',
        '+         <target state="needs-review-translation">A meeting in the car.</target>',
        '+         <note from="glossa">«Аурус» → Aurus: missing</note>',
        '-         <target>Dmitrij <g id="5">Pes</g>kow kept silent.</target>',
        '+         <target state="needs-review-translation">Dmitrij <g id="5">Pes</g>kow kept silent.</target>',
        "+         <note from=\"glossa\">Дмитрий Песков → Dmitry Peskov: flagged (the edit would split the unit's "
        "inline markup: left as it was)</note>"]


def test_enforce_json_has_one_segment_per_unit_with_its_id(tmp_path):
    path = tmp_path / "a.xlf"
    path.write_text(XLIFF1, encoding="utf-8")
    result = run_glossa("enforce", str(path), "-g", str(SHIPPED), "--format", "json")
    segments = json.loads(result.stdout)["segments"]
    assert [s["id"] for s in segments] == ["t1", "t2", "t3", "t4"]
    assert segments[1]["source"] == "Дмитрий Песков промолчал." and segments[1]["final"] == "Dmitry Peskov kept silent."
    strict = run_glossa("enforce", str(path), "-g", str(SHIPPED), "--strict", "-o", str(tmp_path / "o.xlf"))
    assert strict.returncode == 1 and "unit t3: «Аурус» → Aurus: missing" in strict.stderr


def test_enforce_xliff2_sets_the_segment_state_and_a_unit_note(tmp_path):
    after = enforced(tmp_path, "b.xlf", XLIFF2)
    assert changed_lines(XLIFF2, after) == [
        '-         <target>Kazakh President <pc id="1">Kasym-Zhomart Tokaev</pc> arrived.</target>',
        '+         <target>Kazakh President <pc id="1">Kassym-Jomart Tokayev</pc> arrived.</target>',
        '-       <segment>',
        '+       <notes><note category="glossa">«Аурус» → Aurus: missing</note></notes>',
        '+       <segment state="initial" subState="glossa:needs-review">']


def test_enforce_tmx_takes_the_regional_target_variant_and_keeps_native_codes(tmp_path):
    after = enforced(tmp_path, "c.tmx", TMX)
    assert changed_lines(TMX, after) == [
        '-       <tuv xml:lang="en-US"><seg>Dmitrij Peskow <bpt i="1">&lt;b&gt;</bpt>kept<ept i="1">&lt;/b&gt;'
        '</ept> silent.</seg>',
        '+       <tuv xml:lang="en-US"><seg>Dmitry Peskov <bpt i="1">&lt;b&gt;</bpt>kept<ept i="1">&lt;/b&gt;'
        '</ept> silent.</seg>',
        '+       <note>«Аурус» → Aurus: missing</note>']


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt is not installed")
def test_enforce_po_marks_open_entries_fuzzy_and_leaves_plurals(tmp_path):
    after = enforced(tmp_path, "d.po", PO)
    assert changed_lines(PO, after) == [
        '- msgstr "Dmitrij Peskow kept silent."', '+ msgstr "Dmitry Peskov kept silent."',
        "+ # glossa: «Аурус» → Aurus: missing", "+ #, fuzzy"]
    out = tmp_path / "out.d.po"
    assert subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(out)], capture_output=True).returncode == 0


@pytest.mark.parametrize("name, text", [("a.xlf", XLIFF1), ("b.xlf", XLIFF2), ("c.tmx", TMX), ("d.po", PO)])
def test_a_document_with_no_term_in_it_comes_back_byte_for_byte(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    glossary = tmp_path / "g.yaml"
    glossary.write_text("source_lang: ru\ntarget_lang: en\nterms:\n  - {source: Вашингтон, target: Washington, "
                        "kind: place}\n", encoding="utf-8")
    out = tmp_path / ("out." + name)
    assert run_glossa("enforce", str(path), "-g", str(glossary), "-o", str(out)).returncode == 0
    assert out.read_bytes() == path.read_bytes()


def test_translate_fills_the_units_without_a_target_and_keeps_the_rest(tiny_ru_en, tmp_path):
    """The tiny model's weights are random: each unit it translates either gets a target
    whose tags are the source's, in their order, or is left untranslated and reported."""
    path = tmp_path / "e.xlf"
    path.write_text(XLIFF1.replace('        <target>A meeting in the car.</target>\n', ""), encoding="utf-8")
    out = tmp_path / "out.xlf"
    result = run_glossa("translate", str(path), "-o", str(out))
    assert result.returncode == 0, result.stderr
    units = {u.get("id"): u for u in etree.parse(str(out)).iter("{*}trans-unit")}
    for ident in ("t1", "t2", "t4"):   # had targets: kept as they were
        assert etree.tostring(units[ident]) == etree.tostring(
            {u.get("id"): u for u in etree.parse(str(path)).iter("{*}trans-unit")}[ident])
    target = units["t3"].find("{*}target")
    assert target is not None and target.get("state") in ("translated", "needs-review-translation")
    assert target.get("state-qualifier") == "leveraged-mt"
    overwritten = run_glossa("translate", str(path), "--overwrite", "--format", "json")
    segments = json.loads(overwritten.stdout)["segments"]
    assert [s["id"] for s in segments] == ["t1", "t2", "t3", "t4"]
    placed = etree.fromstring(run_glossa("translate", str(path), "--overwrite").stdout.encode())
    for unit, segment in zip(placed.iter("{*}trans-unit"), segments):
        source_tags = [(e.tag, e.attrib) for e in unit.find("{*}source").iter() if e is not unit.find("{*}source")]
        target = unit.find("{*}target")
        unplaced = any("could not be placed" in (d["why"] or "") for d in segment["decisions"])
        if not unplaced:
            assert [(e.tag, e.attrib) for e in target.iter() if e is not target] == source_tags


@pytest.mark.parametrize("text, why", [
    ('<xliff version="3.0"><file/></xliff>', "unknown XLIFF version '3.0'"),
    ('<xliff version="1.2"><file source-language="ru"><body><trans-unit id="a"><target>x</target>'
     '</trans-unit></body></file></xliff>', "unit 'a' has no source"),
    ('<xliff version="1.2"><file><body>', "not well-formed XML"),
    ('<!DOCTYPE x [<!ENTITY a "b">]><xliff version="1.2"/>', "declares XML entities"),
    ("<html/>", "not an XLIFF or TMX document"),
])
def test_a_bad_document_is_one_line_and_nothing_written(tmp_path, text, why):
    path = tmp_path / "bad.xlf"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out.xlf"
    assert_one_line_error(run_glossa("enforce", str(path), "-g", str(SHIPPED), "-o", str(out)), why)
    assert not out.exists()


def test_a_document_for_another_pair_is_refused(tmp_path):
    path = tmp_path / "a.xlf"
    path.write_text(XLIFF1.replace('target-language="en"', 'target-language="de"'), encoding="utf-8")
    assert_one_line_error(run_glossa("enforce", str(path), "-g", str(SHIPPED)), "ru→en")


def test_enforce_takes_a_document_or_source_and_mt(tmp_path):
    path = tmp_path / "a.xlf"
    path.write_text(XLIFF1, encoding="utf-8")
    assert_one_line_error(run_glossa("enforce", str(path), "--source", str(path)), "not both")
    assert_one_line_error(run_glossa("enforce"), "give --source and --mt")


def test_inline_markup_reads_and_writes_back_unchanged():
    element = etree.fromstring('<target xmlns="urn:x">a <g id="1">b <x id="2"/>c</g> d<ph id="3">&lt;br/&gt;</ph>'
                               '<!-- c --></target>')
    marked = read_marked(element)
    assert marked.text == "a b c d"
    before = etree.tostring(element)
    write_marked(element, marked)
    assert etree.tostring(element) == before


@settings(max_examples=80, deadline=None)
@given(words=st.lists(st.sampled_from(["Peskow", "Dmitrij", "said", "silent", "Tokaev"]), min_size=2, max_size=6),
       where=st.integers(0, 5), new=st.sampled_from(["Peskov", "Dmitry Peskov", "he"]))
def test_tags_around_words_an_edit_keeps_move_with_them(words, where, new):
    text = " ".join(words)
    element = etree.fromstring(f"<t>{' '.join(words[:1])}<x id='1'/> {' '.join(words[1:])}</t>")
    marked = read_marked(element)
    assert marked.text == text
    k = where % len(words)
    if k == 0:
        return   # the edit would take the tagged word: see the next test
    start = len(" ".join(words[:k])) + 1
    after = text[:start] + new + text[start + len(words[k]):]
    moved = through_edits(marked, after)
    assert moved is not None and moved.text == after
    assert moved.tags[0].offset == len(words[0])


def test_a_tag_inside_an_edited_stretch_has_no_place():
    marked = Marked("Dmitrij Peskow said", read_marked(etree.fromstring("<t>Dmitrij Pes<x/>kow said</t>")).tags)
    assert through_edits(marked, "Dmitry Peskov said") is None


ZH_XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="zh-CN" target-language="en-US" datatype="html" original="page.html">
    <body>
      <trans-unit id="1"><source>外交部发言人<g id="1">赵立坚</g>在北京表示，中方欢迎各方参与。</source></trans-unit>
      <trans-unit id="2"><source><g id="4">习近平</g>向论坛致贺信。</source></trans-unit>
      <trans-unit id="3"><source>请点击保存按钮<x id="3"/>。</source></trans-unit>
    </body>
  </file>
</xliff>
"""


def test_the_real_model_places_inline_tags_around_the_words_they_held(real_zh_en, tmp_path):
    path, glossary = tmp_path / "page.xlf", tmp_path / "zh.yaml"
    path.write_text(ZH_XLIFF, encoding="utf-8")
    glossary.write_text("source_lang: zh\ntarget_lang: en\nterms:\n  - {source: 赵立坚, target: Zhao Lijian, "
                        "kind: person}\n  - {source: 习近平, target: Xi Jinping, kind: person}\n", encoding="utf-8")
    result = run_glossa("translate", str(path), "-g", str(glossary))
    assert result.returncode == 0, result.stderr
    targets = {u.get("id"): u.find("{*}target") for u in etree.fromstring(result.stdout.encode()).iter("{*}trans-unit")}
    assert targets["1"].find("{*}g").text == "Zhao Lijian"
    assert targets["2"].find("{*}g").text == "Xi Jinping" and targets["2"].text is None
    assert targets["3"].find("{*}x").tail == "."


def test_a_root_start_tag_over_several_lines_and_a_doctype_are_kept(tmp_path):
    root = '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
    text = XLIFF1.replace(root, "<!DOCTYPE xliff>\n" + root.replace(" xmlns", "\n       xmlns"))
    after = enforced(tmp_path, "a.xlf", text)
    etree.fromstring(after.encode())
    assert after.startswith(text[:text.index("<file")])


def test_translate_no_is_inherited_from_a_group_and_read_in_xliff2():
    from glossa.documents.xml_documents import Xliff1Document, Xliff2Document

    one = XLIFF1.replace('<trans-unit id="t3">', '<group translate="no"><trans-unit id="t3">').replace(
        '<trans-unit id="t4">', '</group><trans-unit id="t4">')
    two = XLIFF2.replace('<unit id="u2">', '<unit id="u2" translate="no">')
    for cls, text, kept in ((Xliff1Document, one, ["t1", "t2", "t4"]), (Xliff2Document, two, ["u1"])):
        tree = etree.ElementTree(etree.fromstring(text.encode()))
        assert [u.id for u in cls("x", text.encode(), tree).units] == kept


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt is not installed")
def test_a_translated_po_keeps_line_breaks_is_fuzzy_and_passes_msgfmt(tiny_ru_en, tmp_path):
    path = tmp_path / "messages.po"
    path.write_text(PO.replace('msgid "Встреча в «Аурусе»."\nmsgstr "A meeting in the car."',
                               'msgid ""\n"Встреча в Москве.\\n"\n"Песков промолчал.\\n"\nmsgstr ""'), encoding="utf-8")
    out = tmp_path / "out.po"
    result = run_glossa("translate", str(path), "-o", str(out))
    assert result.returncode == 0, result.stderr
    import polib

    entry = next(e for e in polib.pofile(str(out)) if e.msgid.startswith("Встреча"))
    assert entry.msgstr.count("\n") == 2 and entry.msgstr.endswith("\n") and "fuzzy" in entry.flags
    checked = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(out)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def test_a_tag_at_the_start_of_a_later_sentence_goes_to_the_start_of_its_translation():
    from glossa.documents.placing import projected

    marked = read_marked(etree.fromstring("<s>Раз. <x id='1'/>Два.</s>"))
    assert marked.tags[0].offset == 5
    placed = projected(marked, [(0, 4, 0, 4, None), (5, 9, 5, 9, None)], "One. Two.")
    assert placed is not None and placed.tags[0].offset == 5
