#!/usr/bin/env bash
# Create .venv and install glossa with its dev extras. Idempotent: a re-run with an
# unchanged pyproject.toml only checks a stamp file.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
stamp=.venv/.glossa-installed
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    exit 0
fi
.venv/bin/pip install --quiet --upgrade pip
# torch first, pinned: argostranslate pulls stanza -> torch, and an unpinned torch is a CUDA build.
.venv/bin/python -c 'import torch' 2>/dev/null || .venv/bin/pip install --quiet torch==2.13.0
.venv/bin/pip install --quiet -e '.[dev]'
echo "$want" > "$stamp"
