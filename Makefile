# The academy's two everyday commands: `make demo` and `make test`.
UV ?= $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
RUN = $(UV) run --frozen
DEMO_ENV = DEBUG=1 ACADEMY_MFA_REQUIRED=0 REDIS_URL=

.PHONY: install assets demo test lint bench bench-site bench-lms bench-certificates clean

install: .venv/.installed node_modules/.installed assets

.venv/.installed: pyproject.toml uv.lock
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	$(UV) sync --frozen
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

assets: node_modules/.installed
	npm run --silent build

demo: install
	$(DEMO_ENV) $(RUN) python manage.py migrate --no-input
	$(DEMO_ENV) $(RUN) python manage.py load_demo
	@echo "Serving the academy at http://127.0.0.1:8000 (Ctrl+C to stop)"
	$(DEMO_ENV) $(RUN) python manage.py runserver 127.0.0.1:8000

# Tests run in parallel, one process per core. Each process takes tests in the suite's order, so
# its transactional tests still run after its others (pytest-django's rule); Ralph's stay together.
TEST_WORKERS ?= auto
# The real Celery worker's test runs on its own first: inside a parallel test process its task never
# reached the worker's queue.
test: install
	$(RUN) pytest -m worker
	$(RUN) pytest -n $(TEST_WORKERS) --dist loadgroup -m "not worker"

lint: install
	$(RUN) ruff check .

# The LRS benchmark against Ralph (bench/README.md); needs PostgreSQL on 127.0.0.1:5432.
# Smaller runs: make bench BENCH_ARGS="--statements 20000 --stored 200000"
bench: .venv/.installed
	$(RUN) python bench/lrs_ingest.py $(BENCH_ARGS)

# Simultaneous bookings on one session, and the calendar's throughput against a trivial view
# (bench/site.py); needs PostgreSQL on 127.0.0.1:5432.
bench-site: .venv/.installed
	$(RUN) python bench/site.py $(BENCH_ARGS)

# The team compliance matrix and the learner dashboard with a 500-person provider and a locality of
# 20,000 staff behind them (bench/lms.py); needs PostgreSQL on 127.0.0.1:5432.
# Smaller runs: make bench-lms BENCH_ARGS="--locality 2000 --requests 50"
bench-lms: .venv/.installed
	$(RUN) python bench/lms.py $(BENCH_ARGS)

# The commissioner dashboard and every reporting figure over a region of 100,000 staff with three years
# of history, each against hand-written SQL (bench/reporting.py); needs PostgreSQL on 127.0.0.1:5432.
# The region is built once and kept; --rebuild builds it again.
# Smaller runs: make bench-reporting BENCH_ARGS="--workers 20000 --providers 400"
.PHONY: bench-reporting
bench-reporting: .venv/.installed
	$(RUN) python bench/reporting.py $(BENCH_ARGS)

# Certificate PDFs, credential signing and verification, and a 1,000-graduate cohort through real
# Celery workers, each as a ratio to a blank reportlab page (bench/certificates.py); needs PostgreSQL
# and Redis on 127.0.0.1. Smaller runs: make bench-certificates BENCH_ARGS="--cohort 200"
bench-certificates: .venv/.installed
	$(RUN) python bench/certificates.py $(BENCH_ARGS)

clean:
	rm -rf .venv node_modules static/build staticfiles var
