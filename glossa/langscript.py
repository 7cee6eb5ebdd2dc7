"""Does a text look written in its language's script? Catches swapped --source/--mt and a
source in another language than the glossary's, which would otherwise match nothing."""

from __future__ import annotations

import unicodedata

from glossa.errors import GlossaError
from glossa.profiles import profile

SAMPLE = 4096        # characters looked at, from the start
MIN_LETTERS = 20     # fewer letters than this: too little to judge, accepted
MIN_SHARE = 0.5      # share of the letters that must be in the language's script

def script_share(text: str, lang: str) -> tuple[float, int] | None:
    """(share of the letters of the text's first SAMPLE characters written in the script of
    ``lang``, number of letters); None for a language whose script glossa does not know."""
    prefixes = profile(lang).script_names
    if not prefixes:
        return None
    letters = hits = 0
    for ch in text[:SAMPLE]:
        if not ch.isalpha():
            continue
        letters += 1
        if unicodedata.name(ch, "").startswith(prefixes):
            hits += 1
    return (hits / letters if letters else 1.0), letters


def check_script(text: str, lang: str, path: str, role: str, other: str | None = None) -> None:
    """Refuse a text whose letters are mostly not in the script of ``lang`` (one line naming
    the file); too short a text or an unknown language is accepted."""
    measured = script_share(text, lang)
    if measured is None or measured[1] < MIN_LETTERS or measured[0] >= MIN_SHARE:
        return
    share, _ = measured
    script = profile(lang).script
    hint = ""
    if other is not None:
        other_measured = script_share(text, other)
        if other_measured is not None and other_measured[0] >= MIN_SHARE:
            hint = f"; it looks like {other} (are --source and --mt swapped?)"
    raise GlossaError(f"the {role} text should be {lang} but only {share:.0%} of its letters are "
                      f"{script}{hint}", path)
