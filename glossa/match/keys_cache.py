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
import os
from collections.abc import Iterable

from glossa.glossary.cache import cache_directory

CACHED_FROM = 2000        # terms from which a glossary's keys are kept
SHARED_FROM = 20_000      # words to analyse from which the work is shared among the CPUs
SHARE = 10_000            # words a process analyses at a time (a Ctrl-C waits for no more)


class KeysCache:
    """A morphology's ``term_keys`` for one glossary's words: read from the cache file when
    there is one, computed (and saved by ``save``) for the words it lacks. Each word's keys
    are kept as one string, tab-joined (keys are words: no tab in them), which holds a term
    base's 200,000 words in a fraction of the memory lists of strings take."""

    def __init__(self, morphology, terms, lang: str) -> None:
        from glossa import __version__

        self.morphology = morphology
        digest = hashlib.sha256("\n".join([__version__, lang, type(morphology).__name__, "tab-joined",
                                           *(t.source for t in terms)]).encode()).hexdigest()
        self.path = cache_directory() / f"term-keys-{digest[:32]}.json"
        self.known: dict[str, str] = {}
        self.read_whole = False   # the keys of every word of the glossary, from the file
        self.added = False
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(loaded, dict):
                self.known = loaded
                self.read_whole = True
        except (OSError, ValueError):
            pass   # no cache yet, or one cut short: the keys are computed again

    def term_keys(self, word: str, proper: bool) -> list[str]:
        key = _key(word, proper)
        found = self.known.get(key)
        if found is None:
            found = self.known[key] = _joined(self.morphology, word, proper)
            self.added = True
        return found.split("\t")

    def analyse_all(self, words: Iterable[tuple[str, bool]]) -> None:
        """Compute beforehand the keys of the ``words`` (word, proper) the cache lacks; many
        are shared among the CPUs, each process with an analyser of its own (pymorphy3
        analyses a word in some 0.06 ms, so a new term base of 100,000 entries takes
        seconds on each core). A cache read from its file lacks none (it is written once the
        whole index is built), and ``words`` is not even read then."""
        if self.read_whole:
            return
        missing = sorted({(w, p) for w, p in words if _key(w, p) not in self.known})
        cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        if len(missing) < SHARED_FROM or cpus < 2:
            return   # computed as the index asks for them
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        parts = [missing[k:k + SHARE] for k in range(0, len(missing), SHARE)]
        with ProcessPoolExecutor(min(cpus, len(parts)), mp_context=multiprocessing.get_context("spawn"),
                                 initializer=_ignore_interrupts) as pool:
            for found in pool.map(_analysed, [type(self.morphology)] * len(parts), parts):
                self.known.update(found)
        self.added = True

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


def _key(word: str, proper: bool) -> str:
    return ("^" if proper else "") + word


def _joined(morphology, word: str, proper: bool) -> str:
    return "\t".join(sorted(morphology.term_keys(word, proper)))


def _analysed(morphology_type, words: list[tuple[str, bool]]) -> dict[str, str]:
    """In a process of its own: the keys of ``words`` by a new analyser of that type."""
    morphology = morphology_type()
    return {_key(w, p): _joined(morphology, w, p) for w, p in words}


def _ignore_interrupts() -> None:
    """A Ctrl-C reaches the whole process group: the parent answers it, and its helpers
    finish their part quietly instead of each printing a traceback."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
