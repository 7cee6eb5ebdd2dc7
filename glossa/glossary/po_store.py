"""Glossary ⇄ gettext PO, lossless against the YAML.

msgid = source, msgstr = target, msgctxt = kind (or the id when the entry has one),
translator comments = note, extracted comments = variants, accepted forms and the other options,
the fuzzy flag = ``status: proposed`` (a translator who reviews the entry clears it).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import polib

from glossa.errors import GlossaError
from glossa.glossary.exchange import Exported, Read
from glossa.glossary.model import Glossary, Term
from glossa.glossary.updates import Incoming
from glossa.io import read_utf8

SOURCE_LANG_HEADER = "X-Glossa-Source-Language"
OPTION_FIELDS = ("match", "case_sensitive", "enforce", "status")


def export(glossary: Glossary, header: bool = False) -> Exported:
    """Every entry, nothing left out (``header``: a PO names its languages in its own header)."""
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
                                comment="\n".join(_extracted(term)),
                                flags=["fuzzy"] if term.status == "proposed" else []))
    return Exported(str(po) + "\n")


def _revision_date(glossary: Glossary) -> str:
    """The newest glossary file's modification time, so exports are reproducible."""
    stamps = [Path(p).stat().st_mtime for p in glossary.paths if Path(p).exists()]
    moment = datetime.fromtimestamp(max(stamps), UTC) if stamps else datetime.now(UTC)
    return moment.strftime("%Y-%m-%d %H:%M+0000")


def _extracted(term: Term) -> list[str]:
    lines = [f"kind: {term.kind}"] if term.id else []
    lines += [f"variant: {v}" for v in term.variants]
    lines += [f"form: {f}" for f in term.forms]
    lines += [f"forbidden: {f}" for f in term.forbidden]
    for name in OPTION_FIELDS:
        value = getattr(term, name)
        if name == "status" and value == "proposed":
            continue  # the fuzzy flag says it, and a translator's review clears it
        if not term.is_default(name):
            lines.append(f"{name}: {str(value).lower() if isinstance(value, bool) else value}")
    return lines


def read(path: str) -> Read:
    """The language pair the headers name (None without both), the translated entries, and
    what was skipped and why."""
    if not Path(path).is_file():
        raise GlossaError("no such file", path)
    check_syntax(read_utf8(path), path)
    try:
        po = polib.pofile(path, encoding="utf-8", wrapwidth=0)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        match = re.search(r"line (\d+)", str(exc))
        message = re.sub(r"\s*\(line \d+\)|\s+in po file\s+\S*", "", str(exc)).strip() or "bad PO file"
        raise GlossaError(message.replace("Syntax error", "PO syntax error"), path,
                          int(match.group(1)) if match else None) from None
    _check_entries(po, path)
    stated = (po.metadata.get(SOURCE_LANG_HEADER, "").strip(), po.metadata.get("Language", "").strip())
    langs = stated if all(stated) else None
    incoming: list[Incoming] = []
    skipped: list[str] = []
    for entry in po:
        where = f"{path}:{entry.linenum}"
        if entry.obsolete:
            skipped.append(f"{entry.msgid!r} at {where}: obsolete")
        elif not entry.msgstr.strip():
            skipped.append(f"{entry.msgid!r} at {where}: untranslated")
        else:
            incoming.append(_incoming(entry, where))
    return Read(langs, incoming, skipped)


def _incoming(entry: polib.POEntry, where: str) -> Incoming:
    options: dict[str, str] = {}
    variants: list[str] = []
    forms: list[str] = []
    forbidden: list[str] = []
    for line in entry.comment.splitlines():
        name, _, value = line.partition(":")
        value = value.strip()
        if name == "variant":
            variants.append(value)
        elif name == "form":
            forms.append(value)
        elif name == "forbidden":
            forbidden.append(value)
        elif name in OPTION_FIELDS or name == "kind":
            options[name] = value
        elif line.strip():
            file, _, number = where.rpartition(":")
            raise GlossaError(f"unknown extracted comment {line!r}", file, int(number))
    kind = options.pop("kind", None)
    ident = None
    if kind is None:
        kind = entry.msgctxt or "term"
    else:
        ident = entry.msgctxt
    fields: dict = {"variants": tuple(variants), "forms": tuple(forms), "forbidden": tuple(forbidden),
                    "note": entry.tcomment or None}
    for name in OPTION_FIELDS:
        value = options.get(name)
        fields[name] = (value == "true") if name == "case_sensitive" and value else value
    if entry.fuzzy:  # unreviewed, as glossa exports a proposed entry
        fields["status"] = "proposed"
    return Incoming(entry.msgid, entry.msgstr, int(where.rsplit(":", 1)[1]), kind=kind, id=ident,
                    fields=fields)


# ---------------------------------------------------------------- syntax, as msgfmt --check sees it
#
# polib reads leniently: an unterminated string becomes an empty msgstr and the entry is
# "untranslated". Every line is checked here first, so a file GNU msgfmt --check would reject
# is refused with its line, whether or not gettext is installed.

KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr\[\d+\]|msgstr)(?=[\s\"]|$)")
# Escapes polib decodes; others (\a, octal, hex) are valid for msgfmt but would be misread.
READ_ESCAPES = '\\"ntrvbf'
OTHER_ESCAPES = "a?'01234567x"


def check_syntax(text: str, path: str) -> None:
    """Refuse a PO file with a malformed line: an unterminated string, text after a string,
    a bad escape, an unknown keyword, or keywords out of order (a msgid without a msgstr)."""
    streams: dict[str, list[tuple[str | None, int]]] = {"": [], "~": []}
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.rstrip("\r").strip()
        stream: str | None = ""
        if line.startswith("#"):
            if line.startswith("#~"):
                line, stream = line[2:].strip(), "~"
                if line.startswith("|"):  # an obsolete entry's previous msgid
                    line, stream = line[1:].strip(), None
            elif line.startswith("#|"):  # the previous msgid of a fuzzy entry
                line, stream = line[2:].strip(), None
            else:
                continue
        if not line:
            continue
        keyword = KEYWORD.match(line)
        rest = line[keyword.end():].lstrip() if keyword else line
        if keyword is None and not line.startswith('"'):
            word = line.split()[0]
            raise GlossaError(f"PO syntax error: unknown keyword {word!r} (a line holds a keyword "
                              "such as msgid or msgstr, a quoted string or a # comment)", path, number)
        if keyword is not None and not rest.startswith('"'):
            raise GlossaError(f"PO syntax error: {keyword.group(1)} without a quoted string", path, number)
        _check_string(rest, path, number)
        if stream is not None:
            streams[stream].append((keyword.group(1) if keyword else None, number))
    for tokens in streams.values():
        _check_order(tokens, path)


def _check_string(rest: str, path: str, number: int) -> None:
    i = 1
    while i < len(rest):
        ch = rest[i]
        if ch == "\\":
            escape = rest[i + 1:i + 2]
            if not escape:
                break
            if escape not in READ_ESCAPES:
                what = "unsupported" if escape in OTHER_ESCAPES else "invalid"
                raise GlossaError(f"PO syntax error: {what} escape sequence '\\{escape}' in a string",
                                  path, number)
            i += 2
        elif ch == '"':
            after = rest[i + 1:].strip()
            if after:
                raise GlossaError(f"PO syntax error: text after the closing quote: {after!r}", path, number)
            return
        else:
            i += 1
    raise GlossaError("PO syntax error: unterminated string (no closing quote)", path, number)


def _check_order(tokens: list[tuple[str | None, int]], path: str) -> None:
    """msgctxt? msgid (msgstr | msgid_plural msgstr[n]+), each keyword followed by its strings."""
    keywords: list[tuple[str, int]] = []
    for keyword, number in tokens:
        if keyword is None:
            if not keywords:
                raise GlossaError("PO syntax error: a string without a keyword before it", path, number)
        else:
            keywords.append((keyword, number))
    i = 0
    while i < len(keywords):
        keyword, number = keywords[i]
        if keyword == "msgctxt":
            i += 1
            if i == len(keywords) or keywords[i][0] != "msgid":
                raise GlossaError("PO syntax error: msgctxt without a msgid after it", path, number)
            keyword, number = keywords[i]
        if keyword != "msgid":
            raise GlossaError(f"PO syntax error: {keyword} without a msgid before it", path, number)
        i += 1
        following = keywords[i][0] if i < len(keywords) else None
        if following == "msgstr":
            i += 1
        elif following == "msgid_plural":
            i += 1
            start = i
            while i < len(keywords) and keywords[i][0].startswith("msgstr["):
                i += 1
            if i == start:
                raise GlossaError("PO syntax error: msgid_plural without msgstr[0]", path, keywords[i - 1][1])
        else:
            raise GlossaError("PO syntax error: msgid without a msgstr", path, number)


def _check_entries(po: polib.POFile, path: str) -> None:
    """What msgfmt --check refuses in well-formed lines: no header, a message defined
    twice, a translation that does not begin and end with a newline as its msgid does."""
    if not po.metadata:
        raise GlossaError('PO header missing or empty (the first entry must be msgid "" with '
                          "header fields such as Language)", path, 1)
    first: dict[tuple[str | None, str], int] = {}
    for entry in po:
        key = (entry.msgctxt, entry.msgid)
        if key in first:
            context = f" (msgctxt {entry.msgctxt!r})" if entry.msgctxt else ""
            raise GlossaError(f"PO error: {entry.msgid!r}{context} is defined twice, first at line "
                              f"{first[key]}", path, entry.linenum)
        first[key] = entry.linenum
        if entry.msgstr and not entry.fuzzy and not entry.obsolete and entry.msgid and (
                entry.msgid.startswith("\n") != entry.msgstr.startswith("\n")
                or entry.msgid.endswith("\n") != entry.msgstr.endswith("\n")):
            raise GlossaError("PO error: msgid and msgstr do not both begin and end with a newline",
                              path, entry.linenum)
