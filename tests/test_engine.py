"""Model management and the CTranslate2 translator, with real packages (no mocks)."""

from __future__ import annotations

import json
import socket
import zipfile
from pathlib import Path

import numpy as np
import pytest

from glossa.engine import packages
from glossa.engine.translator import Translator, pieces_to_text
from glossa.errors import GlossaError
from tests.conftest import ARGOS_DIR, assert_one_line_error, run_glossa


def rewrite_package(source: Path, out: Path, change) -> Path:
    """Copy a package archive, letting ``change(name, data)`` alter or drop members."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            result = change(info.filename, src.read(info.filename))
            if result is not None:
                name, data = result
                dst.writestr(name, data)
    return out


def leftovers() -> list[str]:
    return sorted(p.name for p in ARGOS_DIR.iterdir() if p.name.startswith(".glossa"))


# --- tiny package: install, list, translate

def test_install_and_list(tiny_ru_en):
    listing = run_glossa("models", "list", "--format", "json")
    assert listing.returncode == 0
    pairs = {(p["from"], p["to"]) for p in json.loads(listing.stdout)}
    assert ("ru", "en") in pairs
    table = run_glossa("models", "list").stdout
    assert "ru→en" in table and "0.0-tiny" in table


def test_tiny_translation_is_deterministic_with_attention(tiny_ru_en):
    translator = Translator(tiny_ru_en)
    sentences = ["Касым-Жомарт Токаев посетил Соединенные Штаты.", "Дмитрий Песков прокомментировал."]
    first = translator.translate(sentences, attention=True)
    again = Translator(tiny_ru_en).translate(sentences, attention=True)
    assert [t.text for t in first] == [t.text for t in again]
    for t in first:
        assert t.text and len(t.attention) == len(t.target_pieces)
        assert all(len(row) == len(t.source_pieces) for row in t.attention)
        for (start, end), piece in zip(t.target_offsets, t.target_pieces):
            assert t.text[start:end] == piece.replace("▁", " ").strip()


def test_tiny_model_honours_target_prefix(tiny_ru_en):
    result = Translator(tiny_ru_en).translate(["Москва и Астана."], prefixes=["Moscow and Astana"])[0]
    assert result.text.startswith("Moscow and Astana")


def test_source_offsets_point_at_pieces(tiny_ru_en):
    sentence = "Переход Москвы и Астаны."
    result = Translator(tiny_ru_en).translate([sentence])[0]
    for (start, end), piece in zip(result.source_offsets, result.source_pieces):
        assert sentence[start:end] == piece.replace("▁", "")


def test_pieces_to_text():
    text, offsets = pieces_to_text(["▁The", "▁Krem", "lin", "'s", "▁car", "."])
    assert text == "The Kremlin's car."
    assert [text[a:b] for a, b in offsets] == ["The", "Krem", "lin", "'s", "car", "."]


def test_translates_with_networking_blocked(tiny_ru_en, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network is disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert Translator(tiny_ru_en).translate(["Владимир Путин."])[0].text


def test_reinstall_replaces_in_place(tiny_package_file, tiny_ru_en):
    assert run_glossa("models", "install", str(tiny_package_file)).returncode == 0
    assert [p.pair for p in packages.installed()].count("ru→en") == 1
    assert leftovers() == []


def test_remove_and_reinstall(tiny_package_file, tiny_ru_en):
    result = run_glossa("models", "remove", "ru-en")
    assert result.returncode == 0, result.stderr
    assert "ru→en" not in [p.pair for p in packages.installed()]
    assert run_glossa("models", "install", str(tiny_package_file)).returncode == 0
    assert packages.find("ru", "en").path.is_dir()


# --- bad input: one line, exit 2, nothing half-installed

@pytest.mark.parametrize("change,fragment", [
    (lambda n, d: (n, d) if not n.endswith("metadata.json") else None, "no metadata.json"),
    (lambda n, d: (n, b"{not json") if n.endswith("metadata.json") else (n, d), "not valid JSON"),
    (lambda n, d: (n, json.dumps({"from_code": "ru"}).encode()) if n.endswith("metadata.json") else (n, d),
     "lacks from_code/to_code"),
    (lambda n, d: (n, d) if not n.endswith("model.bin") else None, "no model/model.bin"),
    (lambda n, d: (n, d) if not n.endswith("sentencepiece.model") else None, "no sentencepiece.model"),
    (lambda n, d: ("../../escape.txt", d) if n.endswith("README.md") else (n, d), "would escape"),
    (lambda n, d: ("/etc/evil", d) if n.endswith("README.md") else (n, d), "would escape"),
    (lambda n, d: (n, d[: len(d) // 3]) if n.endswith("model.bin") else (n, d), "model does not load"),
])
def test_bad_packages_are_refused_and_leave_nothing(tiny_package_file, tiny_ru_en, tmp_path, change, fragment):
    before = sorted(p.name for p in ARGOS_DIR.iterdir())
    bad = rewrite_package(tiny_package_file, tmp_path / "bad.argosmodel", change)
    assert_one_line_error(run_glossa("models", "install", str(bad)), fragment)
    assert sorted(p.name for p in ARGOS_DIR.iterdir()) == before
    assert not (tmp_path.parent / "escape.txt").exists()


def test_not_a_zip_is_refused(tmp_path):
    fake = tmp_path / "fake.argosmodel"
    fake.write_text("hello")
    assert_one_line_error(run_glossa("models", "install", str(fake)), str(fake), "not a zip")


def test_corrupt_model_does_not_replace_a_working_install(tiny_package_file, tiny_ru_en, tmp_path):
    working = packages.find("ru", "en").path / "model" / "model.bin"
    before = working.read_bytes()
    bad = rewrite_package(tiny_package_file, tmp_path / "bad.argosmodel",
                          lambda n, d: (n, b"\0" * 100) if n.endswith("model.bin") else (n, d))
    assert run_glossa("models", "install", str(bad)).returncode == 2
    assert working.read_bytes() == before


def test_missing_pair_is_a_clear_error(tiny_ru_en):
    with pytest.raises(GlossaError) as err:
        packages.find("de", "fr")
    assert "no de→fr package installed" in str(err.value) and "ru→en" in str(err.value)
    assert_one_line_error(run_glossa("models", "remove", "de-fr"), "no de→fr package")


def test_corrupt_installed_model_is_a_clear_error(tiny_package_file, tmp_path):
    broken_dir = tmp_path / "argos"
    broken_dir.mkdir()
    with zipfile.ZipFile(tiny_package_file) as archive:
        archive.extractall(broken_dir)
    model = next(broken_dir.glob("*/model/model.bin"))
    model.write_bytes(b"garbage")
    package = packages.InstalledPackage("ru", "en", "0", model.parent.parent)
    with pytest.raises(GlossaError) as err:
        Translator(package)
    assert "cannot load the model" in str(err.value)


def test_package_directory_that_is_a_file_is_a_clear_error(tmp_path):
    not_a_dir = tmp_path / "packages"
    not_a_dir.write_text("")
    result = run_glossa("models", "list", env={"ARGOS_PACKAGES_DIR": str(not_a_dir)})
    assert_one_line_error(result, "package directory")


def test_offline_index_says_how_to_install_from_a_file():
    result = run_glossa("models", "install", "ru", "en",
                        env={"ARGOS_PACKAGE_INDEX": "http://127.0.0.1:9/"})
    assert_one_line_error(result, "unreachable", "glossa models install FILE.argosmodel")


def test_list_and_help_do_not_import_heavy_libraries():
    for args in (["--help"], ["models", "list"], ["glossary", "list", "glossaries"]):
        probe = run_glossa(*args, env={"PYTHONPROFILEIMPORTTIME": "1"})
        imported = {line.split("|")[-1].strip() for line in probe.stderr.splitlines() if "|" in line}
        assert not imported & {"ctranslate2", "torch", "stanza", "spacy"}, args


# --- the real pretrained zh→en package

@pytest.mark.realmodel
def test_real_model_translates_news(real_zh_en):
    result = Translator(real_zh_en).translate(["政府宣布了支持小企业的新措施。"])[0]
    text = result.text.lower()
    assert "government" in text and "small business" in text


@pytest.mark.realmodel
def test_real_model_attention_points_at_the_source_word(real_zh_en):
    result = Translator(real_zh_en).translate(["美国总统特朗普访问了北京。"], attention=True)[0]
    matrix = np.array(result.attention)
    assert matrix.shape == (len(result.target_pieces), len(result.source_pieces))
    assert (matrix >= 0).all() and (matrix.sum(axis=1) <= 1 + 1e-3).all()  # EOS column left out
    beijing = result.target_pieces.index("▁Beijing")
    assert result.source_pieces[int(matrix[beijing].argmax())] == "北京"


@pytest.mark.realmodel
def test_real_model_continues_a_target_prefix(real_zh_en):
    result = Translator(real_zh_en).translate(["政府宣布了支持小企业的新措施。"], prefixes=["The State Council"])[0]
    assert result.text.startswith("The State Council")
    assert "small business" in result.text.lower()


@pytest.mark.realmodel
def test_package_for_another_pair_is_not_used(real_zh_en):
    with pytest.raises(GlossaError) as err:
        packages.find("ru", "de")
    assert "zh→en" in str(err.value)


def test_package_target_prefix_from_metadata_is_applied_and_hidden(tmp_path, monkeypatch):
    """Packages may carry a target prefix (a language token); it starts every decoding and
    is stripped from the result."""
    import ctranslate2

    from scripts.build_tiny_model import build_package

    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(ARGOS_DIR))
    path = build_package(tmp_path / "prefixed.argosmodel", "uk", "en", extra_metadata={"target_prefix": "Moscow"})
    assert run_glossa("models", "install", str(path)).returncode == 0
    package = packages.find("uk", "en")
    assert package.target_prefix == "Moscow"
    translator = Translator(package)
    source, prefix = translator.encode("Москва и Астана."), translator.encode("Moscow")
    ours = translator.translate(["Москва и Астана."])[0]
    raw = ctranslate2.Translator(str(package.path / "model"), compute_type="int8").translate_batch(
        [source], target_prefix=[prefix], beam_size=4, replace_unknowns=True,
        max_decoding_length=max(16, 4 * len(source) + 10) + len(prefix))[0].hypotheses[0]
    assert raw[:len(prefix)] == prefix
    assert list(ours.target_pieces) == raw[len(prefix):]
    run_glossa("models", "remove", "uk-en")


@pytest.fixture
def local_index(tmp_path, tiny_package_file):
    """An Argos-style package index served over loopback HTTP."""
    import hashlib
    import http.server
    import threading
    from functools import partial

    served = tmp_path / "served"
    served.mkdir()
    (served / "translate-ru_de.argosmodel").write_bytes(tiny_package_file.read_bytes())
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(served))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    digest = hashlib.sha256(tiny_package_file.read_bytes()).hexdigest()

    def publish(checksum: str) -> str:
        entry = {"type": "translate", "from_code": "ru", "to_code": "en", "package_version": "0.0-tiny",
                 "links": [base + "translate-ru_de.argosmodel"], "checksum": checksum}
        (served / "index.json").write_text(json.dumps([entry]))
        return base

    yield publish, digest
    server.shutdown()


def test_install_from_index_verifies_the_checksum(local_index, tiny_ru_en):
    publish, digest = local_index
    before = sorted(p.name for p in ARGOS_DIR.iterdir())
    bad = run_glossa("models", "install", "ru", "en", env={"ARGOS_PACKAGE_INDEX": publish("0" * 64)})
    assert_one_line_error(bad, "checksum mismatch")
    assert sorted(p.name for p in ARGOS_DIR.iterdir()) == before
    good = run_glossa("models", "install", "ru", "en", env={"ARGOS_PACKAGE_INDEX": publish(digest)})
    assert good.returncode == 0, good.stderr
    assert "installed ru→en 0.0-tiny" in good.stderr


def test_index_without_the_pair_is_a_clear_error(local_index):
    publish, digest = local_index
    result = run_glossa("models", "install", "ru", "fr", env={"ARGOS_PACKAGE_INDEX": publish(digest)})
    assert_one_line_error(result, "has no ru→fr package")
