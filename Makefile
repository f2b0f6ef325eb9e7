.PHONY: test lint bench install

install:
	python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]'

test:
	.venv/bin/python -m pytest -q

lint:
	.venv/bin/ruff check newsclean tests bench

bench:
	.venv/bin/python bench/bench.py --n 20000 --rss-n 5000
