#!/usr/bin/env bash
# Set up and run the main job: the eurasec web platform (options go to `eurasec serve`).
# --migrate: a fresh or older database is upgraded first (once, under the database lock);
# a deployment of several processes runs `eurasec db upgrade` instead (docs/operations.md).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/eurasec serve --migrate "$@"
