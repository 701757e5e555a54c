# Polybius: `make demo` and `make test` install what they need first.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
export PATH := $(CURDIR)/$(BIN):$(PATH)

DB      ?= out/polybius.duckdb
PORT    ?= 8000

.PHONY: install demo test bench lint serve frontend clean-out

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/python -m polybius.demo

test: install
	scripts/system-deps
	$(BIN)/pytest -q

bench: install
	@for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

serve: install
	@test -f $(DB) || (mkdir -p $(dir $(DB)) && $(BIN)/polybius ingest samples/articles --db $(DB) -q)
	@echo "Polybius: open http://127.0.0.1:$(PORT)/ (API docs at /docs); Ctrl-C stops the server"
	$(BIN)/polybius serve --db $(DB) --host 127.0.0.1 --port $(PORT)

# Rebuild the dashboard's committed assets (src/polybius/serve/static/) from frontend/.
frontend:
	cd frontend && npm ci --ignore-scripts && npm run build

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
