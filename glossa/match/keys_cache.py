"""The morphology's keys for the words of a large glossary, kept between runs.

Indexing a term word means analysing it (pymorphy3 parses, declined forms of names): about a
millisecond a word, so minutes for a term base of 100,000 entries, every run. The keys of
each word depend only on the word, the analyser and glossa's version, so they are stored per
glossary content (a hash of its terms) in the user's cache directory (``GLOSSA_CACHE_DIR``,
else ``$XDG_CACHE_HOME/glossa``, else ``~/.cache/glossa``) and read back while the glossary is
unchanged; a changed glossary gets a file of its own. Small glossaries are not cached: they
index in well under a second.
"""

from __future__ import annotations

import hashlib
import json

from glossa.glossary.cache import cache_directory

CACHED_FROM = 2000   # terms from which a glossary's keys are kept


class KeysCache:
    """A morphology's ``term_keys`` for one glossary's words: read from the cache file when
    there is one, computed (and saved by ``save``) for the words it lacks."""

    def __init__(self, morphology, terms, lang: str) -> None:
        from glossa import __version__

        self.morphology = morphology
        digest = hashlib.sha256("\n".join([__version__, lang, type(morphology).__name__,
                                           *(t.source for t in terms)]).encode()).hexdigest()
        self.path = cache_directory() / f"term-keys-{digest[:32]}.json"
        self.known: dict[str, list[str]] = {}
        self.added = False
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(loaded, dict):
                self.known = loaded
        except (OSError, ValueError):
            pass   # no cache yet, or one cut short: the keys are computed again

    def term_keys(self, word: str, proper: bool):
        key = ("^" if proper else "") + word
        found = self.known.get(key)
        if found is None:
            found = sorted(self.morphology.term_keys(word, proper))
            self.known[key] = found
            self.added = True
        return found

    def save(self) -> None:
        """Write the keys computed this run (atomically; a cache that cannot be written only
        costs the next run its time)."""
        if not self.added:
            return
        from glossa.writing import atomic_write

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path, json.dumps(self.known, ensure_ascii=False))
        except OSError:
            pass
