"""The installed-packages table."""

from __future__ import annotations

from rich.table import Table

from glossa.render import cell


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value} B"


def packages_table(packages, directory) -> Table:
    table = Table(title=f"Argos packages in {cell(directory)}", title_justify="left")
    for column in ("pair", "version", "size", "path"):
        table.add_column(column, justify="right" if column == "size" else "left", overflow="fold")
    for p in packages:
        table.add_row(cell(p.pair), cell(p.version), human_size(p.size), cell(p.path))
    if not packages:
        table.caption = "none installed: glossa models install ru en (or FILE.argosmodel)"
    return table
