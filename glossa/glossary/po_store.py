"""Glossary ⇄ gettext PO, lossless against the YAML.

msgid = source, msgstr = target, msgctxt = kind (or the id when the entry has one),
translator comments = note, extracted comments = variants, accepted forms and the other options.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

import polib

from glossa.errors import GlossaError
from glossa.glossary.model import Glossary, Term
from glossa.glossary.updates import Incoming

SOURCE_LANG_HEADER = "X-Glossa-Source-Language"
OPTION_FIELDS = ("match", "case_sensitive", "enforce", "status")


def export(glossary: Glossary) -> str:
    po = polib.POFile(wrapwidth=0)
    po.header = (f"glossa glossary {glossary.source_lang}→{glossary.target_lang}. msgstr is the "
                 "rendering; msgctxt the kind (or id).\nTranslator comments are notes; extracted "
                 "comments (#.) list variants, accepted forms and options.")
    po.metadata = {
        "Project-Id-Version": "glossa glossary",
        "Report-Msgid-Bugs-To": "",
        "PO-Revision-Date": _revision_date(glossary),
        "Last-Translator": "",
        "Language-Team": "",
        "Language": glossary.target_lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        SOURCE_LANG_HEADER: glossary.source_lang,
    }
    for term in glossary.terms:
        po.append(polib.POEntry(msgctxt=term.id or term.kind, msgid=term.source,
                                msgstr=term.target, tcomment=term.note or "",
                                comment="\n".join(_extracted(term))))
    return str(po) + "\n"


def _revision_date(glossary: Glossary) -> str:
    """The newest glossary file's modification time, so exports are reproducible."""
    stamps = [Path(p).stat().st_mtime for p in glossary.paths if Path(p).exists()]
    moment = datetime.fromtimestamp(max(stamps), timezone.utc) if stamps else datetime.now(timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M+0000")


def _extracted(term: Term) -> list[str]:
    lines = [f"kind: {term.kind}"] if term.id else []
    lines += [f"variant: {v}" for v in term.variants]
    lines += [f"form: {f}" for f in term.forms]
    for name in OPTION_FIELDS:
        value = getattr(term, name)
        if value != getattr(Term("", ""), name):
            lines.append(f"{name}: {str(value).lower() if isinstance(value, bool) else value}")
    return lines


def read(path: str) -> tuple[tuple[str, str], list[Incoming], list[str]]:
    """(source_lang, target_lang), the translated entries, and what was skipped and why."""
    if not Path(path).is_file():
        raise GlossaError("no such file", path)
    try:
        po = polib.pofile(path, encoding="utf-8", wrapwidth=0)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        match = re.search(r"line (\d+)", str(exc))
        message = re.sub(r"\s*\(line \d+\)|\s+in po file\s+\S*", "", str(exc)).strip() or "bad PO file"
        raise GlossaError(message.replace("Syntax error", "PO syntax error"), path,
                          int(match.group(1)) if match else None) from None
    langs = (po.metadata.get(SOURCE_LANG_HEADER, "ru"), po.metadata.get("Language", "en"))
    incoming: list[Incoming] = []
    skipped: list[str] = []
    for entry in po:
        where = f"{path}:{entry.linenum}"
        if entry.obsolete:
            skipped.append(f"{entry.msgid!r} at {where}: obsolete")
        elif entry.fuzzy:
            skipped.append(f"{entry.msgid!r} at {where}: fuzzy, needs review")
        elif not entry.msgstr.strip():
            skipped.append(f"{entry.msgid!r} at {where}: untranslated")
        else:
            incoming.append(_incoming(entry, where))
    return langs, incoming, skipped


def _incoming(entry: polib.POEntry, where: str) -> Incoming:
    options: dict[str, str] = {}
    variants: list[str] = []
    forms: list[str] = []
    for line in entry.comment.splitlines():
        name, _, value = line.partition(":")
        value = value.strip()
        if name == "variant":
            variants.append(value)
        elif name == "form":
            forms.append(value)
        elif name in OPTION_FIELDS or name == "kind":
            options[name] = value
        elif line.strip():
            raise GlossaError(f"unknown extracted comment {line!r}", *where.rsplit(":", 1))
    kind = options.pop("kind", None)
    ident = None
    if kind is None:
        kind = entry.msgctxt or "term"
    else:
        ident = entry.msgctxt
    fields: dict = {"variants": tuple(variants), "forms": tuple(forms), "note": entry.tcomment or None}
    for name in OPTION_FIELDS:
        value = options.get(name)
        fields[name] = (value == "true") if name == "case_sensitive" and value else value
    return Incoming(entry.msgid, entry.msgstr, int(where.rsplit(":", 1)[1]), kind=kind, id=ident,
                    fields=fields)
