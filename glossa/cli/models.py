"""``glossa models …``: list, install and remove Argos translation packages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from glossa.cli.common import choice_help, console, notice, one_of
from glossa.errors import GlossaError

app = typer.Typer(help="List, install and remove Argos translation packages.", no_args_is_help=True)

LIST_FORMATS = ("table", "json")


@app.command("list")
def list_packages(fmt: Annotated[str, typer.Option(
        "--format", "-f", callback=one_of(LIST_FORMATS), help=choice_help("Output", LIST_FORMATS))] = "table",
) -> None:
    """Installed packages: pair, version, size, path."""
    from glossa.engine import packages

    found = packages.installed()
    if fmt == "json":
        print(json.dumps([p.as_json() for p in found], ensure_ascii=False, indent=2))
    else:
        from glossa.render.models_view import packages_table

        console().print(packages_table(found, packages.packages_dir()))


@app.command("install")
def install(what: Annotated[list[str], typer.Argument(
        help="FILE.argosmodel, or the two language codes (ru en) to fetch from the Argos index")]) -> None:
    """Install a package from a file (validated, atomic) or from the Argos package index."""
    from glossa.engine.translator import check_model_loads

    if len(what) == 1:
        from glossa.engine.packages import install_file

        package = install_file(Path(what[0]), check_model=check_model_loads)
    elif len(what) == 2:
        from glossa.engine.index import available, download_and_install

        package = download_and_install(available(*what), check_model=check_model_loads)
    else:
        raise GlossaError("give FILE.argosmodel or two language codes, e.g. 'ru en'")
    notice(f"installed {package.pair} {package.version} in {package.path}")


@app.command("remove")
def remove(pair: Annotated[str, typer.Argument(help="Language pair, e.g. ru-en")]) -> None:
    """Remove an installed package."""
    from glossa.engine.packages import remove as remove_package

    package = remove_package(pair)
    notice(f"removed {package.pair} from {package.path.parent}")
