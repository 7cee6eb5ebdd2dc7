.PHONY: setup demo test bench

setup:
	scripts/setup.sh

demo: setup
	.venv/bin/glossa glossary check glossaries/
	.venv/bin/glossa glossary list glossaries/

test: setup
	.venv/bin/python -m pytest

bench: setup
	.venv/bin/python scripts/bench.py
