#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Loss study (issue 12 items 1 and 3): runs every scenario at a random frame loss on every Wi-Fi
# PHY (wifi.loss_rate), both registration models, with and without link probing
# (wifi.link_probes), RUNS runs each, and prints per configuration:
#   runs, runs that did not finish (abort, error, timeout), link events by kind, and for real
#   hand-offs (kind = handoff) how many reached the re-INVITE 2xx and, for the others, the
#   first step that did not happen (no lease, not detected, no REGISTER 2xx, no call to move,
#   no re-INVITE 2xx); then the moves that did not reach the re-INVITE 2xx by what their records
#   say, and every scheduled call by how it ended or why it was never placed.
#
# usage: bench/loss-study.sh [BUILD_DIR] [RUNS] [JOBS] [OUT_DIR] [LOSS] [PROBES] [SCENARIOS...]
#   defaults: build 50 2 bench/out/loss 0.3 "0,2" seed-testbed lossy-wireless
# Re-running resumes (finished runs are kept in OUT_DIR/loss-SCENARIO.db). Needs sqlite3.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
RUNS=${2:-50}
JOBS=${3:-2}
OUT=${4:-bench/out/loss}
LOSS=${5:-0.3}
PROBES=${6:-0,2}
shift $(($# < 6 ? $# : 6))
SCENARIOS=("$@")
[ ${#SCENARIOS[@]} -eq 0 ] && SCENARIOS=(seed-testbed lossy-wireless)
command -v sqlite3 >/dev/null || { echo "loss-study: needs sqlite3 (apt-get install sqlite3)" >&2; exit 2; }
mkdir -p "$OUT"

for s in "${SCENARIOS[@]}"; do
    db="$OUT/loss-$s.db"
    echo "== $s: loss $LOSS, wifi.link_probes $PROBES, $RUNS runs per configuration -> $db" >&2
    "$BUILD/sipmob" sweep "scenarios/$s.yaml" -p model=home-only,outbound-proxy \
        -p "wifi.loss_rate=$LOSS" -p "wifi.link_probes=$PROBES" \
        -n "$RUNS" -j "$JOBS" --timeout 600 --db "$db" >"$OUT/loss-$s.log" 2>&1 || true
    tail -n 1 "$OUT/loss-$s.log" >&2
done

echo "| scenario | model | link probes | runs | not finished | hand-offs | re-INVITE 2xx | % | no lease | not detected | no REGISTER 2xx | no call to move | no re-INVITE 2xx | re-associations | coverage losses |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for s in "${SCENARIOS[@]}"; do
    sqlite3 -separator ' | ' "$OUT/loss-$s.db" "
WITH cfg AS (
  SELECT r.run_id, r.model, r.status,
         (SELECT value FROM run_params p WHERE p.run_id = r.run_id
            AND p.key = 'wifi.link_probes') AS probes
  FROM runs r),
h AS (
  SELECT c.model, c.probes, h.* FROM handoffs h JOIN cfg c USING (run_id) WHERE c.status = 'ok')
SELECT '$s', c.model, c.probes, COUNT(*), SUM(c.status != 'ok'),
  (SELECT COUNT(*) FROM h WHERE h.model = c.model AND h.probes = c.probes AND kind = 'handoff'),
  (SELECT COUNT(*) FROM h WHERE h.model = c.model AND h.probes = c.probes AND kind = 'handoff'
     AND t_reinvite_ok IS NOT NULL),
  (SELECT printf('%.1f', 100.0 * SUM(t_reinvite_ok IS NOT NULL) / COUNT(*)) FROM h
     WHERE h.model = c.model AND h.probes = c.probes AND kind = 'handoff'),
  (SELECT COUNT(*) FROM h WHERE h.model = c.model AND h.probes = c.probes AND kind = 'handoff'
     AND t_lease IS NULL),
  (SELECT COUNT(*) FROM h WHERE h.model = c.model AND h.probes = c.probes AND kind = 'handoff'
     AND t_lease IS NOT NULL AND t_detected IS NULL),
  (SELECT COUNT(*) FROM h WHERE h.model = c.model AND h.probes = c.probes AND kind = 'handoff'
     AND t_detected IS NOT NULL AND t_register_ok IS NULL),
  (SELECT COUNT(*) FROM h WHERE h.model = c.model AND h.probes = c.probes AND kind = 'handoff'
     AND t_register_ok IS NOT NULL AND t_reinvite_sent IS NULL),
  (SELECT COUNT(*) FROM h WHERE h.model = c.model AND h.probes = c.probes AND kind = 'handoff'
     AND t_reinvite_sent IS NOT NULL AND t_reinvite_ok IS NULL),
  (SELECT COUNT(*) FROM h WHERE h.model = c.model AND h.probes = c.probes
     AND kind = 'reassociation'),
  (SELECT COUNT(*) FROM h WHERE h.model = c.model AND h.probes = c.probes
     AND kind = 'coverage-loss')
FROM cfg c GROUP BY c.model, c.probes ORDER BY c.model, c.probes;" | sed 's/^/| /; s/$/ |/'
done

# Every move to another network that did not reach the re-INVITE 2xx, by its record's status and
# the first step that did not happen; "nothing to re-INVITE": no call answered before the link
# loss was still up at the REGISTER 2xx (the call was placed or answered at the new address, or
# had ended).
echo
echo "| scenario | model | status | why (from the record) | moves |"
echo "| --- | --- | --- | --- | --- |"
for s in "${SCENARIOS[@]}"; do
    sqlite3 -separator ' | ' "$OUT/loss-$s.db" "
WITH h AS (
  SELECT r.model, h.*,
    (SELECT COUNT(*) FROM calls c WHERE c.run_id = h.run_id AND c.ua = h.ua AND c.call_id != ''
       AND c.t_answered < h.t_link_lost AND c.t_ended > h.t_register_ok) AS to_move
  FROM handoffs h JOIN runs r USING (run_id)
  WHERE r.status = 'ok' AND h.kind = 'handoff' AND h.t_reinvite_ok IS NULL)
SELECT '$s', model, status,
  CASE WHEN t_lease IS NULL THEN 'no lease'
       WHEN t_detected IS NULL THEN 'lease, new address not noticed'
       WHEN t_register_sent IS NULL THEN 'no REGISTER sent'
       WHEN t_register_ok IS NULL THEN 'REGISTER sent, no 2xx'
       WHEN t_reinvite_sent IS NULL AND to_move = 0 THEN 'registered; nothing to re-INVITE'
       WHEN t_reinvite_sent IS NULL THEN 'registered; a call to move but no re-INVITE'
       ELSE 're-INVITE sent, no 2xx' END,
  COUNT(*)
FROM h GROUP BY 2, 3, 4 ORDER BY 2, 5 DESC;" | sed 's/^/| /; s/$/ |/'
done

# Every call the user agents placed or were scheduled to place (issue 12 item 2): how it ended,
# or why it never was placed (empty call_id).
echo
echo "| scenario | model | call | end_reason | calls |"
echo "| --- | --- | --- | --- | --- |"
for s in "${SCENARIOS[@]}"; do
    sqlite3 -separator ' | ' "$OUT/loss-$s.db" "
SELECT '$s', r.model, CASE WHEN c.call_id = '' THEN 'not placed' ELSE 'placed' END, c.end_reason,
  COUNT(*)
FROM calls c JOIN runs r USING (run_id) WHERE r.status = 'ok' AND c.outgoing = 1
GROUP BY 2, 3, 4 ORDER BY 2, 3 DESC, 5 DESC;" | sed 's/^/| /; s/$/ |/'
done
