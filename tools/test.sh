#!/usr/bin/env bash
# The README's test command: set up, build, run every test (ctest, sanitizer build: unit + ns-3 set + runs, pytest).
# SPDX-License-Identifier: GPL-2.0-only
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
JOBS=${JOBS:-$(nproc)}
status=0
# Includes point down the layers (model rooms, then helper, then tools): doc/architecture.md.
bash tools/check-layers.sh || status=1
BUILD_DIR=build bash tools/build.sh
(cd build && ctest --output-on-failure -j"$JOBS" --timeout 600) || status=1

# Again under AddressSanitizer + UBSan with LeakSanitizer on (doc/sanitizers.md): every unit test
# (pure layers), a representative set of the ns-3 layer's tests, and one seed-testbed run per
# registration model. libns3 itself is not instrumented; tools/lsan-ns3.supp lists the ns-3
# allocations LeakSanitizer may ignore, each with its reason.
ASAN_NS3_TESTS="test-user-agent test-mobility-failures test-handoff test-servers test-rtp-media-stream test-sip-stack"
BUILD_DIR=build-asan BUILD_TARGETS="unit-tests sipmob $ASAN_NS3_TESTS" bash tools/build.sh \
  -DSIPMOB_CORE_ONLY=OFF -DSIPMOB_SANITIZE=ON -DSIPMOB_PYTHON=OFF -DSIPMOB_BENCH=OFF -DCMAKE_BUILD_TYPE=Debug
export ASAN_OPTIONS=detect_leaks=1
export LSAN_OPTIONS="suppressions=$PWD/tools/lsan-ns3.supp:print_suppressions=0"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
(cd build-asan && ctest --output-on-failure -j"$JOBS" -L unit) || status=1
# Only the executables built above have tests (the others report *_NOT_BUILT); never RealtimeTap.
(cd build-asan && ctest --output-on-failure -j"$JOBS" --timeout 1200 -L ns3 \
  -E "_NOT_BUILT$|RealtimeTap") || status=1
for model in home-only outbound-proxy; do
  build-asan/sipmob run scenarios/seed-testbed.yaml --model "$model" >/dev/null || status=1
done
unset ASAN_OPTIONS LSAN_OPTIONS UBSAN_OPTIONS

# Python bindings and analysis scripts.
if [ -d tests/python ] && ls tests/python/test_*.py >/dev/null 2>&1; then
  PYTHONPATH=build/python /usr/bin/python3 -m pytest -q tests/python || status=1
fi
exit $status
