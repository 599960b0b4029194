#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Scaling table of issue 15 item 2: N mobiles spread over cells (bench/gen-mobiles.py: one pair
# of APs per 10 mobiles, default 1/6/11 channel plan, each mobile in a call to a wired UA on
# net3), each size run once in its own process by build/bench/bench-scale under `nice -n ${NICE:-10}`
# (BENCH_ARGS, e.g. "--scheduler priority", are passed to bench-scale).
# Prints a Markdown table (mobiles, APs, UAs -> events, CPU s, max RSS MB, SIP messages, link
# events, hand-offs, CPU per hand-off and per SIP message) and the ratios of the last size to
# the first.
#
#   bash bench/bench-scale.sh [BUILD] [DURATION_S] [SIZES...]
#   bash bench/bench-scale.sh build 62 10 100 10         # the issue's 10 -> 100 mobiles, 62 s
#   EXTRA="--one-channel" bash bench/bench-scale.sh build 62 10 100   # every AP on channel 1
#   NICE=0 BENCH_ARGS="--scheduler priority" bash bench/bench-scale.sh build 62 10 100 10
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
duration=${2:-62}
shift $(( $# > 2 ? 2 : $# )) || true
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(10 100)
bench="$build/bench/bench-scale"
[ -x "$bench" ] || { echo "bench-scale.sh: $bench missing (cmake --build $build --target bench-scale)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "| mobiles | APs | UAs | sim s | wall s | CPU s | events | max RSS MB | SIP msgs | link events | hand-offs | CPU ms/hand-off | CPU us/SIP msg |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for n in "${sizes[@]}"; do
  /usr/bin/python3 bench/gen-mobiles.py "$n" "$duration" ${EXTRA:-} > "$tmp/m$n.yaml"
  # shellcheck disable=SC2086
  line=$(nice -n "${NICE:-10}" "$bench" "$tmp/m$n.yaml" ${BENCH_ARGS:-})
  echo "$line" >> "$tmp/rows"
  read -r mob aps uas sim wall cpu ev rss sip links ho cpuho cpumsg <<<"$line"
  echo "| $mob | $aps | $uas | $sim | $wall | $cpu | $ev | $rss | $sip | $links | $ho | $cpuho | $cpumsg |"
done
if [ ${#sizes[@]} -ge 2 ]; then
  # smallest vs largest size; a size run more than once (e.g. "10 100 10", to bracket the
  # largest run in time on a shared machine) counts with its mean
  awk '{n[$1]++; c[$1]+=$6; e[$1]+=$7; s[$1]+=$9}
       END{lo=-1; for (m in n) {m+=0; if (lo<0 || m<lo) lo=m; if (m>hi) hi=m}
           printf "\nfrom %d to %d mobiles (x%.1f): CPU x%.1f, events x%.1f, SIP messages x%.1f\n",
                  lo, hi, hi/lo, (c[hi]/n[hi])/(c[lo]/n[lo]), (e[hi]/n[hi])/(e[lo]/n[lo]),
                  (s[hi]/n[hi])/(s[lo]/n[lo])}' "$tmp/rows"
fi
