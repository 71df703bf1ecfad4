# The two commands: `make run` (portal with demo data on SQLite) and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# The demo's one public address, from its own PORT: what it prints, mails, puts in feeds and sitemap and freezes into
# certificates (portal/addresses.py). Set on make's command line (make run BASE_URL=...) to say otherwise.
ifneq ($(origin BASE_URL),command line)
BASE_URL := http://127.0.0.1:$(PORT)
endif
# Two workers (this kind of machine has two cores); a file's tests stay on one worker, sharing its fixtures.
PYTEST_ARGS ?= -n 2 --dist loadfile

# The locks (requirements/*.txt, pip's format with hashes) are what gets installed; pyproject.toml keeps the ranges.
# `make lock` rewrites them after a change to pyproject.toml (LOCK_ARGS=--upgrade moves every pin to the newest
# release in range, LOCK_ARGS="--upgrade-package django" one package); tests/portal/test_lockfile.py checks both agree.
RUNTIME_LOCK := requirements/runtime.txt
TEST_LOCK := requirements/test.txt
PIP_LOCK := requirements/pip.txt
UV_VERSION := 0.13.9
LOCK_VENV := .venv-lock
# --universal: one lock for every Python that pyproject.toml allows and every platform (markers where they differ).
UV_COMPILE = UV_CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_VENV)/bin/uv pip compile --quiet --universal \
	--generate-hashes $(LOCK_ARGS)

.PHONY: run test install install-production lock migrate demo bench lint messages worker clean production backup restore

# Installing needs pip alone: the pinned pip first, then every package of the lock, each checked against its hashes
# (--no-deps: the lock lists every dependency; pip check fails if it misses one). The project itself is not
# installed: the code runs from the checkout (manage.py and pytest put site/ on the path).
define install_lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes --no-deps -r $(PIP_LOCK)
	$(PY) -m pip install --quiet --require-hashes --no-deps -r $(1)
	$(PY) -m pip check
	touch $@
endef

# Development and tests: runtime + test packages.
$(VENV)/.installed: $(TEST_LOCK) $(PIP_LOCK)
	$(call install_lock,$(TEST_LOCK))

# A server (site/deploy/systemd): the runtime packages alone.
$(VENV)/.installed-runtime: $(RUNTIME_LOCK) $(PIP_LOCK)
	$(call install_lock,$(RUNTIME_LOCK))

install: $(VENV)/.installed

install-production: $(VENV)/.installed-runtime

# uv resolves in a venv of its own (never the project's); the test lock first, then the runtime lock within it, so
# a package both hold has one version.
lock:
	test -x $(LOCK_VENV)/bin/pip || $(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install --quiet "uv==$(UV_VERSION)"
	$(UV_COMPILE) pyproject.toml --extra test --extra s3 -o $(TEST_LOCK)
	$(UV_COMPILE) pyproject.toml --extra s3 -c $(TEST_LOCK) -o $(RUNTIME_LOCK)
	echo pip | $(UV_COMPILE) - -o $(PIP_LOCK)

# A line per step (the first run takes minutes): make prints nothing itself (@), the commands say what they do.
# migrate aligns the default Site with BASE_URL; readdress_certificates rewrites the verification address of
# certificates issued under another one (a demo seeded earlier on another port).
migrate demo run: export BASE_URL := $(BASE_URL)
migrate: install
	@echo "Đang tạo cơ sở dữ liệu… (lần đầu mất vài phút)"
	@$(PY) manage.py migrate --noinput --verbosity 0
	@$(PY) manage.py readdress_certificates
	@echo "Cơ sở dữ liệu đã sẵn sàng."

demo: migrate
	@$(PY) manage.py seed_demo --port $(PORT)

# Serves on 127.0.0.1:$(PORT); the scheduler publishes scheduled pages and runs queued tasks meanwhile.
run: demo
	@echo "Đang chuẩn bị tệp tĩnh…"
	@$(PY) manage.py collectstatic --noinput --verbosity 0
	@echo "Đang khởi động máy chủ: $(BASE_URL)/   Quản trị: $(BASE_URL)/admin/"
	@$(PY) manage.py run_scheduler & SCHED=$$!; $(PY) manage.py run_worker --interval 2 & WORKER=$$!; \
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

# ruff, and the layering of ARCHITECTURE.md (import-linter; contracts in pyproject.toml).
lint: install
	$(PY) -m ruff check .
	PYTHONPATH=.:site $(VENV)/bin/lint-imports --no-logo

# Regenerates locale/en from the Vietnamese source strings (needs gettext; the .mo is committed). English only:
# locale/vi holds Wagtail's and Django's strings, not ours, and makemessages would clobber it (README, "Vietnamese
# admin"); `make messages-vi` only compiles it after a hand edit.
messages: install
	$(PY) manage.py makemessages -l en --ignore ".venv/*" --ignore "var/*" --ignore "tests/*" --ignore "scripts/*"
	# Our copy of Wagtail's home.html keeps its English msgid (it must match Wagtail's word for word, see
	# tests/portal/test_admin_catalogue.py): Wagtail's own catalogue translates it, ours leaves it out.
	msggrep --invert-match --msgid -F -e "This is your dashboard on which" locale/en/LC_MESSAGES/django.po \
		-o locale/en/LC_MESSAGES/django.po
	$(PY) manage.py compilemessages -l en --ignore ".venv/*"

.PHONY: messages-vi
messages-vi: install
	msgfmt --check --output-file /dev/null locale/vi/LC_MESSAGES/django.po
	msgfmt --check --output-file /dev/null locale/vi/LC_MESSAGES/djangojs.po
	$(PY) manage.py compilemessages -l vi --ignore ".venv/*"

worker: install
	$(PY) manage.py run_worker

# The production stack on this machine (site/deploy/stack.py): PostgreSQL, Redis, nginx with TLS on PORT (8080
# unless given) in front of two gunicorn app servers, task worker and scheduler; DEMO=1 loads the demo. Ctrl-C stops.
production: install-production
	$(PY) site/deploy/stack.py --port $(if $(filter file,$(origin PORT)),8080,$(PORT))

# Database (pg_dump -Fc or SQLite's backup API), media and private files in var/backups/khoinghiep-<time>.tar.gz;
# restore goes into an empty database (DATABASE_URL) and checks every table's row count: make restore FILE=...
backup: install
	$(PY) manage.py backup

restore: install
	$(PY) manage.py restore $(FILE)

clean:
	rm -rf $(VENV) $(LOCK_VENV) var
