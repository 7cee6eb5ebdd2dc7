"""Shared helpers: run the real CLI in a subprocess, locate project files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "glossaries" / "ru-en.news.yaml"
SEED = ROOT / "seeds" / "tokayev-visits.ru.txt"
SHARED_DATA = ROOT.parent / "shared" / "data"


def run_glossa(*args: str, cwd: Path | None = None, stdin: str | None = None,
               env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m glossa`` as a user would, capturing text output."""
    full_env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", **(env or {})}
    return subprocess.run([sys.executable, "-m", "glossa", *args], cwd=cwd or ROOT, input=stdin,
                          capture_output=True, text=True, env=full_env, timeout=120)


def assert_one_line_error(result: subprocess.CompletedProcess, *fragments: str) -> None:
    """Exit 2, a single stderr line, no traceback, naming every fragment."""
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])


@pytest.fixture
def glossary_copy(tmp_path: Path) -> Path:
    target = tmp_path / "news.yaml"
    target.write_bytes(SHIPPED.read_bytes())
    return target
