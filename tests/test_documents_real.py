"""Documents other tools wrote (translate-toolkit's test suite: XLIFF from its converters,
Pootle and gettext PO files) read and written back by glossa: untouched when no term is in
them, and still well-formed (PO: accepted by msgfmt when it was) when a term is edited."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
from lxml import etree

from glossa.documents import read_document
from tests.conftest import run_glossa
from tests.fixtures_models import real_documents

DOCUMENTS, WHY = real_documents()
if not DOCUMENTS and os.environ.get("CI"):
    raise RuntimeError(f"the real documents are needed in CI: {WHY}")
pytestmark = pytest.mark.skipif(not DOCUMENTS, reason=WHY)


def glossary_for(tmp_path, document, source: str = "zzqxjv", target: str = "Zzqxjv", variants: str = "[]"):
    pair = (document.source_lang or "en").split("-")[0], (document.target_lang or "af").split("-")[0]
    path = tmp_path / "g.yaml"
    path.write_text(f"source_lang: {pair[0]}\ntarget_lang: {pair[1]}\nterms:\n  - {{source: {source!r}, target: "
                    f"{target!r}, kind: term, match: exact, variants: {variants}}}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_a_real_document_with_no_term_in_it_comes_back_byte_for_byte(tmp_path, path):
    glossary = glossary_for(tmp_path, read_document(str(path)))
    out = tmp_path / ("out" + path.suffix)
    result = run_glossa("enforce", str(path), "-g", str(glossary), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == path.read_bytes()


def _edited_unit(document):
    """A unit with a target and a word of its source and of its target to make a term of."""
    for unit in document.units:
        if unit.skipped or unit.target is None:
            continue
        source = re.findall(r"[^\W\d_]{4,}", unit.source.text)
        target = re.findall(r"[^\W\d_]{4,}", unit.target.text)
        if source and target:
            return unit, source[0], target[0]
    return None


WITH_TARGETS = [p for p in DOCUMENTS if _edited_unit(read_document(str(p))) is not None]


@pytest.mark.parametrize("path", WITH_TARGETS, ids=lambda p: p.name)
def test_a_real_document_stays_valid_when_a_term_is_replaced(tmp_path, path):
    document = read_document(str(path))
    unit, source_word, target_word = _edited_unit(document)
    glossary = glossary_for(tmp_path, document, source_word, "Glossaterm", f"[{target_word!r}]")
    out = tmp_path / ("out" + path.suffix)
    result = run_glossa("enforce", str(path), "-g", str(glossary), "-o", str(out))
    assert result.returncode == 0, result.stderr
    again = read_document(str(out))
    assert [u.id for u in again.units] == [u.id for u in document.units]
    edited = next(u for u in again.units if u.id == unit.id)
    assert "Glossaterm" in edited.target.text
    if path.suffix == ".xlf":
        etree.parse(str(out))
    elif shutil.which("msgfmt"):
        def accepted(p) -> bool:
            return subprocess.run(["msgfmt", "--check-format", "-o", os.devnull, str(p)],
                                  capture_output=True).returncode == 0
        assert accepted(out) or not accepted(path)
