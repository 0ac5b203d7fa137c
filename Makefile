# Two entry points a newcomer needs: `make run` and `make test`. Both build .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Where `make run` writes its database, published copy and report.
DATA   ?= data
DB     := $(DATA)/leaderboards.duckdb

export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export DO_NOT_TRACK ?= 1

.PHONY: run test bench fuzz clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# The demo: both boards as the real pages of 2026-07-18 and 2026-07-31 showed them (facts of those
# pages in our own markup, see fixtures/build_demo.py), dated by the capture times in their names.
DEMO   := $(sort $(wildcard fixtures/demo/*.html))

run: $(STAMP)
	$(BIN)/aa-leaderboards ingest $(DEMO) --db $(DB)
	$(BIN)/aa-leaderboards show --db $(DB)
	$(BIN)/aa-leaderboards report --db $(DB) --out $(DATA)/report.html
	@echo
	@echo "database (the writer's file):    $(DB)"
	@echo "published copy (query this one): $(DATA)/published/leaderboards.duckdb"
	@echo "report (open in a browser):      $(DATA)/report.html"
	@echo "try:"
	@echo "  $(BIN)/python -c \"import duckdb; duckdb.connect('$(DATA)/published/leaderboards.duckdb', read_only=True).sql('SELECT tier, rank, model, intelligence_index FROM leaderboard_latest WHERE rank <= 3 ORDER BY tier, rank').show()\""

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	for script in bench/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

# A long fuzz run of the parser's property tests (not in CI); record findings in RELIABILITY.md.
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q tests/test_fuzz.py

clean:
	rm -rf $(VENV) data .pytest_cache
