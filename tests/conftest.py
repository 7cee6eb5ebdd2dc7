"""Shared helpers: run the CLI (in process, or in a process of its own), locate project files,
build and install the test packages."""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path

import pytest
import typer.main
import typer.testing

# Every test shares one Argos package directory of its own, set before argostranslate is
# imported anywhere (it reads ARGOS_PACKAGES_DIR once, at import).
ARGOS_DIR = Path(tempfile.mkdtemp(prefix="glossa-test-argos-"))
os.environ["ARGOS_PACKAGES_DIR"] = str(ARGOS_DIR)
# large glossaries and their index keys are kept between runs in the user's cache: the tests
# keep theirs in a directory of their own
os.environ["GLOSSA_CACHE_DIR"] = tempfile.mkdtemp(prefix="glossa-test-cache-")
# both go when the process ends (each xdist worker has its own)
for _made in (str(ARGOS_DIR), os.environ["GLOSSA_CACHE_DIR"]):
    atexit.register(shutil.rmtree, _made, True)

# The xdist workers share the machine's cores: the model calls of each worker (and of the
# processes it starts) take their share of OpenMP threads, not every core each, where the
# threads of two workers would spin against each other. Set before CTranslate2 starts them.
if os.environ.get("PYTEST_XDIST_WORKER_COUNT"):
    _share = len(os.sched_getaffinity(0)) // int(os.environ["PYTEST_XDIST_WORKER_COUNT"])
    os.environ.setdefault("OMP_NUM_THREADS", str(max(1, _share)))

# typer's CliRunner turns the app into a click command on every invoke (20 ms for glossa's);
# click commands are reusable, so the tests build each app's once.
typer.testing._get_command = functools.lru_cache(maxsize=None)(typer.main.get_command)

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "glossaries" / "ru-en.news.yaml"
SEED = ROOT / "seeds" / "tokayev-visits.ru.txt"


READ_AT_IMPORT = ("ARGOS_PACKAGES_DIR", "ARGOS_PACKAGE_INDEX")
RU_EN = "source_lang: ru\ntarget_lang: en\nterms:\n"   # a glossary's head, before its entries


def write_glossary(tmp_path: Path, body: str, name: str = "g.yaml", head: str = RU_EN) -> Path:
    """A glossary file of ``body``'s entries (YAML list items) in ``tmp_path``."""
    path = tmp_path / name
    path.write_text(head + body, encoding="utf-8")
    return path


def run_glossa(*args: str, cwd: Path | None = None, stdin: str | None = None,
               env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the glossa app in this process (typer's CliRunner) as a user would, capturing
    text output: the exit code, stdout and stderr a user sees. Another Argos package
    directory or index needs a process of its own (argostranslate reads them once, at import)."""
    from typer.testing import CliRunner

    from glossa.cli import app

    args = without_model(args)
    full_env = {"NO_COLOR": "1", "COLUMNS": "200", **(env or {})}
    if any(full_env.get(name, os.environ.get(name)) != os.environ.get(name) for name in READ_AT_IMPORT):
        return run_glossa_process(*args, cwd=cwd, stdin=stdin, env=env)
    before = os.getcwd()
    os.chdir(cwd or ROOT)
    try:
        result = CliRunner().invoke(app, list(args), input=stdin, env=full_env)
    finally:
        os.chdir(before)
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(result.exception))
    return subprocess.CompletedProcess(["glossa", *args], result.exit_code, result.stdout, stderr)


def without_model(args: tuple[str, ...]) -> tuple[str, ...]:
    """``enforce`` reads the MT with the pair's package when one is installed, and whether the
    tiny ru→en package is installed in the shared test directory depends on which tests ran
    before: enforce runs without the model unless a test asks for ``--model``."""
    if args[:1] == ("enforce",) and "--model" not in args:
        return (*args, "--no-model")
    return args


def run_glossa_process(*args: str, cwd: Path | None = None, stdin: str | None = None,
                       env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m glossa`` in a process of its own, for what only a process shows
    (signals, pipes, the environment read at start-up)."""
    args = without_model(args)
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


@pytest.fixture(scope="session", autouse=True)
def _remove_argos_dir():
    yield
    shutil.rmtree(ARGOS_DIR, ignore_errors=True)


def built_once(tmp_path_factory, worker_id: str, name: str, **options) -> Path:
    """The tiny package ``name`` built with ``options``, once for the whole run: the workers
    of a parallel run share their base directory's copy (building imports CTranslate2's
    model specs, and with them torch, a second or two per process)."""
    from filelock import FileLock

    from scripts.build_tiny_model import build_package

    run_directory = tmp_path_factory.getbasetemp()
    if worker_id != "master":      # a worker's base directory sits in the run's
        run_directory = run_directory.parent
    shared = run_directory / "packages"
    shared.mkdir(exist_ok=True)
    target = shared / name
    with FileLock(str(target) + ".lock"):
        if not target.is_file():
            build_package(target, **options)
    return target


@pytest.fixture(scope="session")
def tiny_package_file(tmp_path_factory, worker_id) -> Path:
    return built_once(tmp_path_factory, worker_id, "translate-ru_en-tiny.argosmodel")


@pytest.fixture(scope="session")
def tiny_ru_en(tiny_package_file):
    """The tiny ru→en package, installed through 'glossa models install' like a user's."""
    from glossa.engine.packages import find

    result = run_glossa("models", "install", str(tiny_package_file))
    assert result.returncode == 0, result.stderr
    return find("ru", "en")


@pytest.fixture(scope="session")
def real_zh_en():
    """The pretrained Argos zh→en 1.9 package, installed through 'glossa models install'."""
    from glossa.engine.packages import find
    from tests.fixtures_models import real_zh_en_package

    path, why = real_zh_en_package()
    if path is None:
        if os.environ.get("CI"):   # CI reaches PyPI: a real-model test that cannot run fails there
            pytest.fail(f"the real zh→en package is needed in CI: {why}")
        pytest.skip(why)
    result = run_glossa("models", "install", str(path))
    assert result.returncode == 0, result.stderr
    return find("zh", "en")


@pytest.fixture(scope="session")
def real_translator(real_zh_en):
    """The real zh→en package's model, loaded once for the session (as the environment's
    GLOSSA_COMPUTE_TYPE and CT2_FORCE_CPU_ISA ask, so CI runs these tests on other kernels)."""
    from glossa.engine.translator import Translator

    return Translator(real_zh_en)


@pytest.fixture(scope="session")
def tiny_bpe_package_file(tmp_path_factory, worker_id) -> Path:
    """The tiny package with a Moses + BPE tokenizer (``bpe.model``), as converted OPUS-MT
    packages have. Seed 4: with random weights a forced continuation keeps the output's words
    only by chance, and with these weights it does for a few seed sentences."""
    return built_once(tmp_path_factory, worker_id, "translate-ru_en-tiny-bpe.argosmodel", seed=4, tokenizer="bpe")


@pytest.fixture(scope="session")
def tiny_bpe_dir(tmp_path_factory, tiny_bpe_package_file) -> Path:
    """A package directory of its own holding the tiny BPE ru→en package, installed through
    'glossa models install' (pass ``env={"ARGOS_PACKAGES_DIR": str(tiny_bpe_dir)}``)."""
    directory = tmp_path_factory.mktemp("argos-bpe")
    result = run_glossa("models", "install", str(tiny_bpe_package_file),
                        env={"ARGOS_PACKAGES_DIR": str(directory)})
    assert result.returncode == 0, result.stderr
    return directory


@pytest.fixture(scope="session")
def tiny_bpe_ru_en(tiny_bpe_dir):
    """The installed tiny BPE package, as 'glossa models list' reports it."""
    import json

    from glossa.engine.packages import InstalledPackage

    listing = run_glossa("models", "list", "--format", "json", env={"ARGOS_PACKAGES_DIR": str(tiny_bpe_dir)})
    assert listing.returncode == 0, listing.stderr
    (entry,) = json.loads(listing.stdout)
    return InstalledPackage(entry["from"], entry["to"], entry["version"], Path(entry["path"]))


def pytest_collection_modifyitems(items) -> None:
    """Every test that uses the real zh→en package is a ``realmodel`` test, marked or not, so
    ``-m realmodel`` runs them all (CI runs them again on another instruction set and in
    float32: their decisions must not depend on either)."""
    for item in items:
        if "real_zh_en" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.realmodel)
