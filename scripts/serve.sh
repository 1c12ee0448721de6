#!/usr/bin/env bash
# Set up and run the main job: the eurasec web platform (options go to `eurasec serve`).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/eurasec serve "$@"
