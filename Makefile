# HIPE — the commands a developer (and CI) runs. `make run` serves the demo; `make test` is the single gate.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
CARGO ?= cargo
export HIPE_TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test

.PHONY: run test schema lint fmt fmt-check check-postgres build bench

## Serve the API on http://127.0.0.1:8080 over the SQLite file hipe.db, migrated and seeded with demo data.
run:
	$(CARGO) run -p hipe-api --bin hipe -- serve --demo

## Everything CI checks: formatting, clippy (warnings denied), all tests on SQLite and on PostgreSQL.
test: fmt-check lint check-postgres
	mkdir -p target
	$(CARGO) test --workspace --all-targets 2>&1 | tee target/test-output.log
	@sqlite=$$(grep -cE '::sqlite \.\.\. ok$$' target/test-output.log || true); \
	 postgres=$$(grep -cE '::postgres \.\.\. ok$$' target/test-output.log || true); \
	 echo "black-box and storage tests passed: $$sqlite on SQLite, $$postgres on PostgreSQL ($$HIPE_TEST_POSTGRES_URL)"; \
	 if [ "$$postgres" -eq 0 ] || [ "$$postgres" -ne "$$sqlite" ]; then \
	   echo "error: every scenario must run on both databases"; exit 1; fi

## Regenerate schema.graphql and each audience's view (api/schema/AUDIENCE.graphql) from the code.
schema:
	$(CARGO) build -q -p hipe-api --bin hipe
	$(CARGO) run -q -p hipe-api --bin hipe -- schema > schema.graphql
	for audience in public mobile ministry ofii auditor partner; do \
	  $(CARGO) run -q -p hipe-api --bin hipe -- schema --audience $$audience > api/schema/$$audience.graphql; done

lint:
	$(CARGO) clippy --workspace --all-targets -- -D warnings

fmt:
	$(CARGO) fmt --all

fmt-check:
	$(CARGO) fmt --all -- --check

build:
	$(CARGO) build --workspace

## Fails, saying how to start it, when PostgreSQL does not answer: its tests are never skipped.
check-postgres:
	@hostport=$${HIPE_TEST_POSTGRES_URL#*://}; hostport=$${hostport#*@}; hostport=$${hostport%%/*}; \
	 host=$${hostport%%:*}; port=$${hostport##*:}; [ "$$port" = "$$hostport" ] && port=5432; \
	 if ! (exec 3<>/dev/tcp/$$host/$$port) 2>/dev/null; then \
	   echo "error: PostgreSQL does not answer on $$host:$$port, and make test runs every test on it too."; \
	   echo "Start it with: pg_ctlcluster --skip-systemctl-redirect \$$(ls /etc/postgresql) main start"; \
	   echo "or set HIPE_TEST_POSTGRES_URL=postgres://USER@HOST:PORT/DB (a user allowed to create databases)."; \
	   exit 1; fi

## The benchmark, apart from make test: seeds PostgreSQL (BENCH_SCALE dossiers, 100,000 by default) and SQLite
## (BENCH_SQLITE_SCALE), serves the release binary, measures every operation of bench/operations/ with wrk beside
## its ceiling, prints a markdown table and writes it to bench/results/. See bench/run for the knobs.
bench: check-postgres
	bench/run
