# The two commands: `make run` and `make test` each do all set-up from a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
EXTRAS ?= dev
comma := ,
# The set-up's stamp, one per set of extras: .venv/.installed-dev, .venv/.installed-dev-ray, ...
STAMP := $(VENV)/.installed-$(subst $(comma),-,$(EXTRAS))

.PHONY: run test app course docs bench bench-room bench-long lint format clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# compat mode: a plain path entry, so Hydra finds the hydra_plugins namespace package
	$(BIN)/pip install --quiet -e '.[$(EXTRAS)]' --config-settings editable_mode=compat
	touch $(STAMP)

## run: the headline experiment (the four archetypes, 10 replications each) and its comparison table
run: $(STAMP)
	$(BIN)/python -m sim -m experiment=headline

## app: the dashboard at http://127.0.0.1:8765/ and the game at /play (HOST=0.0.0.0: the room joins)
HOST ?= 127.0.0.1
PORT ?= 8765
app: $(STAMP)
	@$(BIN)/python -m sim.dashboard.port_check $(HOST) $(PORT)
	$(BIN)/python -m sim.dashboard.server --host $(HOST) --port $(PORT)

## course: the course pack (outputs/course_pack/index.html); it says how long before it starts
course: $(STAMP)
	$(BIN)/python -m experiments.course_pack

## docs: the documentation site, built offline into outputs/site/ (open outputs/site/index.html)
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

## bench: the benchmark suite (prints a table; writes benchmarks/bench.json and the performance page's table); not part of test
bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

## bench-room: load check of rooms of 10, 30 and 100 participants (3 in Chromium); not a test
bench-room: $(STAMP)
	$(BIN)/python -m benchmarks.room_load

## bench-long: how long make run, make course, the default Sobol study, the what-ifs and the diagnosis take here; not a test
bench-long: $(STAMP)
	$(BIN)/python -m benchmarks.long_jobs

## test: lint and every test
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) outputs multirun .pytest_cache test-artifacts
