#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# CPU time of two builds measured side by side: each round runs command A on one core and
# command B on the other at the same time (taskset), then the next round swaps the cores, so both
# see the same machine (this virtual machine drifts by several percent between runs of one
# binary made one after the other). Prints each round's user CPU s and B/A, then the median B/A.
# Needs two cores and nothing else running. Give each build its own copy of the libsipmob
# libraries (the programs' RUNPATH points at the build directory; LD_LIBRARY_PATH wins over it).
#
#   bash bench/cpu-pair.sh ROUNDS 'CMD_A' 'CMD_B'
#   bash bench/cpu-pair.sh 8 'LD_LIBRARY_PATH=/tmp/old/lib /tmp/old/bench-scale m.yaml' \
#                            'LD_LIBRARY_PATH=/tmp/new/lib /tmp/new/bench-scale m.yaml'
set -euo pipefail
[ $# -eq 3 ] || { sed -n '3,13p' "$0" >&2; exit 2; }
rounds=$1
cmd_a=$2
cmd_b=$3
[ "$(nproc)" -ge 2 ] || { echo "cpu-pair.sh: needs two cores" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ratios=()
for ((i = 1; i <= rounds; i++)); do
  core_a=$(( (i + 1) % 2 ))
  core_b=$(( i % 2 ))
  /usr/bin/time -o "$tmp/a" -f %U taskset -c "$core_a" bash -c "$cmd_a" > "$tmp/a.out" 2>&1 &
  pid_a=$!
  /usr/bin/time -o "$tmp/b" -f %U taskset -c "$core_b" bash -c "$cmd_b" > "$tmp/b.out" 2>&1 &
  pid_b=$!
  wait "$pid_a" || { echo "cpu-pair.sh: A failed:" >&2; tail -5 "$tmp/a.out" >&2; exit 1; }
  wait "$pid_b" || { echo "cpu-pair.sh: B failed:" >&2; tail -5 "$tmp/b.out" >&2; exit 1; }
  a=$(tail -n 1 "$tmp/a")
  b=$(tail -n 1 "$tmp/b")
  r=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", b / a }')
  ratios+=("$r")
  echo "round $i: A on cpu $core_a ${a} s, B on cpu $core_b ${b} s, B/A $r"
done
printf '%s\n' "${ratios[@]}" | sort -n |
  awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
                            printf "median B/A over %d rounds: %.3f\n", NR, m }'
