"""jieba's dictionary held compactly.

jieba keeps its 349,000 words in a dict together with every prefix of every word (the
prefixes with a count of 0, so its word graph knows where no word goes on): some 60 MB in
each process that segments Chinese. The same answers come from a DAWG of the words and
their counts (DAWG2, the C library pymorphy3 reads its own dictionary with): a prefix is
whatever some word begins with. The DAWG, some 5 MB, is built once from jieba's own file
(half a second) and kept in the user's cache directory, keyed by a hash of that file, so a
later run loads it in milliseconds.
"""

from __future__ import annotations

import hashlib

from glossa.glossary.cache import cache_directory

TOTAL_BYTES = 8   # the cache file: jieba's total count, then the DAWG


class WordCounts:
    """What jieba's tokenizer asks of its word map (``FREQ``), answered from the DAWG: a
    word's count, 0 for a prefix of a word, and nothing for any other string."""

    def __init__(self, counts) -> None:
        self._counts = counts   # dawg.IntCompletionDAWG

    def __contains__(self, key: str) -> bool:
        return self._counts.has_keys_with_prefix(key)

    def __getitem__(self, key: str) -> int:
        count = self._counts.get(key)
        if count is not None:
            return count
        if self._counts.has_keys_with_prefix(key):
            return 0
        raise KeyError(key)

    def get(self, key: str, default: int | None = None) -> int | None:
        try:
            return self[key]
        except KeyError:
            return default


def load_word_counts() -> tuple[WordCounts, int]:
    """jieba's words and their total count, as ``jieba.Tokenizer.initialize`` would load them
    (a word listed twice keeps its last count; the total counts every line)."""
    import dawg
    import jieba

    raw = jieba.Tokenizer().get_dict_file().read()
    path = cache_directory() / f"jieba-words-{hashlib.sha256(raw).hexdigest()[:32]}.dawg"
    try:
        kept = path.read_bytes()
        return WordCounts(dawg.IntCompletionDAWG().frombytes(kept[TOTAL_BYTES:])), \
            int.from_bytes(kept[:TOTAL_BYTES], "little")
    except OSError:
        pass   # none kept, or not a DAWG (DAWG2 says so with an OSError): built again
    counts: dict[str, int] = {}
    total = 0
    for line in raw.decode("utf-8").splitlines():
        word, count = line.strip().split(" ")[:2]
        counts[word] = int(count)
        total += int(count)
    built = dawg.IntCompletionDAWG(counts.items())
    _keep(path, total.to_bytes(TOTAL_BYTES, "little") + built.tobytes())
    return WordCounts(built), total


def _keep(path, data: bytes) -> None:
    """Write the cache file (a cache that cannot be written only costs the next run)."""
    from glossa.writing import atomic_write

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, data)
    except OSError:
        pass
