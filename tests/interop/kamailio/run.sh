#!/usr/bin/env bash
# Starts the interop rig by hand: renders the configuration (render.sh; same RIG_* variables),
# prints the ports, users and CA, and runs kamailio in the foreground on 127.0.0.1 until Ctrl-C
# or RIG_MAX_SECONDS (default 3600) pass. Usage: run.sh [DIR]  (default: a new temp dir, removed
# at exit unless DIR was given). Needs kamailio, kamailio-tls-modules, openssl: bash tools/install-deps.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
KAMAILIO=$(command -v kamailio || echo /usr/sbin/kamailio)
[ -x "$KAMAILIO" ] || { echo "kamailio is not installed: bash tools/install-deps" >&2; exit 1; }
if [ $# -ge 1 ]; then DIR=$1; KEEP=1; else DIR=$(mktemp -d /tmp/phone-kamailio-XXXXXX); KEEP=0; fi
ENV=$("$HERE/render.sh" "$DIR")
# shellcheck disable=SC1090
. "$ENV"
cleanup() { [ "$KEEP" = 1 ] || rm -rf "$DIR"; }
trap cleanup EXIT
cat <<INFO
interop rig (kamailio) in $RIG_DIR
  UDP+TCP      127.0.0.1:$RIG_SIP_PORT
  TLS          127.0.0.1:$RIG_TLS_PORT   (good certificate: CN/SAN 127.0.0.1, localhost)
  TLS wrong CA 127.0.0.1:$RIG_TLS_WRONGCA_PORT   (signed by $RIG_WRONG_CA)
  TLS wrong name 127.0.0.1:$RIG_TLS_WRONGNAME_PORT (CN/SAN wrong.invalid)
  CA           $RIG_CA
  realm        $RIG_REALM   (digest, qop=auth; REGISTER 401, other requests 407)
  RTP/SAVP required: $RIG_REQUIRE_SAVP   sipdump: $RIG_SIPDUMP ($RIG_DIR/sipdump)
  users (user password):
$(sed 's/^/    /' "$RIG_USERS_FILE")
  nf.config for it: [sip] domain = $RIG_REALM, transport = tls, port = $RIG_TLS_PORT,
                    user = 1001, password = (above); [tls] ca = $RIG_CA
Ctrl-C stops it.
INFO
# In the background so a signal to this script (not only Ctrl-C to the terminal) stops kamailio too.
timeout -k 5 "${RIG_MAX_SECONDS:-3600}" "$KAMAILIO" -f "$RIG_CFG" -DD -E -Y "$RIG_DIR" -m 64 -M 8 &
KPID=$!
trap 'kill -TERM "$KPID" 2>/dev/null || true' INT TERM HUP
wait "$KPID" || true
wait "$KPID" 2>/dev/null || true
