"""The engine options: device, compute type, beam size, threads and batch size, resolved
once per run.

The device comes from ``--device``, else ``GLOSSA_DEVICE``, else argostranslate's
``ARGOS_DEVICE_TYPE``, else ``auto`` (CUDA when CTranslate2 sees a GPU, otherwise the CPU);
the compute type from ``--compute-type``, else ``GLOSSA_COMPUTE_TYPE``, else the best the
device supports.
Everything is checked here, so a bad choice is one ``GlossaError`` line and never a crash
inside CTranslate2.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from glossa.errors import GlossaError

DEVICES = ("auto", "cpu", "cuda")
DEVICE_VARIABLES = ("GLOSSA_DEVICE", "ARGOS_DEVICE_TYPE")   # in order of precedence
COMPUTE_VARIABLE = "GLOSSA_COMPUTE_TYPE"                     # when --compute-type is not given
# The compute type taken when none is asked for: the first the device supports (on the CPU
# that is int8, quantized weights with float32 activations; on a GPU int8 with float16).
COMPUTE_PREFERENCE = ("int8_float16", "int8_bfloat16", "int8", "int8_float32", "float16",
                      "bfloat16", "int16", "float32")
DEFAULT_BEAM_SIZE = 4
MAX_BEAM_SIZE = 64
THREADS_PER_CPU = 4   # --threads above THREADS_PER_CPU × the CPUs is refused
# Beam-search batches are bounded in source tokens (subword pieces), not in sentences: the
# decoder's state grows with each hypothesis's source and output pieces, so a batch of long
# sentences takes about the memory of one of typical sentences (a batch of many short ones
# is bounded in hypotheses besides: translator.MAX_BATCH_HYPOTHESES). 1,024 runs at the
# speed of CTranslate2's own 32-sentence batches; smaller batches trade speed for a lower
# peak (README, "Performance and quality").
DEFAULT_BATCH_TOKENS = 1024
BATCH_TOKEN_RANGE = (16, 65536)


@dataclass(frozen=True)
class EngineOptions:
    """How the model runs: a resolved device (``cpu`` or ``cuda``) and a compute type that
    device supports, the beam size, CPU threads per batch (0: CTranslate2's default, all),
    how many batches run at once (each worker shares the model's weights and takes
    ``threads`` threads), and the source tokens a beam-search batch holds (greedy decoding
    takes twice as many). One worker with every thread is the default: on a small machine it
    decodes as fast as more workers with fewer threads each and holds one set of buffers."""

    device: str
    compute_type: str
    beam_size: int = DEFAULT_BEAM_SIZE
    threads: int = 0
    batch_tokens: int = DEFAULT_BATCH_TOKENS
    workers: int = 1

    @classmethod
    def resolve(cls, device: str | None = None, compute_type: str | None = None,
                beam_size: int = DEFAULT_BEAM_SIZE, threads: int = 0,
                batch_tokens: int = DEFAULT_BATCH_TOKENS, workers: int = 1,
                environ: Mapping[str, str] | None = None) -> EngineOptions:
        """The options from the command line (None: not given) and the environment."""
        environ = os.environ if environ is None else environ
        requested, origin = requested_device(device, environ)
        resolved = pick_device(requested, origin)
        compute_origin = "--compute-type"
        if compute_type is None and (environ.get(COMPUTE_VARIABLE) or "").strip():
            compute_type, compute_origin = environ[COMPUTE_VARIABLE], COMPUTE_VARIABLE
        return cls(device=resolved, compute_type=pick_compute_type(resolved, compute_type, compute_origin),
                   beam_size=check_beam_size(beam_size), threads=check_threads(threads),
                   batch_tokens=check_batch_tokens(batch_tokens), workers=check_workers(workers))


def requested_device(flag: str | None, environ: Mapping[str, str]) -> tuple[str, str]:
    """The device asked for and where the request came from: the flag, GLOSSA_DEVICE,
    ARGOS_DEVICE_TYPE, or nothing (``auto``). Empty values count as not given."""
    candidates = [(flag, f"--device {flag}")] + [
        (environ.get(name), f"{name}={environ.get(name)}") for name in DEVICE_VARIABLES]
    for value, origin in candidates:
        if value is not None and value.strip():
            value = value.strip().lower()
            if value not in DEVICES:
                raise GlossaError(f"{origin}: unknown device; the devices are {', '.join(DEVICES)}")
            return value, origin
    return "auto", "auto"


def pick_device(requested: str, origin: str) -> str:
    if requested == "cpu":
        return "cpu"
    gpus = cuda_device_count()
    if requested == "cuda" and gpus == 0:
        raise GlossaError(f"{origin}: CTranslate2 sees no CUDA GPU on this machine "
                          "(use --device cpu, or auto to take a GPU only when there is one)")
    return "cuda" if gpus > 0 else "cpu"


def pick_compute_type(device: str, asked: str | None, origin: str = "--compute-type") -> str:
    """The compute type asked for (``origin`` names where: the flag or the variable), checked
    against the device, or the device's best."""
    supported = supported_compute_types(device)
    if asked is not None and asked.strip() and asked.strip().lower() not in ("auto", "default"):
        asked = asked.strip().lower()
        if asked not in supported:
            sep = "=" if origin == COMPUTE_VARIABLE else " "
            raise GlossaError(f"{origin}{sep}{asked} is not supported on {device}; "
                              f"{device} supports {', '.join(sorted(supported))}")
        return asked
    for candidate in COMPUTE_PREFERENCE:
        if candidate in supported:
            return candidate
    raise GlossaError(f"CTranslate2 reports no usable compute type on {device}")


def check_beam_size(beam_size: int) -> int:
    if not 1 <= beam_size <= MAX_BEAM_SIZE:
        raise GlossaError(f"--beam-size {beam_size}: give a beam size from 1 to {MAX_BEAM_SIZE}")
    return beam_size


def check_threads(threads: int) -> int:
    cpus = os.cpu_count() or 1
    most = THREADS_PER_CPU * cpus
    if threads < 0 or threads > most:
        raise GlossaError(f"--threads {threads}: give 0 (all CPUs) or 1 to {most} "
                          f"({THREADS_PER_CPU}× this machine's {cpus} CPUs)")
    return threads


def check_workers(workers: int) -> int:
    cpus = os.cpu_count() or 1
    if not 1 <= workers <= cpus:
        raise GlossaError(f"--workers {workers}: give 1 to {cpus} (this machine's CPUs)")
    return workers


def check_batch_tokens(batch_tokens: int) -> int:
    low, high = BATCH_TOKEN_RANGE
    if not low <= batch_tokens <= high:
        raise GlossaError(f"--batch-tokens {batch_tokens}: give {low:,} to {high:,} source tokens a batch")
    return batch_tokens


def cuda_device_count() -> int:
    import ctranslate2

    try:
        return ctranslate2.get_cuda_device_count()
    except Exception:  # noqa: BLE001 - a broken CUDA install is no GPU
        return 0


def supported_compute_types(device: str) -> set[str]:
    import ctranslate2

    try:
        return set(ctranslate2.get_supported_compute_types(device))
    except Exception as exc:  # noqa: BLE001 - the CUDA runtime reports failures as RuntimeError
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise GlossaError(f"cannot query CTranslate2's compute types on {device}: {message}") from None
