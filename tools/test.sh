#!/usr/bin/env bash
# The README's test command: set up, build, run every test (ctest, sanitizer build of the pure layers, pytest).
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

# The message and transaction layers again under AddressSanitizer and UBSan.
BUILD_DIR=build-asan bash tools/build.sh -DSIPMOB_CORE_ONLY=ON -DSIPMOB_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
(cd build-asan && ctest --output-on-failure -j"$JOBS" -L unit) || status=1

# Python bindings and analysis scripts.
if [ -d tests/python ] && ls tests/python/test_*.py >/dev/null 2>&1; then
  PYTHONPATH=build/python /usr/bin/python3 -m pytest -q tests/python || status=1
fi
exit $status
