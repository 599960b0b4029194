#!/usr/bin/env bash
# The sanitizer stage of tools/test.sh (doc/sanitizers.md): builds ${BUILD_DIR:-build-asan} with
# AddressSanitizer + UBSan (Debug) and runs in it, with LeakSanitizer on: every unit test, every
# ns-3 test but RealtimeTap (root, /dev/net/tun, host routes), and one seed-testbed run per
# registration model.
# Arguments go to the ns-3 ctest call, e.g. `bash tools/test-sanitizers.sh -R ThreeNetworks`.
# Prints the time of each step; exits 1 when any step fails.
# SPDX-License-Identifier: GPL-2.0-only
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build-asan}
JOBS=${JOBS:-$(nproc)}
status=0
times=()
step() # step NAME COMMAND...: run, time, remember a failure
{
  local name=$1 start=$SECONDS
  shift
  "$@" || status=1
  times+=("$name $((SECONDS - start)) s")
}

step build env BUILD_DIR="$BUILD_DIR" BUILD_TARGETS="unit-tests ns3-tests sipmob" bash tools/build.sh \
  -DSIPMOB_CORE_ONLY=OFF -DSIPMOB_SANITIZE=ON -DSIPMOB_PYTHON=OFF -DSIPMOB_BENCH=OFF \
  -DCMAKE_BUILD_TYPE=Debug
export ASAN_OPTIONS=detect_leaks=1
export LSAN_OPTIONS="suppressions=$PWD/tools/lsan-ns3.supp:print_suppressions=0"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
unit() { (cd "$BUILD_DIR" && ctest --output-on-failure -j"$JOBS" -L unit); }
# RealtimeTap needs root, /dev/net/tun and host routes: the main ctest runs it unsanitized
# (doc/realtime.md). Its executable's other tests (HostTapHelper) run here.
ns3() { (cd "$BUILD_DIR" && ctest --output-on-failure -j"$JOBS" --timeout 1200 -L ns3 \
  -E RealtimeTap "$@"); }
seed() { "$BUILD_DIR/sipmob" run scenarios/seed-testbed.yaml --model "$1" >/dev/null; }
step unit unit
step ns3 ns3 "$@"
for model in home-only outbound-proxy; do
  step "run-$model" seed "$model"
done
echo "sanitizers: $(IFS=,; echo "${times[*]}" | sed 's/,/, /g')"
exit $status
