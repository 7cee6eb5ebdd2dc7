"""gettext PO documents (a program's or a site's messages, not a glossary): msgid is the
source, msgstr the target. A unit for review gets the ``fuzzy`` flag, so gettext does not use
it until a translator clears it, and a translator comment naming the terms. Plural entries
are left alone (their forms follow the target language's plural rules), as are obsolete ones.
A file in which nothing changed is written back byte for byte."""

from __future__ import annotations

import polib

from glossa.documents.inline import Marked
from glossa.documents.model import Unit
from glossa.errors import GlossaError
from glossa.glossary.po_store import check_syntax
from glossa.io import TEXT_LIMIT, read_bytes

NOTE_PREFIX = "glossa: "


def read(path: str) -> PoDocument:
    return PoDocument(path)


class PoDocument:
    def __init__(self, path: str) -> None:
        self.path = path
        self.data = read_bytes(path, TEXT_LIMIT, regular_only=True)
        try:
            text = self.data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise GlossaError(f"not valid UTF-8 (byte 0x{self.data[exc.start]:02x})", path,
                              self.data[:exc.start].count(b"\n") + 1) from None
        check_syntax(text, path)
        self.po = polib.pofile(text, wrapwidth=78)
        self.target_lang = self.po.metadata.get("Language") or None
        self.source_lang = None
        self.entries = [e for e in self.po if not e.obsolete and e.msgid]
        self.units = [Unit(e.msgid if not e.msgctxt else f"{e.msgctxt}|{e.msgid}", Marked(e.msgid),
                           Marked(e.msgstr) if e.msgstr else None,
                           "a plural entry" if e.msgid_plural else None) for e in self.entries]
        self.changed = False

    def set_target(self, index: int, marked: Marked, machine: bool) -> None:
        """A machine translation is marked fuzzy, so gettext uses it only once a translator
        has reviewed it, as gettext's own tools mark what they fill in."""
        entry = self.entries[index]
        entry.msgstr = marked.text
        if machine and "fuzzy" not in entry.flags:
            entry.flags.append("fuzzy")
        self.changed = True

    def mark_for_review(self, index: int, notes: list[str]) -> None:
        entry = self.entries[index]
        if "fuzzy" not in entry.flags:
            entry.flags.append("fuzzy")
        comments = [line for line in entry.tcomment.splitlines() if not line.startswith(NOTE_PREFIX)]
        entry.tcomment = "\n".join(comments + [NOTE_PREFIX + note for note in notes])
        self.changed = True

    def dumps(self) -> bytes:
        if not self.changed:
            return self.data
        text = str(self.po)
        if not self.po.header:   # polib writes an empty header comment as a lone "#"
            text = text.removeprefix("#\n")
        return text.rstrip("\n").encode("utf-8") + b"\n"
