#!/usr/bin/env bash
# Set up test dependencies and run every check: ruff, mypy, pytest on SQLite and PostgreSQL
# (a server this script starts and stops), browser tests in Debian's Chromium.
# Extra arguments go to pytest (e.g. -k registry, --run-slow).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
export PATH="$PWD/.venv/bin:$PATH"
echo "== ruff"; ruff check src tests benchmarks scripts
echo "== mypy"; mypy
pgdir=$(mktemp -d /tmp/eurasec-pg.XXXXXX)
trap 'bash scripts/pg.sh stop "$pgdir"' EXIT
eval "$(bash scripts/pg.sh start "$pgdir")"
echo "== pytest (SQLite and PostgreSQL at $EURASEC_TEST_POSTGRES_URL)"
python -m pytest -n 2 -q "$@"
