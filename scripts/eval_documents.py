#!/usr/bin/env python
"""Documents against lines: the WMT22 zh→en source and one system's output made into an XLIFF
1.2 document (one unit per line, the MT as its target) go through `enforce` as a document,
and the decisions per unit are compared with the line-aligned run on the same files, both
with the real zh→en model reading the MT.

    .venv/bin/python scripts/eval_documents.py [--system HuaweiTSC] [--glossary G] [--lines A:B]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# first: it sets the package directory the zh→en package is installed in
from scripts.eval_translate import load_translator as load_zh_en  # noqa: E402, I001
from glossa.documents import read_document  # noqa: E402
from glossa.documents.run import enforce_document, prepared  # noqa: E402
from glossa.glossary.loading import load_all  # noqa: E402
from glossa.pipeline import enforce_lines  # noqa: E402
from scripts.eval_common import DATA, ROOT, read_lines  # noqa: E402


def xliff(sources: list[str], targets: list[str]) -> str:
    units = "\n".join(f'      <trans-unit id="{n}"><source>{escape(s)}</source><target>{escape(t)}</target>'
                      "</trans-unit>" for n, (s, t) in enumerate(zip(sources, targets), 1))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:'
            '1.2">\n  <file source-language="zh" target-language="en" datatype="plaintext" original="wmt22">\n'
            f"    <body>\n{units}\n    </body>\n  </file>\n</xliff>\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--system", default="HuaweiTSC")
    parser.add_argument("--glossary", default=str(ROOT / "scripts" / "eval" / "wmt22-zh-en.yaml"))
    parser.add_argument("--lines", default=None, help="0-based, end-exclusive range A:B (default: all)")
    args = parser.parse_args()
    folder = DATA / "wmt22-zh-en"
    sources, mt = read_lines(folder / "source.zh"), read_lines(folder / f"system.{args.system}.en")
    if args.lines:
        a, b = (int(x) for x in args.lines.split(":"))
        sources, mt = sources[a:b], mt[a:b]
    glossary = load_all([args.glossary])
    translator = load_zh_en()
    lines = [p.segment for p in enforce_lines(sources, mt, glossary, translator=translator)]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "wmt22.xlf"
        path.write_text(xliff(sources, mt), encoding="utf-8")
        document = read_document(str(path))
        prepared(document, glossary)
        units = {int(p.segment.id) - 1: p.segment for p in enforce_document(document, glossary, translator)}

    def decided(segment) -> list[tuple]:
        return [(d.term.source, d.action, d.method, d.final_span) for d in segment.decisions]

    differ = [n for n, segment in enumerate(lines) if n in units and
              (decided(segment), segment.final) != (decided(units[n]), units[n].final)]
    compared = sum(1 for n in range(len(lines)) if n in units)
    print(f"wmt22-zh-en {args.system}: {compared} units with a target, {sum(len(s.decisions) for s in lines)} "
          f"decisions; units whose decisions or text differ from the line-aligned run: {len(differ)}")
    for n in differ[:10]:
        print(f"  line {n + 1}: lines {decided(lines[n])} vs document {decided(units[n])}")


if __name__ == "__main__":
    main()
