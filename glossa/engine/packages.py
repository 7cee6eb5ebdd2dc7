"""Argos package management: list, validate and install safely, remove.

Packages live in the directory argospm and LibreTranslate use (ARGOS_PACKAGES_DIR is
respected), read through ``argostranslate.package``. Installing from a file validates the
archive before anything is written, extracts into a temporary directory beside the target
and renames it into place, so a corrupt or hostile package leaves nothing behind.
"""

from __future__ import annotations

import json
import lzma
import os
import re
import shutil
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from glossa.errors import GlossaError

REQUIRED_MODEL_FILES = ("model.bin", "config.json")
MAX_METADATA_BYTES = 4 * 1024 * 1024   # a real metadata.json is under a kilobyte
SUPPORTED_COMPRESSION = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
TOKENIZER_FILES = ("sentencepiece.model", "bpe.model")


@dataclass(frozen=True)
class InstalledPackage:
    from_code: str
    to_code: str
    version: str
    path: Path
    target_prefix: str = ""

    @property
    def pair(self) -> str:
        return f"{self.from_code}→{self.to_code}"

    @property
    def size(self) -> int:
        return sum(f.stat().st_size for f in self.path.rglob("*") if f.is_file())

    def as_json(self) -> dict:
        return {"from": self.from_code, "to": self.to_code, "version": self.version,
                "size": self.size, "path": str(self.path)}


def packages_dir() -> Path:
    """The Argos package directory (ARGOS_PACKAGES_DIR, else Argos's default)."""
    try:
        from argostranslate import settings
    except OSError as exc:
        where = os.environ.get("ARGOS_PACKAGES_DIR")
        why = exc.strerror or str(exc)
        if where and os.path.exists(where) and not os.path.isdir(where):
            why = "ARGOS_PACKAGES_DIR is not a directory"
        raise GlossaError(f"cannot prepare the Argos package directory: {why}", where) from None
    return Path(settings.package_data_dir)


def installed() -> list[InstalledPackage]:
    directory = packages_dir()
    try:
        from argostranslate.package import get_installed_packages

        found = get_installed_packages([directory])
    except PermissionError:
        raise GlossaError("package directory is not readable", str(directory)) from None
    except (OSError, json.JSONDecodeError) as exc:
        raise GlossaError(f"cannot read installed packages: {exc}", str(directory)) from None
    return sorted((InstalledPackage(p.from_code, p.to_code, p.package_version, Path(p.package_path),
                                    p.target_prefix or "")
                   for p in found if getattr(p, "type", "translate") == "translate"),
                  key=lambda p: (p.from_code, p.to_code, p.version))


class NotInstalled(GlossaError):
    """No package for the pair in a package directory that could be read (as opposed to a
    directory that cannot be prepared or read, which installing would not mend)."""


def find(from_code: str, to_code: str) -> InstalledPackage:
    for package in installed():
        if (package.from_code, package.to_code) == (from_code, to_code):
            return package
    others = ", ".join(p.pair for p in installed()) or "none"
    raise NotInstalled(f"no {from_code}→{to_code} package installed (installed: {others}); run "
                      f"'glossa models install {from_code} {to_code}' or 'glossa models install "
                      "FILE.argosmodel'", str(packages_dir()))


def validate_archive(path: Path) -> tuple[str, dict]:
    """Check a .argosmodel without extracting it; returns its top directory and metadata."""
    where = str(path)
    if not path.is_file():
        raise GlossaError("no such file", where)
    if not zipfile.is_zipfile(path):
        raise GlossaError("not an Argos package (not a zip archive)", where)
    try:
        with zipfile.ZipFile(path) as archive:
            top = _check_members(archive, where)
            metadata = _read_metadata(archive, top, where)
            _check_metadata(metadata, where)
            present = set(archive.namelist())
            for required in REQUIRED_MODEL_FILES:
                if f"{top}/model/{required}" not in present:
                    raise GlossaError(f"no model/{required} in the package", where)
            if not any(f"{top}/{t}" in present for t in TOKENIZER_FILES):
                raise GlossaError("no sentencepiece.model (or bpe.model) in the package", where)
            bad = archive.testzip()
            if bad:
                raise GlossaError(f"corrupt archive member {bad!r}", where)
    except (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError) as exc:
        raise GlossaError(f"corrupt archive: {exc}", where) from None
    except (NotImplementedError, RuntimeError) as exc:   # what zipfile cannot read
        raise GlossaError(f"refused: {exc}", where) from None
    except OSError as exc:
        raise GlossaError(f"cannot read the package: {exc.strerror or exc}", where) from None
    return top, metadata


def _check_members(archive: zipfile.ZipFile, where: str) -> str:
    """Members glossa can read and that stay inside one top-level directory, its name."""
    for info in archive.infolist():
        if info.flag_bits & 0x1:
            raise GlossaError(f"refused: member {info.filename!r} is encrypted", where)
        if info.compress_type not in SUPPORTED_COMPRESSION:
            raise GlossaError(f"refused: member {info.filename!r} uses an unsupported "
                              f"compression method ({info.compress_type})", where)
    names = archive.namelist()
    for name in names:
        pure = PurePosixPath(name)
        if pure.is_absolute() or ".." in pure.parts or "\\" in name or name.startswith("~"):
            raise GlossaError(f"refused: member {name!r} would escape the package directory", where)
    tops = {PurePosixPath(n).parts[0] for n in names if PurePosixPath(n).parts}
    if len(tops) != 1:
        raise GlossaError("an Argos package holds exactly one top-level directory", where)
    return tops.pop()


def _read_metadata(archive: zipfile.ZipFile, top: str, where: str):
    """metadata.json, parsed, read no further than its size limit."""
    if f"{top}/metadata.json" not in set(archive.namelist()):
        raise GlossaError("no metadata.json in the package", where)
    size = archive.getinfo(f"{top}/metadata.json").file_size
    if size > MAX_METADATA_BYTES:
        raise GlossaError(f"metadata.json is too large ({size} bytes; at most {MAX_METADATA_BYTES})", where)
    try:
        with archive.open(f"{top}/metadata.json") as member:
            return json.loads(member.read(MAX_METADATA_BYTES + 1))
    except (ValueError, RecursionError):   # JSONDecodeError, UnicodeDecodeError
        raise GlossaError("metadata.json is not valid JSON", where) from None


# A language code's shape (BCP 47's language subtag, then region or script subtags): the
# Argos index's own codes include some no standard lists (zt for Traditional Chinese), so
# the shape is checked, which is what keeps a path or markup out of a directory name.
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")
VERSION = re.compile(r"\d+(?:\.\d+){0,3}(?:[-+.]?[A-Za-z0-9]+)*")


def _check_metadata(metadata, where: str) -> None:
    """metadata.json must be an object whose codes (and other names glossa uses) are strings."""
    if not isinstance(metadata, dict):
        raise GlossaError(f"metadata.json must be a JSON object, not {type(metadata).__name__}", where)
    if not metadata.get("from_code") or not metadata.get("to_code"):
        raise GlossaError("metadata.json lacks from_code/to_code", where)
    for field in ("from_code", "to_code", "package_version", "target_prefix", "from_name", "to_name"):
        if field in metadata and not isinstance(metadata[field], str):
            raise GlossaError(f"metadata.json: {field} must be a string, not "
                              f"{type(metadata[field]).__name__}", where)
    for field in ("from_code", "to_code"):
        if not LANGUAGE_CODE.fullmatch(metadata[field]):
            raise GlossaError(f"metadata.json: {field} {metadata[field]!r} is not a language code "
                              "(ISO 639 letters, optionally a region or script: en, zh, pt-BR)", where)
    if "package_version" in metadata and not VERSION.fullmatch(metadata["package_version"]):
        raise GlossaError(f"metadata.json: package_version {metadata['package_version']!r} is not a version "
                          "(1.9, 2.0.1)", where)


def install_file(path: Path, check_model=None) -> InstalledPackage:
    """Install a package file; ``check_model(model_dir)`` may load the model to prove it works
    before the package is moved into place."""
    top, metadata = validate_archive(path)
    directory = packages_dir()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".glossa-install-", dir=directory))
    except OSError as exc:
        raise GlossaError(f"cannot write to the package directory: {exc.strerror or exc}", str(directory)) from None
    try:
        with zipfile.ZipFile(path) as archive:
            archive.extractall(staging)
        unpacked = staging / top
        if check_model is not None:
            try:
                check_model(unpacked / "model")
            except GlossaError as exc:   # name the package file, not the staging directory
                inside = f"{staging}{os.sep}"
                member = str(exc.path or "").replace(inside, "")
                raise GlossaError(f"{member}: {exc.message.replace(inside, '')}" if member else exc.message,
                                  str(path)) from None
        destination = directory / top
        retired = None
        if destination.exists():
            retired = directory / f".glossa-old-{top}-{os.getpid()}"
            destination.rename(retired)
        unpacked.rename(destination)
        if retired is not None:
            shutil.rmtree(retired, ignore_errors=True)
    except OSError as exc:   # a full disk while extracting, say: nothing is installed
        raise GlossaError(f"cannot install the package: {exc.strerror or exc}", str(directory)) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return InstalledPackage(metadata["from_code"], metadata["to_code"],
                            str(metadata.get("package_version", "")), destination,
                            metadata.get("target_prefix", "") or "")


def remove(pair: str) -> InstalledPackage:
    """Remove the package for PAIR (``ru-en``, ``ru_en`` or ``ru→en``)."""
    codes = pair.replace("→", "-").replace("_", "-").split("-")
    if len(codes) != 2 or not all(codes):
        raise GlossaError(f"expected a language pair such as ru-en, got {pair!r}")
    package = find(*codes)
    retired = package.path.with_name(f".glossa-removing-{package.path.name}")
    try:
        package.path.rename(retired)
        shutil.rmtree(retired)
    except OSError as exc:
        raise GlossaError(f"cannot remove the package: {exc.strerror or exc}", str(package.path)) from None
    return package
