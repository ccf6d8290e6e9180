# Two commands set everything up on a fresh machine:
#   make run   - virtualenv, dependencies, front-end assets, database, demo data, server
#   make test  - virtualenv, dependencies, front-end assets, the whole test suite
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
VENDOR := static/vendor
HOST ?= 127.0.0.1:8000

.PHONY: run test test-clocks install assets messages migrate seed lint format bench clean

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver $(HOST)

test: install
	$(VENV)/bin/pytest

# The suite (without the browser, whose clock cannot be moved) with the clock moved to a
# month ahead, to a Sunday night where the local day is still Sunday while UTC's is Monday,
# and to a leap day: no test or code path may mix a fixed day with the real clock.
test-clocks: install
	COACHING_TEST_CLOCK=$$(date -u -d '+1 month' +%FT%T+00:00) $(VENV)/bin/pytest -q -m "not e2e"
	COACHING_TEST_CLOCK=$$(TZ=America/Los_Angeles date -d 'next sunday 23:30' +%FT%T%:z) \
		TIME_ZONE=America/Los_Angeles $(VENV)/bin/pytest -q -m "not e2e"
	COACHING_TEST_CLOCK=2028-02-29T12:00:00+00:00 $(VENV)/bin/pytest -q -m "not e2e"

install: $(VENV)/.installed $(VENDOR)/.installed messages

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

# Front-end libraries come from the npm registry at set-up and are served by the app
# itself (no CDN); the copies under static/vendor are not committed. axe-core (a
# devDependency) stays in node_modules: only the browser tests load it into the pages.
$(VENDOR)/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)/bootstrap $(VENDOR)/bootstrap-icons/fonts $(VENDOR)/chartjs
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map $(VENDOR)/bootstrap/
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map $(VENDOR)/bootstrap/
	cp node_modules/bootstrap-icons/font/bootstrap-icons.min.css $(VENDOR)/bootstrap-icons/
	cp node_modules/bootstrap-icons/font/fonts/* $(VENDOR)/bootstrap-icons/fonts/
	cp node_modules/chart.js/dist/chart.umd.min.js node_modules/chart.js/dist/chart.umd.min.js.map $(VENDOR)/chartjs/
	cp node_modules/chartjs-adapter-date-fns/dist/chartjs-adapter-date-fns.bundle.min.js $(VENDOR)/chartjs/
	cp node_modules/chartjs-plugin-annotation/dist/chartjs-plugin-annotation.min.js $(VENDOR)/chartjs/
	touch $@

assets: $(VENDOR)/.installed

messages: $(VENV)/.installed
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) node_modules $(VENDOR) staticfiles
