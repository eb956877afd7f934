# Two commands do everything: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1:8000

.PHONY: run test install migrate demo lint format vendor clean bench

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

migrate: install
	DEBUG=1 $(BIN)/python manage.py migrate --noinput

demo: migrate
	DEBUG=1 $(BIN)/python manage.py demo_data

EMULATOR_PORT ?= 8765

# The SIASN/PMM emulator runs beside the demo server and stops with it (docs/integrations.md).
run: demo
	@DEBUG=1 $(BIN)/python manage.py emulator --port $(EMULATOR_PORT) & EMU=$$!; \
	trap "kill $$EMU 2>/dev/null" EXIT INT TERM; \
	export $$(DEBUG=1 $(BIN)/python manage.py emulator --port 0 --print-env | sed 's/127.0.0.1:[0-9]*/127.0.0.1:$(EMULATOR_PORT)/'); \
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST)

test: install
	DJANGO_SETTINGS_MODULE=config.test_settings $(BIN)/python manage.py check
	DJANGO_SETTINGS_MODULE=config.test_settings $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

vendor:
	bash scripts/vendor.sh

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm staticfiles

# Benchmarks (issue 7) against PostgreSQL: DATABASE_URL=postgres://… make bench (docs/performance.md).
bench: install
	DJANGO_SETTINGS_MODULE=config.settings DEBUG=1 $(BIN)/python bench/run.py
