#!/usr/bin/env bash
# The README's test command: set up, build, run every test (ctest, sanitizer build: unit + ns-3 + runs, pytest).
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

# Again under AddressSanitizer + UBSan with LeakSanitizer on (doc/sanitizers.md): every unit test,
# every ns-3 test but RealtimeTap, one seed-testbed run per registration model.
JOBS=$JOBS bash tools/test-sanitizers.sh || status=1

# Python bindings and analysis scripts.
if [ -d tests/python ] && ls tests/python/test_*.py >/dev/null 2>&1; then
  PYTHONPATH=build/python /usr/bin/python3 -m pytest -q tests/python || status=1
fi
exit $status
