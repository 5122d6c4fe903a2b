#!/usr/bin/env bash
# Runs linphonec 5.1 by hand as a far-end phone against a running rig, configured like the tests'
# LinphonePeer: HOME in DIR/home, TLS to the rig as "localhost" (mbedTLS here ignores IP SANs),
# root_ca = the rig's CA, SDES SRTP mandatory, PCMU/PCMA. linphonec runs interactively; for files
# instead of a sound card type:  soundcard use files / play DIR/tone.wav / record DIR/rec.wav
# then:  call sip:1001@127.0.0.1 / calls / terminate / autoanswer enable / quit
# Usage: linphone.sh RIG_DIR [USER=1002] [TONE_HZ=1000]
# Env: TONE_SECONDS (default 600), PEER_DIR, LINPHONE_TLS_PORT, LINPHONE_RTP_PORT, PEER_MAX_SECONDS.
set -euo pipefail
RIG=${1:?usage: linphone.sh RIG_DIR [USER] [TONE_HZ]}
USER_ID=${2:-1002}; TONE=${3:-1000}
# shellcheck disable=SC1091
. "$RIG/rig.env"
PASS=$(awk -v u="$USER_ID" '$1 == u { print $2 }' "$RIG_USERS_FILE")
[ -n "$PASS" ] || { echo "user $USER_ID not in $RIG_USERS_FILE" >&2; exit 1; }
DIR=${PEER_DIR:-$(mktemp -d /tmp/phone-linphone-XXXXXX)}
TLS_PORT=${LINPHONE_TLS_PORT:-$((20000 + RANDOM % 20000))}
RTP_PORT=${LINPHONE_RTP_PORT:-$((TLS_PORT + 2))}
mkdir -p "$DIR/home/.local/share/linphone"
sox -D -n -r 8000 -c 1 -b 16 -e signed-integer "$DIR/tone.wav" synth "${TONE_SECONDS:-600}" sine "$TONE" vol 0.5
cat > "$DIR/linphonerc" <<RC
[sip]
sip_port=0
sip_tcp_port=0
sip_tls_port=$TLS_PORT
bind_address=127.0.0.1
ipv6_enabled=0
media_encryption=srtp
media_encryption_mandatory=1
root_ca=$RIG_CA
verify_server_certs=1
verify_server_cn=1
default_proxy=0
register_only_when_network_is_up=0
auto_net_state_mon=0
[rtp]
audio_rtp_port=$RTP_PORT
bind_address=127.0.0.1
[net]
firewall_policy=0
ipv6_enabled=0
[video]
enabled=0
capture=0
display=0
[sound]
echocancellation=0
[proxy_0]
reg_proxy=<sip:localhost:$RIG_TLS_PORT;transport=tls>
reg_route=<sip:localhost:$RIG_TLS_PORT;transport=tls;lr>
reg_identity=sip:$USER_ID@$RIG_REALM
reg_expires=300
reg_sendregister=1
publish=0
[auth_info_0]
username=$USER_ID
passwd=$PASS
realm=$RIG_REALM
domain=$RIG_REALM
[audio_codec_0]
mime=PCMU
rate=8000
channels=1
enabled=1
[audio_codec_1]
mime=PCMA
rate=8000
channels=1
enabled=1
RC
echo "linphonec $USER_ID in $DIR (TLS 127.0.0.1:$TLS_PORT, RTP $RTP_PORT, tone $DIR/tone.wav at $TONE Hz, log $DIR/linphonec.log)"
export HOME=$DIR/home
exec timeout -k 5 "${PEER_MAX_SECONDS:-3600}" linphonec -c "$DIR/linphonerc" -d 6 -l "$DIR/linphonec.log"
