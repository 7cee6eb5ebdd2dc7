"""Language codes as glossa compares them: case and the separator folded (pt_BR is pt-br),
and a code without a region taking any region of it (en takes en-US and en-GB)."""

from __future__ import annotations


def normalised(code: str) -> str:
    return code.lower().replace("_", "-")


def base_language(code: str) -> str:
    """The language without its region or script (zh-CN → zh), as Argos packages name it."""
    return normalised(code).split("-")[0]


def takes(code: str, wanted: str) -> bool:
    """Whether text marked ``code`` is in the language ``wanted``: the same code, or, when
    ``wanted`` names no region, any region of it."""
    code, wanted = normalised(code), normalised(wanted)
    return code == wanted or "-" not in wanted and code.split("-")[0] == wanted
