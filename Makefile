# Two entry points a newcomer needs: `make run` and `make test`. Both build .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export DO_NOT_TRACK ?= 1

.PHONY: run test bench fuzz clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/aa-leaderboards ingest fixtures/small-board-full.html fixtures/tiny-board-full.html --db data/leaderboards.duckdb
	$(BIN)/aa-leaderboards show --db data/leaderboards.duckdb
	$(BIN)/aa-leaderboards report --db data/leaderboards.duckdb --out data/report.html

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	for script in bench/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

# A long fuzz run of the parser's property tests (not in CI); record findings in RELIABILITY.md.
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q tests/test_fuzz.py

clean:
	rm -rf $(VENV) data .pytest_cache
