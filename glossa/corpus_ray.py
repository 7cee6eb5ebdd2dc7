"""A corpus on a Ray cluster (``glossa translate DIR -o OUT --ray [ADDRESS]``, the optional
extra ``glossa[ray]``): the same chunks of documents as a run on one machine, translated by
Ray Data's ``map_batches`` with a callable class, so each actor loads the model and holds the
glossary once; the results come back to this process, which writes them with the same
writer and run records, so a Ray run resumes as any run does and gives the same files.

The chunks go to Ray a window at a time (WINDOW chunks a dataset), so the driver holds no
more of a streamed corpus than a window.

``--ray local`` starts a local Ray on this machine; an address joins that cluster. Each actor
takes ``--threads`` CPUs (at least one) for each of its ``--workers`` and, with ``--device
cuda``, one GPU; as many actors run as the cluster's free CPUs (or GPUs) allow.
"""

from __future__ import annotations

import os

from glossa.corpus import translated_document, translated_texts
from glossa.corpus_input import Doc
from glossa.errors import GlossaError

WINDOW = 512   # chunks in one Ray dataset (some 30,000 paragraphs): each dataset starts its
               # actors, a model load each, which so much work outweighs


class ChunkTranslator:
    """The callable class each Ray actor holds: the model loaded once, the glossary kept."""

    def __init__(self, glossary, from_code: str, to_code: str, options, edit: bool) -> None:
        from glossa.pipeline import load_translator

        self.glossary, self.edit = glossary, edit
        self.translator = load_translator(from_code, to_code, options=options)

    def __call__(self, batch: dict) -> dict:
        results = []
        for ids, texts in zip(batch["ids"], batch["texts"]):
            docs = [Doc(ident, text) for ident, text in zip(ids, texts)]
            placed = translated_texts(docs, self.glossary, self.translator, self.edit)
            results.append([[doc.id, [(p.paragraph, p.segment) for p in found]] for doc, found in placed])
        return {"chunk": list(batch["chunk"]), "results": results}


class RayEngine:
    """Chunks translated on a Ray cluster (a local one without an address)."""

    def __init__(self, package, options, address: str | None) -> None:
        try:
            import ray
        except ImportError:
            raise GlossaError("--ray needs Ray: pip install 'glossa[ray]'") from None
        self.ray = ray
        self.package, self.options, self.address = package, options, address
        self._local = None

    def translate_chunks(self, chunks, glossary, edit: bool):
        """The chunks' results, a dataset of WINDOW chunks at a time: the driver holds no more
        of a streamed corpus than that."""
        from glossa.pipeline import windows

        for window in windows(chunks, WINDOW):
            yield from self._translate_window(window, glossary, edit)

    def _translate_window(self, todo: list[list[Doc]], glossary, edit: bool):
        import ray.data

        from glossa.records import Placed

        env = {name: os.environ[name] for name in ("ARGOS_PACKAGES_DIR", "GLOSSA_CACHE_DIR") if name in os.environ}
        if not self.ray.is_initialized():
            # a local Ray need not start an idle worker per CPU for tasks: glossa's actors
            # are the only work, and they start their own processes
            self.ray.init(address=self.address, include_dashboard=False, log_to_driver=False,
                          configure_logging=False, runtime_env={"env_vars": env} if env else None,
                          _system_config=None if self.address else {"prestart_worker_first_driver": False})
        rows = [{"chunk": n, "ids": [d.id for d in chunk], "texts": [d.text or "" for d in chunk]}
                for n, chunk in enumerate(todo)]
        gpus = 1 if self.options.device == "cuda" else 0
        cpus = max(1, self.options.threads) * self.options.workers
        free = self.ray.available_resources()
        actors = max(1, min(len(rows), int(free.get("GPU", 0)) if gpus else int(free.get("CPU", 1) // cpus)))
        dataset = ray.data.from_items(rows).map_batches(
            ChunkTranslator, batch_size=1, concurrency=actors, num_cpus=cpus, num_gpus=gpus,
            fn_constructor_args=(glossary, self.package.from_code, self.package.to_code, self.options, edit))
        for row in dataset.iter_rows():
            chunk = todo[row["chunk"]]
            by_id = {doc.id: doc for doc in chunk}
            yield chunk, [(by_id[ident], [Placed(paragraph, segment) for paragraph, segment in found])
                          for ident, found in row["results"]]

    def translate_document(self, doc: Doc, glossary, edit: bool, overwrite: bool = False):
        """A bilingual document is translated in this process (its file is here)."""
        if self._local is None:
            from glossa.pipeline import load_translator

            self._local = load_translator(self.package.from_code, self.package.to_code, options=self.options)
        return translated_document(doc, glossary, self._local, edit, overwrite)
