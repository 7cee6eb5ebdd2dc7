.PHONY: setup demo lint test bench

setup:
	scripts/setup.sh

demo: setup
	scripts/demo.sh

lint: setup
	.venv/bin/ruff check glossa scripts tests
	.venv/bin/mypy

test: setup
	.venv/bin/python -m pytest

bench: setup
	.venv/bin/python scripts/bench.py
