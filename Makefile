# The two commands: `make run` (portal with demo data on SQLite) and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Two workers (this kind of machine has two cores); a file's tests stay on one worker, sharing its fixtures.
PYTEST_ARGS ?= -n 2 --dist loadfile

.PHONY: run test install migrate demo bench lint messages worker clean production backup restore

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput --verbosity 0

demo: migrate
	$(PY) manage.py seed_demo

# Serves on 127.0.0.1:$(PORT); the scheduler publishes scheduled pages and runs queued tasks meanwhile.
run: demo
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py run_scheduler & SCHED=$$!; $(PY) manage.py db_worker --interval 2 & WORKER=$$!; \
	trap "kill $$SCHED $$WORKER 2>/dev/null" EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) -m pytest $(PYTEST_ARGS)

bench: install
	$(PY) scripts/bench.py

# Load run on PostgreSQL at a province's scale (scripts/benchmarks/load.py; needs wrk, PostgreSQL and Redis).
.PHONY: bench-load
bench-load: install
	$(PY) scripts/benchmarks/load.py $(LOAD_ARGS)

lint: install
	$(PY) -m ruff check .

# Regenerates locale/en from the Vietnamese source strings (needs gettext; the .mo is committed). English only:
# locale/vi holds Wagtail's and Django's strings, not ours, and makemessages would clobber it (README, "Vietnamese
# admin"); `make messages-vi` only compiles it after a hand edit.
messages: install
	$(PY) manage.py makemessages -l en --ignore ".venv/*" --ignore "var/*" --ignore "tests/*" --ignore "scripts/*"
	$(PY) manage.py compilemessages -l en --ignore ".venv/*"

.PHONY: messages-vi
messages-vi: install
	msgfmt --check --output-file /dev/null locale/vi/LC_MESSAGES/django.po
	msgfmt --check --output-file /dev/null locale/vi/LC_MESSAGES/djangojs.po
	$(PY) manage.py compilemessages -l vi --ignore ".venv/*"

worker: install
	$(PY) manage.py db_worker

# The production stack on this machine (site/deploy/stack.py): PostgreSQL, Redis, nginx with TLS on PORT (8080
# unless given) in front of two gunicorn app servers, task worker and scheduler; DEMO=1 loads the demo. Ctrl-C stops.
production: install
	$(PY) site/deploy/stack.py --port $(if $(filter file,$(origin PORT)),8080,$(PORT))

# Database (pg_dump -Fc or SQLite's backup API), media and private files in var/backups/khoinghiep-<time>.tar.gz;
# restore goes into an empty database (DATABASE_URL) and checks every table's row count: make restore FILE=...
backup: install
	$(PY) manage.py backup

restore: install
	$(PY) manage.py restore $(FILE)

clean:
	rm -rf $(VENV) var
