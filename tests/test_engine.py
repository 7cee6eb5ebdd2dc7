"""Model management and the CTranslate2 translator, with real packages (no mocks)."""

from __future__ import annotations

import json
import os
import platform
import socket
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from glossa.engine import packages
from glossa.engine.tokenizers import pieces_to_text
from glossa.engine.translator import END, Translator, batches
from glossa.errors import GlossaError
from tests.conftest import ARGOS_DIR, assert_one_line_error, run_glossa, run_glossa_process


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


def test_tiny_model_weighs_its_own_choices_after_a_forced_start_as_first(tiny_ru_en):
    """The pieces greedy search writes are the model's first choices when they are read
    forced; a piece the vocabulary lacks the model cannot write."""
    translator = Translator(tiny_ru_en)
    sentence = "Москва и Астана."
    own = list(translator.greedy([sentence])[0].target_pieces)
    (margins,) = translator.margins([(sentence, own[:1], own[1:])])
    assert len(own) > 2 and len(margins) == len(own) - 1 and all(m > -1e-3 for m in margins)
    (unknown,) = translator.margins([(sentence, own[:1], ["▁not-a-piece-of-the-vocabulary"])])
    assert unknown == (float("-inf"),)


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
    """Python reports its imports at start-up (PYTHONPROFILEIMPORTTIME), so each command runs
    in a process of its own; typer and the glossary modules must show up, the engine not."""
    for args in (["--help"], ["models", "list"], ["glossary", "list", "glossaries"]):
        probe = run_glossa_process(*args, env={"PYTHONPROFILEIMPORTTIME": "1"})
        imported = {line.split("|")[-1].strip() for line in probe.stderr.splitlines() if "|" in line}
        assert "typer" in imported, args
        assert not imported & {"ctranslate2", "torch", "stanza", "spacy"}, args


# --- the real pretrained zh→en package

@pytest.mark.realmodel
def test_real_model_translates_news(real_translator):
    result = real_translator.translate(["政府宣布了支持小企业的新措施。"])[0]
    text = result.text.lower()
    assert "government" in text and "small business" in text


@pytest.mark.realmodel
def test_real_model_attention_points_at_the_source_word(real_translator):
    result = real_translator.translate(["美国总统特朗普访问了北京。"], attention=True)[0]
    matrix = np.array(result.attention)
    assert matrix.shape == (len(result.target_pieces), len(result.source_pieces))
    assert (matrix >= 0).all() and (matrix.sum(axis=1) <= 1 + 1e-3).all()  # EOS column left out
    beijing = result.target_pieces.index("▁Beijing")
    assert result.source_pieces[int(matrix[beijing].argmax())] == "北京"


@pytest.mark.realmodel
def test_real_model_weighs_a_forced_start_and_what_follows(real_translator):
    """After a start the model would not write ("The State Council"), it still writes its
    own continuation firmly and finds a piece that makes no sense there far less likely."""
    source = "政府宣布了支持小企业的新措施。"
    start = real_translator.encode_target("The State Council")
    own, odd = real_translator.margins([(source, start, real_translator.encode_target(" announced new measures")),
                                        (source, start, real_translator.encode_target(" banana"))])
    assert min(own) > 0 and odd[0] < -3


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


# --- engine options: device, compute type, beam size, threads

from glossa.engine import options as engine_options  # noqa: E402
from glossa.engine.options import EngineOptions  # noqa: E402
from tests.conftest import SHIPPED  # noqa: E402

NO_GPU = pytest.mark.skipif(engine_options.cuda_device_count() > 0, reason="this machine has a CUDA GPU")
CLEAN_ENV = {"GLOSSA_DEVICE": "", "ARGOS_DEVICE_TYPE": ""}   # empty counts as not set


@pytest.fixture
def one_gpu(monkeypatch):
    """CTranslate2 as it would be on a machine with one GPU."""
    monkeypatch.setattr(engine_options, "cuda_device_count", lambda: 1)
    monkeypatch.setattr(engine_options, "supported_compute_types", lambda device: (
        {"float32", "int8", "int8_float32", "int8_float16", "float16"} if device == "cuda"
        else {"float32", "int8", "int8_float32"}))


@pytest.mark.parametrize("flag,environ,device", [
    (None, {}, "cuda"),                                                       # auto takes the GPU
    (None, {"ARGOS_DEVICE_TYPE": "cpu"}, "cpu"),
    (None, {"GLOSSA_DEVICE": "cuda", "ARGOS_DEVICE_TYPE": "cpu"}, "cuda"),    # GLOSSA_ over ARGOS_
    (None, {"GLOSSA_DEVICE": "cpu", "ARGOS_DEVICE_TYPE": "cuda"}, "cpu"),
    (None, {"GLOSSA_DEVICE": "", "ARGOS_DEVICE_TYPE": "cpu"}, "cpu"),         # empty is unset
    ("cpu", {"GLOSSA_DEVICE": "cuda", "ARGOS_DEVICE_TYPE": "cuda"}, "cpu"),   # the flag wins
    ("auto", {"GLOSSA_DEVICE": "cpu"}, "cuda"),
    ("CUDA", {}, "cuda"),
])
def test_device_precedence_flag_then_glossa_then_argos_then_auto(one_gpu, flag, environ, device):
    assert EngineOptions.resolve(device=flag, environ=environ).device == device


def test_default_compute_type_is_the_best_the_device_supports(one_gpu):
    assert EngineOptions.resolve(device="cuda", environ={}).compute_type == "int8_float16"
    assert EngineOptions.resolve(device="cpu", environ={}).compute_type == "int8"
    assert EngineOptions.resolve(device="cuda", compute_type="float16", environ={}).compute_type == "float16"
    with pytest.raises(GlossaError, match="float16 is not supported on cpu"):
        EngineOptions.resolve(device="cpu", compute_type="float16", environ={})


def test_compute_type_flag_then_environment_then_the_devices_best():
    assert EngineOptions.resolve(device="cpu", environ={"GLOSSA_COMPUTE_TYPE": "float32"}).compute_type == "float32"
    assert EngineOptions.resolve(device="cpu", compute_type="int8",
                                 environ={"GLOSSA_COMPUTE_TYPE": "float32"}).compute_type == "int8"
    assert EngineOptions.resolve(device="cpu", environ={"GLOSSA_COMPUTE_TYPE": " "}).compute_type == "int8"
    with pytest.raises(GlossaError, match="^GLOSSA_COMPUTE_TYPE=float16 is not supported on cpu"):
        EngineOptions.resolve(device="cpu", environ={"GLOSSA_COMPUTE_TYPE": "float16"})


def test_options_are_frozen():
    options = EngineOptions.resolve(device="cpu", environ={})
    with pytest.raises(AttributeError):
        options.beam_size = 8  # type: ignore[misc]


@NO_GPU
def test_auto_falls_back_to_the_cpu_silently(tiny_ru_en):
    assert EngineOptions.resolve(environ={}) == EngineOptions("cpu", "int8", 4, 0, 1024)
    result = run_glossa("translate", "-", "--device", "auto", stdin="Москва и Астана.\n", env=CLEAN_ENV)
    assert result.returncode == 0 and result.stdout.strip() and not result.stderr.strip(), result.stderr


@NO_GPU
@pytest.mark.parametrize("args,env,origin", [
    (["--device", "cuda"], {}, "--device cuda"),
    ([], {"GLOSSA_DEVICE": "cuda"}, "GLOSSA_DEVICE=cuda"),
    ([], {"ARGOS_DEVICE_TYPE": "cuda"}, "ARGOS_DEVICE_TYPE=cuda"),
    (["--device", "cuda"], {"GLOSSA_DEVICE": "cpu"}, "--device cuda"),
])
def test_cuda_without_a_gpu_is_one_line(tiny_ru_en, args, env, origin):
    result = run_glossa("translate", "-", *args, stdin="Москва.\n", env={**CLEAN_ENV, **env})
    assert_one_line_error(result, origin, "no CUDA GPU")


@NO_GPU
@pytest.mark.parametrize("args,env", [
    (["--device", "cpu"], {"GLOSSA_DEVICE": "cuda", "ARGOS_DEVICE_TYPE": "cuda"}),
    ([], {"GLOSSA_DEVICE": "cpu", "ARGOS_DEVICE_TYPE": "cuda"}),
])
def test_a_higher_setting_overrides_a_cuda_request(tiny_ru_en, args, env):
    result = run_glossa("translate", "-", *args, stdin="Москва.\n", env={**CLEAN_ENV, **env})
    assert result.returncode == 0 and result.stdout.strip(), result.stderr


def test_unknown_device_is_one_line():
    assert_one_line_error(run_glossa("translate", "-", "--device", "gpu", stdin="Москва.\n"),
                          "--device gpu", "auto, cpu, cuda")


def test_unsupported_compute_type_is_one_line(tiny_ru_en):
    cpu = engine_options.supported_compute_types("cpu")
    unsupported = next(t for t in ("float16", "bfloat16", "int8_float16", "int16") if t not in cpu)
    for asked in (unsupported, "int3"):
        result = run_glossa("translate", "-", "--device", "cpu", "--compute-type", asked, stdin="Москва.\n")
        assert_one_line_error(result, f"--compute-type {asked}", "not supported on cpu")
    result = run_glossa("translate", "-", "--device", "cpu", "--compute-type", "float32", stdin="Москва.\n")
    assert result.returncode == 0 and result.stdout.strip(), result.stderr


@pytest.mark.parametrize("threads", ["100000", "-1"])
def test_absurd_thread_counts_are_refused(threads):
    result = run_glossa("translate", "-", "--threads", threads, stdin="Москва.\n")
    assert_one_line_error(result, f"--threads {threads}", "CPUs")


def test_thread_bound_is_four_per_cpu():
    import os

    most = engine_options.THREADS_PER_CPU * (os.cpu_count() or 1)
    assert EngineOptions.resolve(device="cpu", threads=most, environ={}).threads == most
    with pytest.raises(GlossaError, match="--threads"):
        EngineOptions.resolve(device="cpu", threads=most + 1, environ={})


@pytest.mark.parametrize("beam", ["0", "65"])
def test_bad_beam_sizes_are_refused(beam):
    assert_one_line_error(run_glossa("translate", "-", "--beam-size", beam, stdin="Москва.\n"),
                          f"--beam-size {beam}")


@pytest.mark.parametrize("beam", ["1", "2"])
def test_translate_with_a_beam_size(tiny_ru_en, beam):
    result = run_glossa("translate", "-", "--beam-size", beam, "-g", str(SHIPPED),
                        stdin="Касым-Жомарт Токаев посетил Москву.\n")
    assert result.returncode == 0 and result.stdout.strip(), result.stderr


@pytest.mark.parametrize("tokens", ["0", "15", "65537"])
def test_bad_batch_sizes_are_refused(tokens):
    assert_one_line_error(run_glossa("translate", "-", "--batch-tokens", tokens, stdin="Москва.\n"),
                          f"--batch-tokens {tokens}", "16 to 65,536")


class _Recording:
    """A CTranslate2 translator that records the beam size and batch bound of each decoding."""

    def __init__(self, model) -> None:
        self.model, self.beams, self.batches = model, [], []

    def translate_batch(self, *args, **kwargs):
        self.beams.append(kwargs.get("beam_size"))
        self.batches.append(kwargs.get("max_batch_size"))
        return self.model.translate_batch(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.model, name)


def test_beam_size_reaches_ctranslate2(tiny_ru_en):
    import ctranslate2

    sentence = "Касым-Жомарт Токаев посетил Соединенные Штаты."
    for beam in (1, 2):
        translator = Translator(tiny_ru_en, EngineOptions.resolve(device="cpu", beam_size=beam, environ={}))
        assert translator.beam_size == beam and translator.options.beam_size == beam
        translator.model = recording = _Recording(translator.model)
        ours = translator.translate([sentence])[0]
        assert recording.beams == [beam]
        source = translator.encode(sentence)
        raw = ctranslate2.Translator(str(tiny_ru_en.path / "model"), device="cpu", compute_type="int8")
        expected = raw.translate_batch([source], beam_size=beam, replace_unknowns=True,
                                       max_decoding_length=max(16, 4 * len(source) + 10))[0].hypotheses[0]
        assert list(ours.target_pieces) == expected


def test_batch_size_reaches_ctranslate2_and_leaves_the_translation_alone(tiny_ru_en):
    sentences = ["Касым-Жомарт Токаев посетил Соединенные Штаты.", "Дмитрий Песков в Астане.",
                 "Москва и Астана."] * 4
    outputs = {}
    for tokens in (16, 1024):
        translator = Translator(tiny_ru_en, EngineOptions.resolve(device="cpu", batch_tokens=tokens, environ={}))
        translator.model = recording = _Recording(translator.model)
        outputs[tokens] = [t.text for t in translator.translate(sentences)]
        translator.margins([(sentences[0], [], ["▁Moscow"])])
        # beam search (in batches of its own making where 16 pieces hold one sentence), then greedy
        assert set(recording.batches[:-1]) == {tokens} and recording.batches[-1] == 2 * tokens
        assert len(recording.batches) > 2 if tokens == 16 else len(recording.batches) == 2
    assert outputs[16] == outputs[1024]


@given(st.lists(st.integers(1, 300), max_size=80), st.integers(1, 2048), st.integers(1, 64))
def test_batches_hold_every_sentence_once_within_both_bounds(lengths, tokens, most):
    found = batches(lengths, tokens, most)
    assert sorted(i for batch in found for i in batch) == list(range(len(lengths)))
    for batch in found:
        assert len(batch) <= most
        assert len(batch) == 1 or len(batch) * max(lengths[i] for i in batch) <= tokens
        assert [lengths[i] for i in batch] == sorted((lengths[i] for i in batch), reverse=True)


def test_a_batch_that_returns_attention_holds_fewer_hypotheses(tiny_ru_en):
    """Short sentences fill a batch by hypotheses, not pieces: with attention asked for, a
    batch holds at most MAX_ATTENDED_HYPOTHESES of them, without at most MAX_BATCH_HYPOTHESES."""
    from glossa.engine.translator import MAX_ATTENDED_HYPOTHESES, MAX_BATCH_HYPOTHESES

    translator = Translator(tiny_ru_en, EngineOptions.resolve(device="cpu", beam_size=2, environ={}))
    sizes = []

    class Sizes(_Recording):
        def translate_batch(self, source, *args, **kwargs):
            sizes.append(len(source))
            return super().translate_batch(source, *args, **kwargs)

    translator.model = Sizes(translator.model)
    sentences = ["Москва."] * (MAX_BATCH_HYPOTHESES // 2)
    assert [len(found) for found in translator.nbest(sentences, attention=False)] == [1] * len(sentences)
    assert sizes == [MAX_BATCH_HYPOTHESES // 2]
    sizes.clear()
    translator.nbest(sentences, attention=[n == 0 for n in range(len(sentences))])
    assert max(sizes) == MAX_ATTENDED_HYPOTHESES // 2 and sum(sizes) == len(sentences)


def test_the_model_is_loaded_once_per_run(tiny_ru_en, monkeypatch):
    """One ctranslate2.Translator for a whole translate run, forcing included."""
    import ctranslate2
    from typer.testing import CliRunner

    from glossa.cli import app

    real, loads = ctranslate2.Translator, []

    def counting(*args, **kwargs):
        loads.append(kwargs.get("device"))
        return real(*args, **kwargs)

    monkeypatch.setattr(ctranslate2, "Translator", counting)
    text = "Касым-Жомарт Токаев посетил Москву.\n\nДмитрий Песков прокомментировал визит в Астану.\n"
    result = CliRunner().invoke(app, ["translate", "-", "-g", str(SHIPPED), "--device", "cpu",
                                      "--beam-size", "2"], input=text)
    assert result.exit_code == 0, result.output
    assert loads == ["cpu"]



# --- BPE packages: Moses tokenization + subword BPE (bpe.model), as converted OPUS-MT packages

BPE_SENTENCES = ["Касым-Жомарт Токаев посетил «Аурус»… в Вашингтоне.",
                 "Дмитрий  Песков & Ко сказал: \"нет\" — и ушёл.", "Москва и Астана."]


def test_bpe_package_installs_and_lists(tiny_bpe_dir, tiny_bpe_ru_en):
    assert (tiny_bpe_ru_en.path / "bpe.model").is_file()
    assert not (tiny_bpe_ru_en.path / "sentencepiece.model").exists()
    assert (tiny_bpe_ru_en.from_code, tiny_bpe_ru_en.to_code, tiny_bpe_ru_en.version) == ("ru", "en", "0.0-tiny-bpe")
    assert Translator(tiny_bpe_ru_en).tokenizer.kind == "bpe"


def test_bpe_encodes_and_decodes_as_argostranslate_does(tiny_bpe_ru_en):
    from argostranslate.tokenizer import BPETokenizer as ArgosBPETokenizer

    argos = ArgosBPETokenizer(tiny_bpe_ru_en.path / "bpe.model", "ru", "en")
    translator = Translator(tiny_bpe_ru_en)
    for sentence in BPE_SENTENCES:
        assert translator.encode(sentence) == argos.encode(sentence)
    for result in translator.translate(BPE_SENTENCES):
        assert result.text == argos.decode(list(result.target_pieces)).removesuffix("@@")


def plain_bpe_pieces(pieces) -> list[int]:
    """Indices of the pieces whose Moses token has no XML escape in it (&amp; &quot; …)."""
    plain, token = [], []
    for k, piece in enumerate(pieces):
        token.append(k)
        if not piece.endswith("@@") or k == len(pieces) - 1:
            if "&" not in "".join(pieces[i] for i in token):
                plain += token
            token = []
    return plain


def test_bpe_offsets_point_at_pieces(tiny_bpe_ru_en):
    translator = Translator(tiny_bpe_ru_en)
    for sentence, result in zip(BPE_SENTENCES, translator.translate(BPE_SENTENCES, attention=True)):
        assert len(result.attention) == len(result.target_pieces)
        assert all(len(row) == len(result.source_pieces) for row in result.attention)
        starts = [a for a, _ in result.source_offsets]
        assert starts == sorted(starts)
        plain = plain_bpe_pieces(result.source_pieces)
        for k, ((start, end), piece) in enumerate(zip(result.source_offsets, result.source_pieces)):
            core = piece.removesuffix("@@")
            if k in plain and core.isalnum():
                assert sentence[start:end] == core, (piece, sentence)
            elif core == "&quot;":       # the Moses normalizer made «» and “” plain quotes
                assert sentence[start:end] in "«»\"", (piece, sentence)
            elif core == ".":            # … became three dots
                assert sentence[start:end] in ".…", (piece, sentence)
        plain = plain_bpe_pieces(result.target_pieces)
        for k, ((start, end), piece) in enumerate(zip(result.target_offsets, result.target_pieces)):
            core = piece.removesuffix("@@")
            assert 0 <= start <= end <= len(result.text)
            if k in plain and core != "@-@":
                assert result.text[start:end] == core, (piece, result.text)


def test_bpe_pieces_to_text_and_word_starts(tiny_bpe_ru_en):
    from glossa.engine.translator import Translation

    tokenizer = Translator(tiny_bpe_ru_en).tokenizer
    pieces = ["The", "Krem@@", "lin", "&apos;s", "car", "&amp;", "&quot;", "Pes@@", "kov", "&quot;", "co", "@-@", "op",
              "."]
    text, offsets = tokenizer.detokenize(pieces)
    assert text == "The Kremlin's car & \"Peskov\" co-op."
    assert [text[a:b] for a, b in offsets] == ["The", "Krem", "lin", "'s", "car", "&", '"', "Pes", "kov", '"', "co",
                                               "-", "op", "."]
    translation = Translation(text, (), (), tuple(pieces), tuple(offsets))
    starts = [p for k, p in enumerate(pieces) if tokenizer.starts_word(translation, k)]
    assert starts == ["The", "Krem@@", "car", "&amp;", "&quot;", "co"]


def test_bpe_target_prefix_is_tokenized_as_the_target_side(tiny_bpe_ru_en):
    translator = Translator(tiny_bpe_ru_en)
    prefix = "Kassym-Jomart Tokayev's car"
    start = translator.encode_target(prefix)
    (weighed,) = translator.margins([("Москва и Астана.", start, [END])])
    assert len(weighed) == 1 and weighed[0] > float("-inf")   # the start is the target side's pieces
    tokens = " ".join(translator.encode_target("Tokayev's")).replace("@@ ", "").split(" ")
    assert tokens == ["Tokayev", "&apos;s"]   # English Moses rules, not the source's


def test_malformed_bpe_codes_are_refused_and_leave_nothing(tiny_bpe_package_file, tmp_path):
    target = tmp_path / "argos"
    target.mkdir()
    bad = rewrite_package(tiny_bpe_package_file, tmp_path / "bad.argosmodel",
                          lambda n, d: (n, "#version: 0.2\nа б в\n".encode()) if n.endswith("bpe.model") else (n, d))
    result = run_glossa("models", "install", str(bad), env={"ARGOS_PACKAGES_DIR": str(target)})
    assert_one_line_error(result, "bpe.model is not a file of BPE codes")
    assert list(target.iterdir()) == []


def test_package_without_a_tokenizer_is_a_clear_error(tiny_package_file, tmp_path):
    with zipfile.ZipFile(tiny_package_file) as archive:
        archive.extractall(tmp_path)
    directory = next(tmp_path.glob("*/model")).parent
    (directory / "sentencepiece.model").unlink()
    with pytest.raises(GlossaError) as err:
        Translator(packages.InstalledPackage("ru", "en", "0", directory))
    assert "no sentencepiece.model or bpe.model" in str(err.value)


# --- hostile archives: one line, exit 2, nothing installed

def patch_member_header(archive: Path, member_suffix: str, *, flag_bits: int = 0, method: int | None = None) -> Path:
    """Set general-purpose flag bits or the compression method of one member, in its local
    header and its central-directory entry, as a hostile or exotic zip tool would write them."""
    import struct

    data = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as zf:
        info = next(i for i in zf.infolist() if i.filename.endswith(member_suffix))
    local = info.header_offset
    central = data.find(b"PK\x01\x02")
    while central != -1:
        name_len = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46: central + 46 + name_len].decode() == info.filename:
            break
        central = data.find(b"PK\x01\x02", central + 4)
    for flags_at, method_at in ((local + 6, local + 8), (central + 8, central + 10)):
        struct.pack_into("<H", data, flags_at, struct.unpack_from("<H", data, flags_at)[0] | flag_bits)
        if method is not None:
            struct.pack_into("<H", data, method_at, method)
    archive.write_bytes(bytes(data))
    return archive


def metadata_as(value):
    return lambda n, d: (n, json.dumps(value).encode()) if n.endswith("metadata.json") else (n, d)


@pytest.mark.parametrize("change,fragment", [
    (metadata_as(["ru", "en"]), "must be a JSON object, not list"),
    (metadata_as({"from_code": 7, "to_code": "en"}), "from_code must be a string, not int"),
    (metadata_as({"from_code": "ru", "to_code": ["en"]}), "to_code must be a string, not list"),
    (metadata_as({"from_code": "ru", "to_code": "en", "target_prefix": 3}), "target_prefix must be a string"),
    (metadata_as({"from_code": "../../x", "to_code": "en"}), "from_code '../../x' is not a language code"),
    (metadata_as({"from_code": "ru", "to_code": "[bold]zz"}), "to_code '[bold]zz' is not a language code"),
    (metadata_as({"from_code": "ru", "to_code": "en", "package_version": "1.0/../../x"}), "is not a version"),
    (lambda n, d: (n, b"[" * 100_000 + b"]" * 100_000) if n.endswith("metadata.json") else (n, d),
     "not valid JSON"),
    (lambda n, d: ("..\\escape.txt", d) if n.endswith("README.md") else (n, d), "would escape"),
    (lambda n, d: (n, b"\0garbage" * 64) if n.endswith("sentencepiece.model") else (n, d),
     "cannot load the tokenizer"),
])
def test_hostile_metadata_and_members_are_refused(tiny_package_file, tiny_ru_en, tmp_path, change, fragment):
    before = sorted(p.name for p in ARGOS_DIR.iterdir())
    bad = rewrite_package(tiny_package_file, tmp_path / "bad.argosmodel", change)
    assert_one_line_error(run_glossa("models", "install", str(bad)), str(bad), fragment)
    assert sorted(p.name for p in ARGOS_DIR.iterdir()) == before


def test_huge_metadata_is_refused_by_its_declared_size(tiny_package_file, tiny_ru_en, tmp_path, monkeypatch):
    before = sorted(p.name for p in ARGOS_DIR.iterdir())
    huge = b'{"from_code": "ru", "to_code": "en", "pad": "' + b" " * (8 << 20) + b'"}'
    bad = tmp_path / "bad.argosmodel"
    with zipfile.ZipFile(tiny_package_file) as src, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info.filename, huge if info.filename.endswith("metadata.json") else data)
    assert bad.stat().st_size < (1 << 20)   # a small download that inflates to 8 MB
    assert_one_line_error(run_glossa("models", "install", str(bad)), "metadata.json is too large")
    assert sorted(p.name for p in ARGOS_DIR.iterdir()) == before
    read = []
    real_open = zipfile.ZipFile.open
    monkeypatch.setattr(zipfile.ZipFile, "open",
                        lambda self, name, *a, **k: read.append(str(name)) or real_open(self, name, *a, **k))
    with pytest.raises(GlossaError, match="too large"):
        packages.validate_archive(bad)
    assert not any(name.endswith("metadata.json") for name in read)   # refused unread


@pytest.mark.parametrize("member,flags,method,fragment", [
    ("metadata.json", 0x1, None, "is encrypted"),
    ("model.bin", 0x1, None, "is encrypted"),
    ("model.bin", 0, 99, "unsupported compression method (99)"),
    ("sentencepiece.model", 0, 14, "corrupt archive"),   # LZMA named, deflate inside
])
def test_encrypted_or_oddly_compressed_members_are_refused(tiny_package_file, tiny_ru_en, tmp_path,
                                                           member, flags, method, fragment):
    before = sorted(p.name for p in ARGOS_DIR.iterdir())
    bad = tmp_path / "bad.argosmodel"
    bad.write_bytes(tiny_package_file.read_bytes())
    patch_member_header(bad, member, flag_bits=flags, method=method)
    assert_one_line_error(run_glossa("models", "install", str(bad)), str(bad), fragment)
    assert sorted(p.name for p in ARGOS_DIR.iterdir()) == before


def test_broken_tokenizer_does_not_replace_a_working_install(tiny_package_file, tiny_ru_en, tmp_path):
    working = packages.find("ru", "en").path / "sentencepiece.model"
    before = working.read_bytes()
    bad = rewrite_package(tiny_package_file, tmp_path / "bad.argosmodel",
                          lambda n, d: (n, d[: len(d) // 2]) if n.endswith("sentencepiece.model") else (n, d))
    assert_one_line_error(run_glossa("models", "install", str(bad)), "cannot load the tokenizer")
    assert working.read_bytes() == before
    assert leftovers() == []


def test_translate_yes_with_a_package_directory_that_is_a_file_is_one_line(tmp_path):
    """The directory that cannot be prepared is not taken for a missing package (which
    --yes would go to the index for, importing argostranslate's settings unguarded)."""
    not_a_dir = tmp_path / "packages"
    not_a_dir.write_text("")
    result = run_glossa("translate", "-", "--yes", "--no-glossary", stdin="Привет.\n",
                        env={"ARGOS_PACKAGES_DIR": str(not_a_dir)})
    assert_one_line_error(result, str(not_a_dir), "not a directory")


# --- OUT that cannot be written: one line, exit 2, no traceback, nothing left behind

@pytest.fixture
def read_only_dir(tmp_path):
    import os
    import subprocess

    directory = tmp_path / "locked"
    directory.mkdir()
    directory.chmod(0o555)
    immutable = False
    if os.geteuid() == 0:   # root writes through modes: make the directory immutable instead
        immutable = subprocess.run(["chattr", "+i", str(directory)], capture_output=True).returncode == 0
        if not immutable:
            directory.chmod(0o755)
            pytest.skip("running as root and chattr +i is not available")
    yield directory
    if immutable:
        subprocess.run(["chattr", "-i", str(directory)], check=True)
    directory.chmod(0o755)


def output_command(command: str, tmp_path: Path, output: str) -> list[str]:
    from tests.conftest import SHIPPED

    source, mt = tmp_path / "src.txt", tmp_path / "mt.txt"
    source.write_text("Касым-Жомарт Токаев посетил Астану.\n")
    mt.write_text("Kasym-Zhomart Tokaev visited Astana.\n")
    return {"translate": ["translate", str(source), "-g", str(SHIPPED), "-o", output],
            "translate-json": ["translate", str(source), "-g", str(SHIPPED), "--format", "json", "-o", output],
            "enforce": ["enforce", "--source", str(source), "--mt", str(mt), "-g", str(SHIPPED), "-o", output],
            "export": ["glossary", "export", str(SHIPPED), "-o", output],
            "export-csv": ["glossary", "export", str(SHIPPED), "--format", "csv", "-o", output]}[command]


COMMANDS = ["translate", "translate-json", "enforce", "export", "export-csv"]


@pytest.mark.parametrize("command", COMMANDS)
def test_full_disk_is_one_line_and_the_device_stays(tiny_ru_en, tmp_path, command):
    import stat

    result = run_glossa(*output_command(command, tmp_path, "/dev/full"))
    assert_one_line_error(result, "/dev/full", "No space left on device")
    assert stat.S_ISCHR(Path("/dev/full").stat().st_mode)   # written to, never replaced


@pytest.mark.parametrize("command", COMMANDS)
def test_output_that_is_a_directory_is_one_line(tiny_ru_en, tmp_path, command):
    directory = tmp_path / "out"
    directory.mkdir()
    result = run_glossa(*output_command(command, tmp_path, str(directory)))
    assert_one_line_error(result, str(directory), "is a directory")
    assert list(directory.iterdir()) == []


@pytest.mark.parametrize("command", COMMANDS)
def test_output_into_a_read_only_directory_is_one_line(tiny_ru_en, tmp_path, read_only_dir, command):
    target = read_only_dir / "out.txt"
    result = run_glossa(*output_command(command, tmp_path, str(target)))
    assert_one_line_error(result, str(target))
    assert list(read_only_dir.iterdir()) == []


def test_output_to_a_device_is_written_in_place(tiny_ru_en, tmp_path):
    import stat

    result = run_glossa(*output_command("enforce", tmp_path, "/dev/null"))
    assert result.returncode == 0, result.stderr
    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)


def test_nbest_comes_from_the_translation_beam_the_first_with_attention(tiny_ru_en):
    translator = Translator(tiny_ru_en)
    sentences = ["Песков прибыл в Астану.", "Кремль ответил."]
    lists = translator.nbest(sentences)
    plain = translator.translate(sentences)
    assert [len(options) for options in lists] == [translator.beam_size] * 2
    assert [options[0].text for options in lists] == [t.text for t in plain]
    assert all(options[0].attention is not None for options in lists)
    assert all(t.attention is None for options in lists for t in options[1:])
    assert translator.nbest([]) == [] and translator.translate([]) == []
    # a sentence with no term to place (no attention asked) gets its translation alone
    mixed = translator.nbest(sentences, attention=[True, False])
    assert [len(options) for options in mixed] == [translator.beam_size, 1]
    assert [options[0].text for options in mixed] == [t.text for t in plain]


def test_a_target_vocabulary_splits_words_into_its_fewest_pieces():
    from glossa.engine.tokenizers import VocabularySegmenter

    vocabulary = VocabularySegmenter(["▁gov", "ern", "ment", "▁government", "▁an", "nounced", "▁S", "ME", "s", "."])
    assert vocabulary.encode("government announced.") == ["▁government", "▁an", "nounced", "."]
    assert vocabulary.encode("SMEs") == ["▁S", "ME", "s"]
    assert vocabulary.encode("Ω") == ["▁", "Ω"]   # a character the vocabulary lacks stands alone


def test_workers_decode_batches_at_once_with_the_same_result(tiny_ru_en):
    sentences = ["Касым-Жомарт Токаев посетил Соединенные Штаты.", "Москва и Астана.",
                 "Пресс-секретарь Кремля ответил."] * 8
    one = Translator(tiny_ru_en, EngineOptions.resolve(device="cpu", threads=1, batch_tokens=16, environ={}))
    two = Translator(tiny_ru_en, EngineOptions.resolve(device="cpu", threads=1, batch_tokens=16, workers=2,
                                                       environ={}))
    assert two.model.num_translators == 2 and one.model.num_translators == 1
    assert [t.text for t in two.translate(sentences)] == [t.text for t in one.translate(sentences)]


@pytest.mark.parametrize("workers", ["0", "100000"])
def test_absurd_worker_counts_are_refused(workers):
    result = run_glossa("translate", "-", "--workers", workers, stdin="Москва.\n")
    assert_one_line_error(result, f"--workers {workers}", "CPUs")


@pytest.mark.skipif(not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
                    reason="malloc_trim is glibc's")
def test_memory_a_model_call_freed_goes_back_to_the_system():
    """glibc keeps freed blocks in its heap: 125 MB freed behind a block still in use stays
    resident until release_freed hands the free pages back."""
    import ctypes
    import ctypes.util

    from glossa.engine.memory import release_freed

    def resident_mb() -> float:
        return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

    libc = ctypes.CDLL(ctypes.util.find_library("c"))
    libc.malloc.restype, libc.malloc.argtypes = ctypes.c_void_p, [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]
    blocks = [libc.malloc(64 * 1024) for _ in range(2000)]   # below the mmap threshold: the heap
    for block in blocks:
        ctypes.memset(block, 1, 64 * 1024)
    for block in blocks[:-1]:
        libc.free(block)
    kept = resident_mb()
    release_freed()
    assert kept - resident_mb() > 100
    libc.free(blocks[-1])
