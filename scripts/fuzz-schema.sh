#!/usr/bin/env bash
# Schema fuzzing (issue 13): schemathesis (PyPI) generates requests from the server's own
# /api/v1/openapi.json, valid and invalid, and sends them to the real server over a real
# SQLite file: as an admin (every route works for them), as a resident, and signed out.
# It passes only if no answer is a server error (5xx) or a dropped connection.
#   FUZZ_MAX_EXAMPLES  examples per operation (default 25; make test uses the default)
set -euo pipefail
cd "$(dirname "$0")/.."
st=.tools/schemathesis/bin/st
[ -x "$st" ] || { echo "schemathesis is missing: run scripts/setup.sh" >&2; exit 1; }
bin=${YIZHAN_SERVER_BIN:-${CARGO_TARGET_DIR:-target}/debug/yizhan-server}
[ -x "$bin" ] || { echo "$bin is missing: cargo build -p yizhan-server" >&2; exit 1; }
examples=${FUZZ_MAX_EXAMPLES:-25}

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
data=$(mktemp -d)
"$bin" --demo --listen "127.0.0.1:$port" --dist dist --data-dir "$data" --rate-limit 0 --log error &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
base="http://127.0.0.1:$port/api/v1"
for _ in $(seq 100); do
  python3 -c "import urllib.request; urllib.request.urlopen('$base/health')" 2>/dev/null && break
  sleep 0.1
done

# A demo account's token (the demo code needs no code to be sent).
token() {
  python3 - "$base" "$1" <<'PY'
import json, sys, urllib.request
base, phone = sys.argv[1], sys.argv[2]
body = json.dumps({"phone": phone, "code": "246810"}).encode()
request = urllib.request.Request(f"{base}/auth/session", body, {"content-type": "application/json"})
print(json.load(urllib.request.urlopen(request))["token"])
PY
}

fuzz() {
  local who=$1
  shift
  echo "==> schemathesis as $who: $examples examples per operation"
  "$st" run "$base/openapi.json" --url "$base" "$@" \
    --checks not_a_server_error --max-examples "$examples" --seed 13 --workers 1 \
    --phases examples,coverage,fuzzing --generation-database none --request-timeout 10 \
    --no-color --warnings off
}

# Signing out would end the session the rest of the run uses: that route runs signed out.
fuzz admin -H "Authorization: Bearer $(token 13800000006)" --exclude-path-regex '^/auth/sessions?$'
fuzz resident -H "Authorization: Bearer $(token 13800000001)" --exclude-path-regex '^/auth/sessions?$'
fuzz "nobody signed in"
# The server is still up and answering.
python3 -c "import urllib.request; assert urllib.request.urlopen('$base/health').status == 200"
echo "schema fuzzing: 0 server errors"
