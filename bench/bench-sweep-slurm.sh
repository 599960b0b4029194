#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Per-run overhead of `sipmob sweep --executor slurm` against the local executor on the same sweep
# (bench/README.md, "bench-sweep-slurm"). Starts a one-node Slurm with tools/slurm-local.sh (root),
# runs the sweep REPEAT times with each executor (interleaved), and prints per sweep: wall time,
# wall per run, overhead per run = (wall x slots - sum of the runs' own wall times) / runs, and the
# ratios slurm / local. Both executors get the same 2 slots (local --jobs 2; the node has 2 CPUs).
# Usage: bench/bench-sweep-slurm.sh [BUILD_DIR] [REPEAT]   (default build, 3)
#        env RUNS (runs per model, default 8), DURATION (simulated s, default 12),
#        RUNS_PER_TASK (default 1), POLL (squeue poll interval in s, default 5 = the CLI default)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$(cd "${1:-$REPO/build}" && pwd)"
REPEAT="${2:-3}"
RUNS="${RUNS:-8}"
DURATION="${DURATION:-12}"
RUNS_PER_TASK="${RUNS_PER_TASK:-1}"
POLL="${POLL:-5}"
SIPMOB="$BUILD/sipmob"
[[ -x "$SIPMOB" ]] || { echo "missing $SIPMOB (build target sipmob)" >&2; exit 2; }
WORK="$(mktemp -d /tmp/sipmob-bench-slurm.XXXXXX)"
CLUSTER=""
cleanup() {
    [[ -n "$CLUSTER" ]] && bash "$REPO/tools/slurm-local.sh" stop "$CLUSTER" || true
    rm -rf "$WORK"
}
trap cleanup EXIT
CLUSTER="$(bash "$REPO/tools/slurm-local.sh" start)"
export SLURM_CONF="$CLUSTER/slurm.conf"
cd "$REPO"

PLAN=(scenarios/two-ap-handoff.yaml -p model=home-only,outbound-proxy -p "duration=$DURATION"
      --runs "$RUNS")
N=$((2 * RUNS))
calc() { awk "BEGIN { print $* }"; }

# Prints "wall_s sum_of_run_wall_s" of one sweep into a fresh database.
sweep() {
    local db="$WORK/$1.db" t0 t1
    shift
    rm -rf "$db" "$db.slurm"
    t0=$(date +%s.%N)
    "$SIPMOB" sweep "${PLAN[@]}" --db "$db" "$@" >"$WORK/last.log" 2>&1 ||
        { echo "FAILED: sweep $*" >&2; cat "$WORK/last.log" >&2; return 1; }
    t1=$(date +%s.%N)
    local runsum
    runsum=$(sqlite3 "$db" "SELECT SUM(wall_time_s) FROM runs WHERE status = 'ok'")
    [[ "$(sqlite3 "$db" "SELECT COUNT(*) FROM runs WHERE status = 'ok'")" == "$N" ]] ||
        { echo "FAILED: not $N ok runs" >&2; return 1; }
    echo "$(calc "$t1 - $t0") $runsum"
}

printf "%-8s %-3s %9s %9s %12s\n" executor rep wall_s per_run_s overhead_s
declare -a LW LO SW SO
for rep in $(seq 1 "$REPEAT"); do
    read -r w s < <(sweep local --jobs 2)
    LW+=("$w"); LO+=("$(calc "($w * 2 - $s) / $N")")
    printf "%-8s %-3s %9.2f %9.3f %12.3f\n" local "$rep" "$w" "$(calc "$w / $N")" "${LO[-1]}"
    read -r w s < <(sweep slurm --executor slurm --runs-per-task "$RUNS_PER_TASK" --poll-interval "$POLL")
    SW+=("$w"); SO+=("$(calc "($w * 2 - $s) / $N")")
    printf "%-8s %-3s %9.2f %9.3f %12.3f\n" slurm "$rep" "$w" "$(calc "$w / $N")" "${SO[-1]}"
done
median() { printf "%s\n" "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
lw=$(median "${LW[@]}"); sw=$(median "${SW[@]}"); lo=$(median "${LO[@]}"); so=$(median "${SO[@]}")
echo "runs $N, duration $DURATION s, runs per task $RUNS_PER_TASK, poll $POLL s; medians of $REPEAT"
printf "sweep wall: local %.2f s, slurm %.2f s, ratio slurm/local %.2fx\n" "$lw" "$sw" "$(calc "$sw / $lw")"
printf "per-run wall: local %.3f s, slurm %.3f s\n" "$(calc "$lw / $N")" "$(calc "$sw / $N")"
printf "per-run overhead: local %.3f s, slurm %.3f s, ratio slurm/local %.1fx\n" "$lo" "$so" "$(calc "$so / $lo")"
