#!/usr/bin/env bash
# Bring up the deployment of docs/operations.md on this host, as processes (no containers):
# three API servers, a checkpoint publisher, a witness and its cosigner, and a mirror, over the
# database at EURASEC_DATABASE_URL (PostgreSQL; SQLite works for a trial on one host).
#   EURASEC_DATABASE_URL=postgresql://eurasec@db/eurasec EURASEC_STATE=$PWD/state bash deploy/up.sh
# Stop it with Ctrl-C or SIGTERM: honcho stops every process; any process that ends (a mirror
# that found a fork exits 3) stops the others too, so a monitor sees it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export EURASEC_STATE=${EURASEC_STATE:-$PWD/eurasec-state}
bash "$here/init.sh"
set -a
. "$EURASEC_STATE/env"
EURASEC_BIND=${EURASEC_BIND:-127.0.0.1}
API1_PORT=${API1_PORT:-8001}
API2_PORT=${API2_PORT:-8002}
API3_PORT=${API3_PORT:-8003}
WITNESS_PORT=${WITNESS_PORT:-8100}
CHECKPOINT_EVERY=${CHECKPOINT_EVERY:-10}
COSIGN_EVERY=${COSIGN_EVERY:-10}
MIRROR_EVERY=${MIRROR_EVERY:-30}
set +a
exec honcho start -f "$here/Procfile" -d "$here/.." --no-colour
