#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Loss study (issue 12 items 1 and 3): runs every scenario at a random frame loss on every Wi-Fi
# PHY (wifi.loss_rate), both registration models, with and without link probing
# (wifi.link_probes), RUNS runs each, and prints per configuration:
#   runs, runs that did not finish (abort, error, timeout), link events by kind, and for real
#   hand-offs (kind = handoff) how many reached the re-INVITE 2xx and, for the others, the
#   first step that did not happen (no lease, not detected, no REGISTER 2xx, no call to move,
#   no re-INVITE 2xx).
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
