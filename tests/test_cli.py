"""The command line's own options: version and help."""

from __future__ import annotations

from typer.testing import CliRunner

from glossa import __version__
from glossa.cli import app


def test_version_and_short_help():
    runner = CliRunner()
    version = runner.invoke(app, ["--version"])
    assert (version.exit_code, version.stdout) == (0, f"glossa {__version__}\n")
    for args in (["-h"], ["glossary", "-h"], ["translate", "-h"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0 and "Usage" in result.stdout, args
