#!/usr/bin/env bash
# The worked study of analysis/README.md: hand-off latency and voice quality of the seed testbed
# against poll interval, WAN delay, Wi-Fi loss and walking speed, for both registration models.
# Usage: analysis/study/run-study.sh [OUTDIR] [RUNS] [POLL_RUNS]   (from the repository root, after
# building; RUNS replications per configuration, POLL_RUNS for the poll-interval sweep)
# SPDX-License-Identifier: GPL-2.0-only
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${1:-study}
RUNS=${2:-10}
POLL_RUNS=${3:-$RUNS}
JOBS=${JOBS:-2}
SIPMOB=${SIPMOB:-build/sipmob}
mkdir -p "$OUT"
MODELS=model=home-only,outbound-proxy
start=$(date +%s)

# 1. Poll interval (address-change detection) x model.
"$SIPMOB" sweep scenarios/seed-testbed.yaml -p $MODELS -p ua.PollInterval=0.25s,0.5s,1s,2s \
    -n "$POLL_RUNS" -j "$JOBS" --db "$OUT/poll.db"
# 2. WAN one-way delay on every gateway link (linked: the three links vary together).
"$SIPMOB" sweep scenarios/seed-testbed.yaml -p $MODELS \
    --zip wan_links.0.delay_ms=5,25,50,100 --zip wan_links.1.delay_ms=5,25,50,100 \
    --zip wan_links.2.delay_ms=5,25,50,100 -n "$RUNS" -j "$JOBS" --db "$OUT/wan.db"
# 3. Frame loss at every Wi-Fi PHY.
"$SIPMOB" sweep scenarios/seed-testbed.yaml -p $MODELS -p wifi.loss_rate=0,0.05,0.15 \
    -n "$RUNS" -j "$JOBS" --db "$OUT/loss.db"
# 4. Walking speed of the mobile (scenarios/walking.yaml: the seed testbed with a speed).
"$SIPMOB" sweep scenarios/walking.yaml -p $MODELS -p ua@1001.speed=1,2.25,4,8 \
    -n "$RUNS" -j "$JOBS" --db "$OUT/speed.db"
echo "sweeps: $(( $(date +%s) - start )) s wall"

for y in total_ms mos outage_down_ms; do
    "$SIPMOB" plot "$OUT/poll.db" --x ua.PollInterval --y "$y" --out "$OUT/poll-$y.png"
done
"$SIPMOB" plot "$OUT/wan.db" --x wan_links.0.delay_ms --y total_ms --out "$OUT/wan-total_ms.png"
# The REGISTER after the move away (to net2) crosses the WAN; the one after the move home does not
# (2-3 ms at every delay): one move per figure, not the two pooled.
"$SIPMOB" plot "$OUT/wan.db" --x wan_links.0.delay_ms --y registration_ms --where to_network=net2 \
    --out "$OUT/wan-registration_ms.png"
"$SIPMOB" plot "$OUT/loss.db" --x wifi.loss_rate --y total_ms --out "$OUT/loss-total_ms.png"
"$SIPMOB" plot "$OUT/loss.db" --x wifi.loss_rate --y mos --out "$OUT/loss-mos.png"
"$SIPMOB" plot "$OUT/speed.db" --x ua@1001.speed --y total_ms --out "$OUT/speed-total_ms.png"
"$SIPMOB" plot "$OUT/speed.db" --x ua@1001.speed --y mos --out "$OUT/speed-mos.png"
for db in poll wan loss speed; do
    "$SIPMOB" report "$OUT/$db.db" --wide > "$OUT/$db-report.txt"
done
echo "total: $(( $(date +%s) - start )) s wall"
