"""The README's figures table is written by scripts/bench.py, never by hand."""

import pytest

from scripts.bench import BENCHES, TABLE_BEGIN, TABLE_END, Figure, chosen, write_table


def test_the_figures_replace_only_the_table_between_the_markers(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"# x\n\nBefore.\n{TABLE_BEGIN}\n| old | table |\n{TABLE_END}\nAfter.\n", encoding="utf-8")
    write_table([Figure("start-up", "+0.17 s", "≤ +0.3 s"), Figure("Ray actors", "1.42×")], readme)
    assert readme.read_text(encoding="utf-8") == (
        f"# x\n\nBefore.\n{TABLE_BEGIN}\n| measure | figure | target |\n| --- | --- | --- |\n"
        f"| start-up | +0.17 s | ≤ +0.3 s |\n| Ray actors | 1.42× |  |\n{TABLE_END}\nAfter.\n")


def test_some_benches_replace_only_their_rows(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"# x\n{TABLE_BEGIN}\n| old | table |\n{TABLE_END}\n", encoding="utf-8")
    write_table([Figure("start-up", "+0.17 s", "≤ +0.3 s"), Figure("Ray actors", "1.42×"),
                 Figure("memory", "500 MB", "≤ 500 MB")], readme)
    write_table([Figure("Ray actors", "1.39×"), Figure("term base", "17 s", "≤ 20 s")], readme, merge=True)
    assert readme.read_text(encoding="utf-8") == (
        f"# x\n{TABLE_BEGIN}\n| measure | figure | target |\n| --- | --- | --- |\n"
        f"| start-up | +0.17 s | ≤ +0.3 s |\n| Ray actors | 1.39× |  |\n| memory | 500 MB | ≤ 500 MB |\n"
        f"| term base | 17 s | ≤ 20 s |\n{TABLE_END}\n")


def test_a_readme_without_the_markers_is_left_as_it_was(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# x\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="no <!-- figures"):
        write_table([Figure("start-up", "+0.17 s")], readme)
    assert readme.read_text(encoding="utf-8") == "# x\n"


def test_no_bench_named_is_every_bench():
    assert chosen([]) == (list(BENCHES), False)
    assert chosen(["--markdown"]) == (list(BENCHES), True)
    assert chosen(["startup", "ray"]) == (["startup", "ray"], False)
    with pytest.raises(SystemExit):
        chosen(["nope"])
