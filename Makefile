# Sanad: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell $(PYTHON) -c "import hashlib,sys;print(hashlib.sha1(open('pyproject.toml','rb').read()).hexdigest()[:12])")
FUND ?= cnass-mr
# Where `make run` serves (`make run HOST=0.0.0.0:8080`); the links in QR codes and SMS follow it, unless
# SANAD_PUBLIC_URL names the address phones reach.
HOST ?= 127.0.0.1:8000
# Development only: `make run` and `make test` are a developer's machine, never production.
DEV_ENV := SANAD_DEBUG=1 SANAD_FUND=$${SANAD_FUND:-$(FUND)} SANAD_HOST=$(HOST)

.PHONY: install run test lint format bench drill messages clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

run: install
	mkdir -p var
	$(DEV_ENV) $(BIN)/sanad migrate --noinput --verbosity 0
	$(DEV_ENV) $(BIN)/sanad demo --if-empty --members 2000 --seed 1
	@# The background worker (SMS, documents) runs beside the server and stops with it.
	$(DEV_ENV) SMS_TRANSPORT=$${SMS_TRANSPORT:-file} $(BIN)/sanad db_worker --no-reload --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEV_ENV) SMS_TRANSPORT=$${SMS_TRANSPORT:-file} $(BIN)/sanad runserver $(HOST)

test: install
	$(DEV_ENV) $(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/lint-imports
	$(BIN)/mypy

format: install
	$(BIN)/ruff check --fix src tests
	$(BIN)/ruff format src tests

bench: install
	$(DEV_ENV) $(BIN)/sanad bench $(BENCH) $(if $(SCALE),--scale $(SCALE))

# The failure drills (issue 16, §5; docs/operations.md, "Drills"): needs PostgreSQL on 127.0.0.1 (DRILL_POSTGRES,
# default postgresql://root@127.0.0.1:5432), where they create and drop their own databases. One JSON line per
# figure; fails if a drill fails. DRILL_SECONDS: the sustained load (60 in CI, 300 by hand).
DRILL_SECONDS ?= 60
drill: install
	$(DEV_ENV) timeout --kill-after=30 $$(( $(DRILL_SECONDS) * 2 + 600 )) \
		$(BIN)/python -m sanad.operations.drill --seconds $(DRILL_SECONDS) $(foreach d,$(DRILL),--only $(d))

# Extract and compile the translations (needs GNU gettext; the compiled .mo files are committed).
messages: install
	cd src/sanad && $(DEV_ENV) ../../$(BIN)/sanad makemessages -l fr -l ar --no-obsolete --no-location
	cd src/sanad && $(DEV_ENV) ../../$(BIN)/sanad compilemessages

clean:
	rm -rf $(VENV) var artifacts .pytest_cache .ruff_cache .mypy_cache
