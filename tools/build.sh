#!/usr/bin/env bash
# Configures and builds sipmob into ${BUILD_DIR:-build} (all targets, or ${BUILD_TARGETS}).
# SPDX-License-Identifier: GPL-2.0-only
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo} "$@" >/dev/null
# BUILD_TARGETS: build only these targets (space-separated), e.g. the sanitizer build's subset.
cmake --build "$BUILD_DIR" -j"${JOBS:-$(nproc)}" ${BUILD_TARGETS:+--target $BUILD_TARGETS}
