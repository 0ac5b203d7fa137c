# Two entry points a newcomer needs: `make run` and `make test`. Both build .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# What is installed: the project for `make run`, and its test tools beside it for `make test`.
RUN_STAMP  := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test
# Where `make run` writes its database, published copy and report.
DATA   ?= data
DB     := $(DATA)/leaderboards.duckdb

export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export DO_NOT_TRACK ?= 1
# .venv and the checkout are ours: Python may keep its compiled bytecode there (git-ignored
# __pycache__) even where the shell says not to write any. uv installs without compiling, so
# without it every command, test worker and flow run compiles all it imports again (importing
# Prefect from a fresh .venv: 5 s instead of 2 s).
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test lint lock bench fuzz clean

# Every machine installs the same versions: constraints.txt pins every package the project and
# its tests pull in (`make lock` refreshes it; see docs/development.md, "Upgrading dependencies").
# uv installs them (seconds where pip takes minutes; pinned in constraints.txt too); where uv
# cannot be had or cannot reach the index (it reads no pip configuration), pip does, saying so.
# uv reads no pip configuration: an index given to pip by the environment is given to uv too.
ifdef PIP_INDEX_URL
export UV_DEFAULT_INDEX ?= $(PIP_INDEX_URL)
endif

define install
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	test -x $(BIN)/uv || $(BIN)/pip install --quiet -c constraints.txt uv || true
	if test -x $(BIN)/uv && $(BIN)/uv pip install --quiet --python $(BIN)/python -c constraints.txt -e '$(1)'; then :; \
	else echo "note: installing with pip instead of uv"; $(BIN)/pip install --quiet -c constraints.txt -e '$(1)'; fi
endef

$(RUN_STAMP): pyproject.toml constraints.txt
	$(call install,.)
	touch $(RUN_STAMP)

# pytest, hypothesis, ruff, mypy, moto and the rest come with `make test` only: one install of
# the project with its test extra (which is the run's install too).
$(TEST_STAMP): pyproject.toml constraints.txt
	$(call install,.[test])
	touch $(RUN_STAMP) $(TEST_STAMP)

# The demo: the four boards as the real pages of 2026-07-18 and 2026-07-31 showed them (facts of those
# pages in our own markup, see fixtures/build_demo.py), dated by the capture times in their names.
DEMO   := $(sort $(wildcard fixtures/demo/*.html))

run: $(RUN_STAMP)
	$(BIN)/aa-leaderboards ingest $(DEMO) --db $(DB)
	$(BIN)/aa-leaderboards show --db $(DB)
	$(BIN)/aa-leaderboards report --db $(DB) --out $(DATA)/report.html
	@echo
	@echo "database (the writer's file):    $(DB)"
	@echo "published copy (query this one): $(DATA)/published/leaderboards.duckdb"
	@echo "report (open in a browser):      $(DATA)/report.html"
	@echo "try:"
	@echo "  $(BIN)/python -c \"import duckdb; duckdb.connect('$(DATA)/published/leaderboards.duckdb', read_only=True).sql('SELECT tier, rank, model, intelligence_index FROM leaderboard_latest WHERE rank <= 3 ORDER BY tier, rank').show()\""

# On every core; the tests that need Prefect's test harness share one worker (one harness).
test: lint
	$(BIN)/python -m pytest -q -n auto --dist loadgroup

# ruff (the rule set is in pyproject.toml) and mypy on the three packages; part of `make test`.
lint: $(TEST_STAMP)
	$(BIN)/ruff check pipeline parsers warehouse
	$(BIN)/mypy

# Re-resolve every dependency to its newest allowed release in a scratch venv and pin the result.
# Run the suite after it; commit constraints.txt with a note of what moved.
lock:
	rm -rf .venv-lock
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet --upgrade pip
	.venv-lock/bin/pip install --quiet -e '.[test]' uv
	{ echo "# Pinned by \`make lock\` on $$(date -u +%Y-%m-%d) with $$(.venv-lock/bin/python -V); installed by make with uv (or pip) -c."; \
	  .venv-lock/bin/pip freeze --exclude-editable | grep -v '^aa-leaderboards'; } > constraints.txt.tmp
	mv constraints.txt.tmp constraints.txt
	rm -rf .venv-lock

bench: $(TEST_STAMP)
	for script in bench/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

# A long fuzz run of the parser's property tests (not in CI); record findings in docs/reliability.md.
fuzz: $(TEST_STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q tests/test_fuzz.py

clean:
	rm -rf $(VENV) data .pytest_cache
