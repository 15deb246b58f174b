# The two commands a new user needs: `make run` and `make test`.
PYTHON_BIN ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py

LANGUAGES := bg cs da de el en es et fi fr ga hr hu it lt lv mt nl pl pt ro sk sl sv
MAKEMESSAGES_IGNORE := --ignore=.venv --ignore=var --ignore=tests --ignore=scripts

.PHONY: run test lint bench install system-run system-test messages catalogs clean

$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON_BIN) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON_BIN) not found)."; exit 1; }
	test -x $(PY) || $(PYTHON_BIN) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

system-run:
	@scripts/system-packages run

system-test:
	@scripts/system-packages test

# Compiled catalogs are build output: made from locale/*/LC_MESSAGES/django.po, not committed.
messages: install system-run
	@if ls locale/*/LC_MESSAGES/*.po >/dev/null 2>&1; then $(MANAGE) compilemessages --ignore=.venv -v0; fi

# After changing strings: update every catalog (translations kept), then translate what is new
# (python scripts/catalog.py status / todo / fill).
catalogs: install system-run
	$(MANAGE) makemessages $(foreach l,$(LANGUAGES),-l $(l)) $(MAKEMESSAGES_IGNORE) --no-obsolete -v0
	$(PY) scripts/catalog.py headers
	$(PY) scripts/catalog.py copy-source en
	$(PY) scripts/catalog.py status

run: install system-run messages
	mkdir -p var
	DJANGO_DEBUG=true $(MANAGE) migrate --noinput && DJANGO_DEBUG=true $(MANAGE) createcachetable
	DJANGO_DEBUG=true $(MANAGE) seed_demo
	DJANGO_DEBUG=true PYTHON=$(PY) scripts/serve

test: install system-test messages
	mkdir -p var
	PYTHON=$(PY) scripts/test-all

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Benchmarks print their numbers; they measure PostgreSQL (DATABASE_URL or the local default).
bench: install system-run messages
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/returns_desk} \
		$(PY) -m pytest tests/bench -p no:cacheprovider -s -q --override-ini="addopts=-ra"

clean:
	rm -rf $(VENV) var/test.sqlite3
