"""TBX term bases: YAML → TBX → YAML gives the same glossary, the export is TBX-Basic by the
shipped schema, TBX 2 (martif) and other tools' files import with their statuses mapped, and
hostile XML is refused in one line with nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from glossa.glossary.loading import load
from tests.conftest import ROOT, SHIPPED, assert_one_line_error, run_glossa, write_glossary

SCHEMA = Path(__file__).parent / "data" / "tbx-basic-dca.rng"
EVAL_GLOSSARIES = sorted((ROOT / "scripts" / "eval").glob("*.yaml"))

FULL_ENTRY = """\
  - id: kyiv-1
    source: Киев
    target: Kyiv
    kind: place
    variants: [Kiyv]
    forms: [Kyivan]
    forbidden: [Kiev]
    note: |-
      Capital of Ukraine.
      Kiev only in historical names.
    match: exact
    case_sensitive: true
    enforce: suggest
    status: proposed
"""


def export(glossary: Path, out: Path) -> Path:
    result = run_glossa("glossary", "export", str(glossary), "--format", "tbx", "-o", str(out))
    assert result.returncode == 0, result.stderr
    return out


@pytest.mark.parametrize("glossary", [SHIPPED, *EVAL_GLOSSARIES], ids=lambda p: p.name)
def test_yaml_to_tbx_to_yaml_gives_the_same_glossary(glossary, tmp_path):
    tbx = export(glossary, tmp_path / "g.tbx")
    back = tmp_path / "back.yaml"
    result = run_glossa("glossary", "import", str(tbx), "--into", str(back))
    assert result.returncode == 0, result.stderr
    assert load(str(back)).terms == load(str(glossary)).terms


def test_every_field_of_an_entry_travels_through_tbx(tmp_path):
    glossary = write_glossary(tmp_path, FULL_ENTRY)
    tbx = export(glossary, tmp_path / "g.tbx")
    back = tmp_path / "back.yaml"
    assert run_glossa("glossary", "import", str(tbx), "--into", str(back)).returncode == 0
    assert load(str(back)).terms == load(str(glossary)).terms
    statuses = {t.findtext("{*}term"): t.findtext("{*}termNote[@type='administrativeStatus']")
                for t in etree.parse(str(tbx)).iter("{*}termSec")}
    assert statuses == {"Киев": "preferredTerm-admn-sts", "Kyiv": "preferredTerm-admn-sts",
                        "Kyivan": "admittedTerm-admn-sts", "Kiyv": "supersededTerm-admn-sts",
                        "Kiev": "deprecatedTerm-admn-sts"}


@pytest.mark.parametrize("glossary", [SHIPPED, *EVAL_GLOSSARIES], ids=lambda p: p.name)
def test_the_export_is_valid_tbx_basic(glossary, tmp_path):
    schema = etree.RelaxNG(etree.parse(str(SCHEMA)))
    document = etree.parse(str(export(glossary, tmp_path / "g.tbx")))
    assert schema.validate(document), schema.error_log.last_error


TBX2 = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">
<martif type="TBX-Basic" xml:lang="en-US">
  <martifHeader><fileDesc><sourceDesc><p>exported from a term base</p></sourceDesc></fileDesc></martifHeader>
  <text><body>
    <termEntry id="t1">
      <descrip type="definition">The capital of Ukraine.</descrip>
      <langSet xml:lang="ru">
        <tig><term>Киев</term><termNote type="partOfSpeech">properNoun</termNote></tig>
      </langSet>
      <langSet xml:lang="en-US">
        <tig><term>Kyiv</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
             <termNote type="partOfSpeech">properNoun</termNote></tig>
        <ntig><termGrp><term>Kiev</term>
              <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termGrp></ntig>
      </langSet>
      <langSet xml:lang="de"><tig><term>Kiew</term></tig></langSet>
    </termEntry>
    <termEntry id="t2">
      <note>Only a German term.</note>
      <langSet xml:lang="de"><tig><term>Stadt</term></tig></langSet>
    </termEntry>
    <termEntry id="t3">
      <langSet xml:lang="ru">
        <tig><term>пресс-секретарь</term></tig>
        <tig><term>пресс-атташе</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig>
        <tig><term>пресс-агент</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
      </langSet>
      <langSet xml:lang="en"><tig><term>press secretary</term></tig><tig><term>spokesperson</term></tig></langSet>
    </termEntry>
  </body></text>
</martif>
"""


def test_a_tbx2_term_base_of_another_tool_imports_for_the_pair_asked(tmp_path):
    tbx = tmp_path / "base.tbx"
    tbx.write_text(TBX2, encoding="utf-8")
    into = tmp_path / "g.yaml"
    unsure = run_glossa("glossary", "import", str(tbx), "--into", str(into))
    assert_one_line_error(unsure, "terms in de, en, en-US, ru", "give --from and --to")
    assert not into.exists()
    result = run_glossa("glossary", "import", str(tbx), "--into", str(into), "--from", "ru", "--to", "en")
    assert result.returncode == 0, result.stderr
    assert "base.tbx:19: no ru term" in result.stdout
    terms = {t.source: t for t in load(str(into)).terms}
    assert set(terms) == {"Киев", "пресс-секретарь", "пресс-атташе"}
    kyiv = terms["Киев"]
    assert (kyiv.target, kyiv.forbidden, kyiv.note, kyiv.case_sensitive) == \
        ("Kyiv", ("Kiev",), "Definition: The capital of Ukraine.", True)
    assert terms["пресс-секретарь"].target == terms["пресс-атташе"].target == "press secretary"
    assert terms["пресс-секретарь"].forms == ("spokesperson",)


@pytest.mark.parametrize("text, why", [
    ("""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<tbx><text><body><conceptEntry id="c1"><note>&lol2;</note></conceptEntry></body></text></tbx>""",
     "declares XML entities"),
    ("""<?xml version="1.0"?>
<!DOCTYPE tbx [<!ENTITY ext SYSTEM "file:///etc/passwd">]>
<tbx><text><body><conceptEntry id="c1"><note>&ext;</note></conceptEntry></body></text></tbx>""",
     "declares XML entities"),
    ("<tbx>" + "<note>" * 5000 + "</note>" * 5000 + "</tbx>", "not well-formed XML"),
    ("<tbx><text><body><conceptEntry></body></text></tbx>", "not well-formed XML"),
    ("<html><body/></html>", "not a TBX file"),
])
def test_hostile_or_broken_xml_is_refused_in_one_line_and_nothing_written(tmp_path, text, why):
    tbx = tmp_path / "bad.tbx"
    tbx.write_text(text, encoding="utf-8")
    glossary = write_glossary(tmp_path, "  - {source: Москва, target: Moscow, kind: place}\n")
    before = glossary.read_bytes()
    result = run_glossa("glossary", "import", str(tbx), "--into", str(glossary))
    assert_one_line_error(result, str(tbx), why)
    assert glossary.read_bytes() == before


def test_a_glossa_export_for_another_pair_is_refused_by_the_glossary(tmp_path):
    zh = write_glossary(tmp_path, "  - {source: 北京, target: Beijing, kind: place}\n", "zh.yaml",
                        head="source_lang: zh\ntarget_lang: en\nterms:\n")
    tbx = export(zh, tmp_path / "zh.tbx")
    ru = write_glossary(tmp_path, "  - {source: Москва, target: Moscow, kind: place}\n")
    before = ru.read_bytes()
    assert_one_line_error(run_glossa("glossary", "import", str(tbx), "--into", str(ru)), "zh→en", "ru→en")
    assert ru.read_bytes() == before
