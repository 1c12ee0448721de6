#!/usr/bin/env bash
# Set up a virtual environment in .venv with eurasec and its extras.
#   bash scripts/setup.sh          runtime (all extras)
#   bash scripts/setup.sh --test   plus the test and lint tools, PostgreSQL and Chromium
# Versions come from requirements.lock (pip constraints: exact pins from PyPI; refresh with
# bash scripts/lock.sh). EURASEC_UNLOCKED=1 installs the newest allowed versions instead.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade 'pip>=25.1'
lock=(-c requirements.lock)
[ "${EURASEC_UNLOCKED:-}" = "1" ] && lock=()
.venv/bin/python -m pip install -q "${lock[@]}" -e '.[all]'
if [ "${1:-}" = "--test" ]; then
  .venv/bin/python -m pip install -q "${lock[@]}" --group test --group lint
  need=()
  command -v initdb >/dev/null 2>&1 || [ -x /usr/lib/postgresql/15/bin/initdb ] || need+=(postgresql)
  command -v chromium >/dev/null 2>&1 || need+=(chromium fonts-dejavu-core)
  # A CJK font, so Chinese pages render as characters (not boxes) in the browser tests and
  # screenshots: WenQuanYi Micro Hei, the lightest CJK font Debian ships (about 5 MB).
  fc-list :lang=zh 2>/dev/null | grep -q . || need+=(fonts-wqy-microhei)
  if [ ${#need[@]} -gt 0 ]; then
    echo "installing Debian packages: ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
fi
