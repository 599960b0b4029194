#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Harness benchmarks (bench/README.md, "bench-harness"):
#  (a) sweep speed-up: the same 8-run sweep with --jobs 1 and --jobs 2 (goal >= 1.8x on 2 cores);
#  (b) SIP overhead: wall time of the seed testbed for 300 simulated seconds with a 290 s call,
#      against bench-udp-baseline (same topology, Wi-Fi walk and packet sizes/rates, no SIP
#      applications) (goal: SIP run <= 1.3x the baseline).
# Usage: bench/bench-harness.sh [BUILD_DIR] [REPEAT]   (default build, 3; env SWEEP_SCENARIO,
#        SWEEP_SETS override part (a)'s scenario and --set list; PARTS="a b" selects parts)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$(cd "${1:-$REPO/build}" && pwd)"
REPEAT="${2:-3}"
PARTS="${PARTS:-a b}"
SIPMOB="$BUILD/sipmob"
BASELINE="$BUILD/bench/bench-udp-baseline"
WORK="$(mktemp -d /tmp/sipmob-bench-harness.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

for exe in "$SIPMOB" "$BASELINE"; do
    [[ -x "$exe" ]] || { echo "missing $exe (build targets sipmob and bench-udp-baseline)" >&2; exit 2; }
done

# Wall seconds of a command (stdout/stderr to $WORK/last.log); fails if the command fails.
wall() {
    local t0 t1
    t0=$(date +%s.%N)
    "$@" >"$WORK/last.log" 2>&1 || { echo "FAILED: $*" >&2; cat "$WORK/last.log" >&2; return 1; }
    t1=$(date +%s.%N)
    echo "$t1 - $t0" | bc -l
}

# Minimum and median of numbers on stdin: "min median".
min_median() {
    sort -g | awk '{v[NR]=$1} END {m = (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2; printf "%.2f %.2f\n", v[1], m}'
}

echo "sipmob harness benchmarks: $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, commit $(git -C "$REPO" rev-parse --short HEAD)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

if [[ " $PARTS " == *" a "* ]]; then
    SCEN="${SWEEP_SCENARIO:-$REPO/scenarios/seed-testbed.yaml}"
    read -r -a SETS <<<"${SWEEP_SETS:-}"
    echo
    echo "(a) sweep of 8 runs: $(basename "$SCEN") -p model=home-only,outbound-proxy --runs 4 ${SETS[*]}"
    declare -A T
    for jobs in 1 2; do
        times=()
        for ((i = 1; i <= REPEAT; i++)); do
            db="$WORK/sweep-j$jobs-$i.db"
            times+=("$(wall "$SIPMOB" sweep "$SCEN" -p model=home-only,outbound-proxy --runs 4 \
                ${SETS[@]+"${SETS[@]}"} --jobs "$jobs" --db "$db")")
            grep -q "ok 8, failed 0" "$WORK/last.log" || { echo "sweep did not finish 8 ok runs" >&2; cat "$WORK/last.log" >&2; exit 1; }
        done
        T[$jobs]="$(printf '%s\n' "${times[@]}" | min_median)"
        echo "  --jobs $jobs: wall s (min median of $REPEAT): ${T[$jobs]}   [all: ${times[*]}]"
    done
    read -r j1min j1med <<<"${T[1]}"
    read -r j2min j2med <<<"${T[2]}"
    echo "  speed-up (min/min): $(echo "$j1min / $j2min" | bc -l | xargs printf %.2f)x, (median/median): $(echo "$j1med / $j2med" | bc -l | xargs printf %.2f)x  (goal >= 1.8x)"
fi

if [[ " $PARTS " == *" b "* ]]; then
    SEED="$REPO/scenarios/seed-testbed.yaml"
    LONG=(--set duration=300 --set user_agents.1.calls.0.duration=290)
    echo
    echo "(b) seed testbed, 300 s simulated, 290 s call: sipmob run vs bench-udp-baseline"
    sip=()
    udp=()
    for ((i = 1; i <= REPEAT; i++)); do
        sip+=("$(wall "$SIPMOB" run "$SEED" "${LONG[@]}")")
        sipline="$(head -1 "$WORK/last.log")"
        udp+=("$(wall "$BASELINE" "$SEED" "${LONG[@]}")")
        udpline="$(cat "$WORK/last.log")"
    done
    echo "  sipmob run:         $sipline"
    echo "  bench-udp-baseline: $udpline"
    read -r smin smed <<<"$(printf '%s\n' "${sip[@]}" | min_median)"
    read -r umin umed <<<"$(printf '%s\n' "${udp[@]}" | min_median)"
    echo "  SIP run wall s (min median of $REPEAT): $smin $smed   [all: ${sip[*]}]"
    echo "  UDP baseline wall s (min median):       $umin $umed   [all: ${udp[*]}]"
    echo "  ratio SIP/UDP (min/min): $(echo "$smin / $umin" | bc -l | xargs printf %.2f)x, (median/median): $(echo "$smed / $umed" | bc -l | xargs printf %.2f)x  (goal <= 1.3x)"
fi
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
