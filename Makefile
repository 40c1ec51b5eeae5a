# Two commands set up a fresh machine: `make run` serves the demo site, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt package-lock.json | cksum | cut -d' ' -f1)
TEMPLATES = $(shell git ls-files '*.html' 2>/dev/null || find . -name '*.html' -not -path './.venv/*')
# Runs a step and says how long it took: $(call timed,name,command without commas).
timed = @start=$$(date +%s); $(2); status=$$?; echo "--- $(1): $$(( $$(date +%s) - start )) s"; exit $$status

.PHONY: run test setup lint format

$(STAMP): requirements.txt requirements-dev.txt package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@# axe-core for the accessibility tests, from the npm registry; without Node they are skipped.
	if command -v npm >/dev/null; then npm ci --silent --no-audit --no-fund; fi
	rm -f $(VENV)/.installed-*
	touch $@

setup: $(STAMP)
	$(call timed,migrate,$(PY) manage.py migrate --noinput)
	$(call timed,demo content,$(PY) manage.py load_demo_content)

run: setup
	$(PY) manage.py runserver 127.0.0.1:8000

lint: $(STAMP)
	$(call timed,ruff,$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .)
	$(call timed,djhtml,$(VENV)/bin/djhtml --check $(TEMPLATES))
	$(call timed,import rules,$(VENV)/bin/lint-imports)
	$(call timed,type hints,$(VENV)/bin/mypy)

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djhtml $(TEMPLATES)

# Tests run on both cores (pytest-xdist), a file's tests together on one of them.
test: setup lint
	$(call timed,checks,$(PY) manage.py check && $(PY) manage.py makemigrations --check --dry-run)
	$(call timed,tests,$(VENV)/bin/pytest -n 2 --dist loadfile)
