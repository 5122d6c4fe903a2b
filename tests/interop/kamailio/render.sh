#!/usr/bin/env bash
# Renders the interop rig's kamailio configuration into a directory (created if needed):
#   kamailio.cfg, tls.cfg, users.cfg   the configuration kamailio runs with (-f DIR/kamailio.cfg)
#   certs/ca.pem                       the rig CA the phone trusts (server.pem/key signed by it)
#   certs/wrong-ca.pem                 a second CA; certs/wrong-ca-server.pem is signed by it
#   certs/wrong-name.pem               signed by the rig CA but named wrong.invalid only
#   users.txt                          "user password" per line, random passwords per run
#   rig.env                            KEY=VALUE: ports, realm, paths, users (read by the C# fixture)
# Usage: render.sh DIR
# Environment (all optional): RIG_SIP_PORT (UDP+TCP), RIG_TLS_PORT, RIG_TLS_WRONGCA_PORT,
#   RIG_TLS_WRONGNAME_PORT (free ports are picked when unset), RIG_USERS ("1001 1002 1003"),
#   RIG_REALM (127.0.0.1), RIG_REQUIRE_SAVP=1 (488 for offers that are not RTP/SAVP),
#   RIG_SIPDUMP=1 (every message to DIR/sipdump/, TLS decrypted), RIG_DEBUG (kamailio debug=, 1),
#   RIG_KEY=rsa (RSA-2048 keys instead of ECDSA P-256), RIG_OUTBOUND_FLOW_TIMER=N (the registrar supports RFC 5626
#   outbound: Require: outbound to REGISTERs that offer it, with Flow-Timer: N when N > 0).
# Binds nothing itself except momentarily to 127.0.0.1 to find free ports.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
DIR=${1:?usage: render.sh DIR}
mkdir -p "$DIR/certs" "$DIR/sipdump"
DIR=$(cd "$DIR" && pwd)

# A port free on 127.0.0.1 for both UDP and TCP (bounded attempts).
free_port() {
  if ! command -v python3 >/dev/null; then # fallback: a random port nobody accepts TCP on
    local p i
    for i in $(seq 50); do
      p=$((20000 + RANDOM % 40000))
      case " $* " in *" $p "*) continue;; esac
      (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
    done
    echo "no free port on 127.0.0.1" >&2; return 1
  fi
  python3 - "$@" <<'PY'
import socket, sys
taken = set(int(a) for a in sys.argv[1:])
for _ in range(50):
    t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    t.bind(("127.0.0.1", 0)); port = t.getsockname()[1]
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        u.bind(("127.0.0.1", port))
    except OSError:
        t.close(); continue
    finally:
        u.close()
    t.close()
    if port not in taken:
        print(port); sys.exit(0)
sys.exit("no free port on 127.0.0.1")
PY
}
SIP_PORT=${RIG_SIP_PORT:-$(free_port)}
TLS_PORT=${RIG_TLS_PORT:-$(free_port "$SIP_PORT")}
TLS_WRONGCA_PORT=${RIG_TLS_WRONGCA_PORT:-$(free_port "$SIP_PORT" "$TLS_PORT")}
TLS_WRONGNAME_PORT=${RIG_TLS_WRONGNAME_PORT:-$(free_port "$SIP_PORT" "$TLS_PORT" "$TLS_WRONGCA_PORT")}
USERS=${RIG_USERS:-1001 1002 1003}
REALM=${RIG_REALM:-127.0.0.1}
DEBUG=${RIG_DEBUG:-1}
AUTH_SECRET=$(openssl rand -hex 16)

# Certificates: throwaway, valid one day.
C="$DIR/certs"
if [ "${RIG_KEY:-ec}" = rsa ]; then KEYOPT=(-newkey rsa:2048); else KEYOPT=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1); fi
ca() { # name subject
  openssl req -x509 -nodes "${KEYOPT[@]}" -keyout "$C/$1.key" -out "$C/$1.pem" -days 1 -subj "/CN=$2" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
}
leaf() { # name ca cn san
  openssl req -new -nodes "${KEYOPT[@]}" -keyout "$C/$1.key" -out "$C/$1.csr" -subj "/CN=$3" 2>/dev/null
  printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=%s\n' "$4" > "$C/$1.ext"
  openssl x509 -req -in "$C/$1.csr" -CA "$C/$2.pem" -CAkey "$C/$2.key" -CAcreateserial -days 1 \
    -extfile "$C/$1.ext" -out "$C/$1.pem" 2>/dev/null
  rm -f "$C/$1.csr" "$C/$1.ext"
}
ca ca "Phone interop rig CA"
ca wrong-ca "Phone interop rig WRONG CA"
leaf server ca 127.0.0.1 "IP:127.0.0.1,DNS:localhost"
leaf wrong-ca-server wrong-ca 127.0.0.1 "IP:127.0.0.1,DNS:localhost"
leaf wrong-name ca wrong.invalid "DNS:wrong.invalid"
chmod 600 "$C"/*.key

# Users with random passwords; route[PASSWORD] sets $var(pw) for the auth user.
: > "$DIR/users.txt"
{
  echo "# rendered by render.sh: the rig's users"
  echo "route[PASSWORD] {"
  for u in $USERS; do
    case "$u" in *[!A-Za-z0-9._-]*|"") echo "bad user name: $u" >&2; exit 2;; esac
    pw=$(openssl rand -hex 8)
    echo "$u $pw" >> "$DIR/users.txt"
    echo "	if (\$au == \"$u\") { \$var(pw) = \"$pw\"; return; }"
  done
  echo "}"
} > "$DIR/users.cfg"

DEFINES=""
[ "${RIG_REQUIRE_SAVP:-0}" = 1 ] && DEFINES+="#!define REQUIRE_SAVP"$'\n'
[ "${RIG_SIPDUMP:-0}" = 1 ] && DEFINES+="#!define WITH_SIPDUMP"$'\n'
FLOW_TIMER=${RIG_OUTBOUND_FLOW_TIMER:-}
[ -n "$FLOW_TIMER" ] && DEFINES+="#!define WITH_OUTBOUND"$'\n'

render() {
  local in=$1 out=$2 text
  text=$(cat "$in")
  text=${text//@DEFINES@/$DEFINES}
  text=${text//@DIR@/$DIR}
  text=${text//@SIP_PORT@/$SIP_PORT}
  text=${text//@TLS_PORT@/$TLS_PORT}
  text=${text//@TLS_WRONGCA_PORT@/$TLS_WRONGCA_PORT}
  text=${text//@TLS_WRONGNAME_PORT@/$TLS_WRONGNAME_PORT}
  text=${text//@REALM@/$REALM}
  text=${text//@DEBUG@/$DEBUG}
  text=${text//@AUTH_SECRET@/$AUTH_SECRET}
  text=${text//@FLOW_TIMER@/${FLOW_TIMER:-0}}
  if grep -qE '@[A-Z_]+@' <<<"$text"; then
    echo "unrendered placeholder in $out: $(grep -oE '@[A-Z_]+@' <<<"$text" | sort -u | tr '\n' ' ')" >&2; exit 2
  fi
  printf '%s\n' "$text" > "$out"
}
render "$HERE/kamailio.cfg.in" "$DIR/kamailio.cfg"
render "$HERE/tls.cfg.in" "$DIR/tls.cfg"

cat > "$DIR/rig.env" <<ENV
RIG_DIR=$DIR
RIG_CFG=$DIR/kamailio.cfg
RIG_SIP_PORT=$SIP_PORT
RIG_TLS_PORT=$TLS_PORT
RIG_TLS_WRONGCA_PORT=$TLS_WRONGCA_PORT
RIG_TLS_WRONGNAME_PORT=$TLS_WRONGNAME_PORT
RIG_REALM=$REALM
RIG_CA=$C/ca.pem
RIG_WRONG_CA=$C/wrong-ca.pem
RIG_USERS_FILE=$DIR/users.txt
RIG_REQUIRE_SAVP=${RIG_REQUIRE_SAVP:-0}
RIG_SIPDUMP=${RIG_SIPDUMP:-0}
ENV
echo "$DIR/rig.env"
