.PHONY: setup demo lint test test-kernels bench

setup:
	scripts/setup.sh

demo: setup
	scripts/demo.sh

lint: setup
	.venv/bin/ruff check glossa scripts tests
	.venv/bin/mypy

test: setup
	.venv/bin/python -m pytest

# the real-model tests on the AVX2 kernels (where the CPU has them) and in float32
test-kernels: setup
	if grep -qw avx2 /proc/cpuinfo; then CT2_FORCE_CPU_ISA=AVX2 .venv/bin/python -m pytest -m realmodel; fi
	GLOSSA_COMPUTE_TYPE=float32 .venv/bin/python -m pytest -m realmodel

bench: setup
	.venv/bin/python scripts/bench.py
