"""The model's own rendering of a term's source standing alone, a witness for the attention
finder.

Attention ties a term to the output words the model wrote for it, and at times to a word
that renders something else ("children" for 辉瑞 where the model dropped Pfizer). Where the
model translated a name word for word ("the relay publisher" for 接力出版社, "power build"
for 台积电), the span is in lower case as the other mistake is, and a capital does not tell
the two apart. The model's translation of the term's source alone does: when the span's
words are exactly the ones it writes for the term by itself, the span is the term's
rendering, whatever its case.
"""

from __future__ import annotations

from collections.abc import Iterable

from glossa.enforce.target_forms import written_plural
from glossa.enforce.words import WORDS, stem_of

ARTICLES = frozenset({"a", "an", "the"})
KEPT_AT_MOST = 20_000   # surfaces remembered across a run's windows (a corpus repeats its terms)


class Readings:
    """The model's translations of term surfaces standing alone, made a batch at a time for
    the surfaces a window of sentences brings and kept for the run. Greedy: one cheap call,
    and the model's first choice at each step is the reading a word-for-word translation
    follows (台积电: greedy "Power build", where the beam writes "Station electricity")."""

    def __init__(self, translator, known: dict[str, tuple[str, ...]] | None = None) -> None:
        """``known``: readings already made (surface → the model's translations of it alone)."""
        self.translator = translator
        self.known = dict(known or {})

    def add(self, surfaces: Iterable[str]) -> None:
        """Translate the surfaces not yet known, one model call for all of them."""
        new = sorted(set(surfaces) - self.known.keys())
        if not new:
            return
        if len(self.known) + len(new) > KEPT_AT_MOST:
            self.known.clear()
        for surface, reading in zip(new, self.translator.greedy(new)):
            self.known[surface] = (reading.text,)

    def of(self, surface: str) -> tuple[str, ...]:
        return self.known.get(surface, ())


def is_own_reading(text: str, readings: tuple[str, ...], rendering: str, lang: str) -> bool:
    """Whether the text's words are, stem for stem and in order, all the words of one of the
    model's readings of the term alone, an opening article aside (power builder for "Power
    build", the relay publisher for "The relay publisher."): neither a word more (Zhang's
    vision for "Zhang Zhongxian") nor less (umbrella for "Small umbrella", where "small"
    renders a character of the term too). A last word in the plural where the rendering's
    is not names more than the term (Yale and Brown universities for Brown University)."""
    own = _stems(text)
    words = WORDS.findall(text)
    if not own or written_plural(words[-1], lang) and not written_plural(WORDS.findall(rendering)[-1], lang):
        return False
    return any(_stems(reading) == own for reading in readings)


def _stems(text: str) -> tuple[str, ...]:
    words = [w.lower() for w in WORDS.findall(text)]
    while words and words[0] in ARTICLES:
        words = words[1:]
    return tuple(stem_of(w) for w in words)
