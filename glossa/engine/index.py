"""Installing a package from the Argos package index, with a progress bar and checksum."""

from __future__ import annotations

import hashlib
import json
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from glossa.engine.packages import InstalledPackage, install_file
from glossa.errors import GlossaError

TIMEOUT = 20


def _index_url() -> str:
    from glossa.engine.packages import packages_dir

    packages_dir()   # argostranslate's settings prepare the package directory at import
    from argostranslate import settings

    return settings.remote_package_index


def available(from_code: str, to_code: str) -> dict:
    url = _index_url()
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            index = json.load(response)
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise GlossaError(f"the Argos package index is unreachable ({reason}); download the "
                          f"{from_code}→{to_code} .argosmodel on a connected machine and run "
                          "'glossa models install FILE.argosmodel'", url) from None
    except json.JSONDecodeError:
        raise GlossaError("the package index is not valid JSON", url) from None
    for entry in index:
        if (entry.get("from_code"), entry.get("to_code")) == (from_code, to_code) and \
                entry.get("type", "translate") == "translate":
            return entry
    raise GlossaError(f"the package index has no {from_code}→{to_code} package", url)


def download_and_install(entry: dict, check_model=None) -> InstalledPackage:
    from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn, TransferSpeedColumn

    links = entry.get("links") or []
    if not links:
        raise GlossaError("the index entry has no download link")
    expected = entry.get("checksum") or entry.get("sha256")
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "package.argosmodel"
        digest = hashlib.sha256()
        try:
            with urllib.request.urlopen(links[0], timeout=TIMEOUT) as response, open(target, "wb") as out:
                total = int(response.headers.get("Content-Length") or 0) or None
                with Progress("[progress.description]{task.description}", BarColumn(), DownloadColumn(),
                              TransferSpeedColumn(), TimeRemainingColumn(), transient=True) as progress:
                    task = progress.add_task(f"{entry['from_code']}→{entry['to_code']}", total=total)
                    while chunk := response.read(1 << 16):
                        out.write(chunk)
                        digest.update(chunk)
                        progress.advance(task, len(chunk))
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise GlossaError(f"download failed ({getattr(exc, 'reason', exc)})", links[0]) from None
        if expected and digest.hexdigest() != str(expected).lower():
            raise GlossaError("checksum mismatch: the download is corrupt, nothing was installed", links[0])
        return install_file(target, check_model=check_model)
