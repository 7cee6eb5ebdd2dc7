"""Reading XML that comes from outside (TBX term bases, XLIFF and TMX documents) safely: lxml
with entity expansion, DTD loading and the network off, libxml2's depth limit on, and a file
that declares entities (billion laughs, an external entity) refused in one line."""

from __future__ import annotations

from lxml import etree

from glossa.errors import GlossaError
from glossa.io import TEXT_LIMIT, read_bytes


def parse_xml(path: str, what: str) -> tuple[bytes, etree._ElementTree]:
    """The bytes of an XML file and its parsed tree (comments and processing instructions
    kept, so a document written back keeps them); ``what`` names the kind of file in errors."""
    data = read_bytes(path, TEXT_LIMIT, regular_only=True)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                             huge_tree=False, remove_blank_text=False)
    try:
        tree = etree.fromstring(data, parser).getroottree()
    except etree.XMLSyntaxError as exc:
        raise GlossaError(f"not well-formed XML: {exc.msg}", path, exc.lineno) from None
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise GlossaError(f"declares XML entities, which glossa does not expand (a {what} needs none)", path)
    return data, tree


def local_name(element) -> str:
    """An element's name without its namespace ("" for a comment or processing instruction)."""
    return etree.QName(element).localname if isinstance(element.tag, str) else ""
