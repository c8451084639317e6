# The two commands: `make run` and `make test` each do all set-up from a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# compat mode: a plain path entry, so Hydra finds the hydra_plugins namespace package
	$(BIN)/pip install --quiet -e '.[dev]' --config-settings editable_mode=compat
	touch $(STAMP)

## run: the default organization (ticket_coordinator), then empowered_product_owner, side by side
run: $(STAMP)
	$(BIN)/python -m sim hydra.run.dir=outputs/make_run/ticket_coordinator
	$(BIN)/python -m sim governance=empowered_product_owner hydra.run.dir=outputs/make_run/empowered_product_owner
	$(BIN)/python -m sim.report outputs/make_run/ticket_coordinator outputs/make_run/empowered_product_owner

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
	rm -rf $(VENV) outputs multirun .pytest_cache
