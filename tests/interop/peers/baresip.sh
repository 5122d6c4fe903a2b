#!/usr/bin/env bash
# Runs baresip 1.0.0 by hand as a far-end phone against a running rig, configured like the tests'
# BaresipPeer: TLS to the rig (its CA), SDES SRTP, PCMU/PCMA ptime 20, a sine WAV as microphone,
# what it receives recorded by sndfile into DIR/rec (*-dec.wav), ctrl_tcp on 127.0.0.1.
# Usage: baresip.sh RIG_DIR [USER=1001] [TONE_HZ=440] [MEDIAENC=srtp-mand]
#   RIG_DIR: the folder given to tests/interop/kamailio/run.sh (holds rig.env and users.txt).
# Env: TONE_SECONDS (default 600: aufile ends the call when the file ends), PEER_DIR, BARESIP_SIP_PORT (UDP/TCP; TLS is +1), BARESIP_CTRL_PORT,
#      PEER_MAX_SECONDS (default 3600). In a terminal the stdio UI is loaded too (h = help, d = dial).
set -euo pipefail
RIG=${1:?usage: baresip.sh RIG_DIR [USER] [TONE_HZ] [MEDIAENC]}
USER_ID=${2:-1001}; TONE=${3:-440}; MEDIAENC=${4:-srtp-mand}
# shellcheck disable=SC1091
. "$RIG/rig.env"
PASS=$(awk -v u="$USER_ID" '$1 == u { print $2 }' "$RIG_USERS_FILE")
[ -n "$PASS" ] || { echo "user $USER_ID not in $RIG_USERS_FILE" >&2; exit 1; }
DIR=${PEER_DIR:-$(mktemp -d /tmp/phone-baresip-XXXXXX)}
SIP_PORT=${BARESIP_SIP_PORT:-$((20000 + RANDOM % 20000))}
CTRL_PORT=${BARESIP_CTRL_PORT:-$((SIP_PORT + 2))}
mkdir -p "$DIR/rec"
sox -D -n -r 8000 -c 1 -b 16 -e signed-integer "$DIR/tone.wav" synth "${TONE_SECONDS:-600}" sine "$TONE" vol 0.5
UI=""; [ -t 0 ] && UI="module stdio.so"
cat > "$DIR/config" <<CFG
poll_method epoll
sip_listen 127.0.0.1:$SIP_PORT
sip_cafile $RIG_CA
sip_trans_def tls
net_interface 127.0.0.1
audio_source aufile,$DIR/tone.wav
audio_srate 8000
audio_channels 1
module_path /usr/lib/baresip/modules
$UI
module g711.so
module aufile.so
module sndfile.so
module srtp.so
module_app account.so
module_app contact.so
module_app menu.so
module_app ctrl_tcp.so
ctrl_tcp_listen 127.0.0.1:$CTRL_PORT
snd_path $DIR/rec
CFG
echo "<sip:$USER_ID@$RIG_REALM;transport=tls>;auth_pass=$PASS;outbound=\"sip:127.0.0.1:$RIG_TLS_PORT;transport=tls\";mediaenc=$MEDIAENC;answermode=auto;ptime=20;audio_codecs=PCMU/8000/1,PCMA/8000/1;regint=300;mwi=no" > "$DIR/accounts"
: > "$DIR/contacts"
cat <<INFO
baresip $USER_ID in $DIR  (SIP 127.0.0.1:$SIP_PORT, TLS :$((SIP_PORT + 1)), ctrl_tcp 127.0.0.1:$CTRL_PORT, tone $TONE Hz)
  recordings: $DIR/rec/*-dec.wav
  ctrl_tcp (netstring JSON), e.g.:
    python3 -c 'import socket,json,sys;d=json.dumps({"command":"dial","params":"sip:1002@$RIG_REALM","token":"1"}).encode();s=socket.create_connection(("127.0.0.1",$CTRL_PORT));s.sendall(b"%d:%s,"%(len(d),d));print(s.recv(4096))'
INFO
exec timeout -k 5 "${PEER_MAX_SECONDS:-3600}" baresip -f "$DIR"
