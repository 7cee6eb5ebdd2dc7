.PHONY: setup demo test bench

setup:
	scripts/setup.sh

demo: setup
	scripts/demo.sh

test: setup
	.venv/bin/python -m pytest

bench: setup
	.venv/bin/python scripts/bench.py
