#!/usr/bin/env bash
# Prepare the deployment of docs/operations.md once (safe to run again): keys, schemas, genesis.
#   EURASEC_DATABASE_URL=postgresql://... EURASEC_STATE=/var/lib/eurasec bash deploy/init.sh
# Writes $EURASEC_STATE/env (the variables deploy/Procfile and compose.yaml use).
set -euo pipefail
: "${EURASEC_DATABASE_URL:?set EURASEC_DATABASE_URL to the shared database}"
: "${EURASEC_STATE:?set EURASEC_STATE to a private folder for keys and local databases}"
ORIGIN=${EURASEC_ORIGIN:-eurasec.example/log}
WITNESS_NAME=${WITNESS_NAME:-witness.example}
umask 077
mkdir -p "$EURASEC_STATE"
key() {  # key FILE [PUBLIC_FILE]: generate once, never overwrite
  [ -f "$1" ] || eurasec record keygen --out "$1" ${2:+--public-out "$2"} >/dev/null
}
key "$EURASEC_STATE/log.pem"
key "$EURASEC_STATE/witness.pem"
key "$EURASEC_STATE/secretariat.pem" "$EURASEC_STATE/secretariat.pub"
log_vkey=$(eurasec record vkey --key "$EURASEC_STATE/log.pem" --name "$ORIGIN")
witness_vkey=$(eurasec record vkey --key "$EURASEC_STATE/witness.pem" --name "$WITNESS_NAME" --witness)
# The shared schema, once (other hosts running this at the same time wait, then find it done).
eurasec db upgrade >/dev/null
eurasec db upgrade --db "sqlite:///$EURASEC_STATE/witness.db" >/dev/null
eurasec db upgrade --db "sqlite:///$EURASEC_STATE/mirror.db" >/dev/null
if [ "$(eurasec record verify --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["size"])')" = 0 ]; then
  eurasec record genesis --origin "$ORIGIN" --founder "SECRETARIAT=$EURASEC_STATE/secretariat.pub" >/dev/null
fi
cat > "$EURASEC_STATE/env" <<VARS
EURASEC_STATE=$EURASEC_STATE
EURASEC_ORIGIN=$ORIGIN
LOG_VKEY=$log_vkey
WITNESS_NAME=$WITNESS_NAME
WITNESS_VKEY=$witness_vkey
VARS
echo "ready: log $log_vkey, witness $witness_vkey"
