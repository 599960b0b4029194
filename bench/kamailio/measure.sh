#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Per-request processing time of Kamailio (Debian package, one worker) acting as a redirect server
# on loopback: sipp sends INVITEs, Kamailio answers 302; tshark timestamps both on `lo`, so
# (302 leaves) - (INVITE arrives) is Kamailio's time per request, without sipp's.
# sipp's own response times have 1 ms resolution, too coarse for this.
# Usage (root): bash bench/kamailio/measure.sh [CALLS] [RATE]   (defaults 2000 calls at 100/s)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
calls=${1:-2000}
rate=${2:-100}
work=$(mktemp -d)
cap=""
cleanup() {
  [ -f "$work/kam.pid" ] && kill "$(cat "$work/kam.pid")" 2>/dev/null || true
  [ -n "$cap" ] && kill "$cap" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

tshark -i lo -f "udp port 5090" -w "$work/lo.pcap" >/dev/null 2>&1 &
cap=$!
sleep 2
kamailio -f "$here/kamailio.cfg" -P "$work/kam.pid" -w "$work" >/dev/null 2>&1
sleep 1
(cd "$work" && sipp 127.0.0.1:5090 -sf "$here/uac-302.xml" -s 2001 -i 127.0.0.1 -p 5089 \
   -m "$calls" -r "$rate" -timeout 120s -timeout_error -nostdin >/dev/null 2>&1) || true
sleep 1
kill "$cap"
wait "$cap" 2>/dev/null || true
cap=""
tshark -r "$work/lo.pcap" -d udp.port==5090,sip -Y 'sip.Method == "INVITE" || sip.Status-Code == 302' \
  -T fields -e frame.time_epoch -e sip.Call-ID -e sip.Status-Code 2>/dev/null |
  awk -F'\t' '$3 == "" { t[$2] = $1 } $3 == "302" && ($2 in t) { printf "%.6f\n", ($1 - t[$2]) * 1000 }' |
  sort -n |
  awk '{ d[++n] = $1; s += $1 }
       END { if (n == 0) { print "no INVITE/302 pairs captured"; exit 1 }
             printf "kamailio 302 per INVITE: n %d, mean %.3f ms, median %.3f ms, p95 %.3f ms, min %.3f ms, max %.3f ms\n",
                    n, s / n, d[int(n / 2) + 1], d[int(n * 0.95)], d[1], d[n] }'
