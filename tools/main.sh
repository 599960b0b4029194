#!/usr/bin/env bash
# The README's main job: set up, build, and run the seed's three-network testbed with a mid-call
# hand-off under both registration models; print the per-hand-off table of one run per model, then
# a comparison over several seeds (component means with 95% confidence intervals) and write figures.
# SPDX-License-Identifier: GPL-2.0-only
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
BUILD_DIR=build bash tools/build.sh
OUT=${OUT:-out/demo}
RUNS=${RUNS:-5}
SCENARIO=scenarios/seed-testbed.yaml
mkdir -p "$OUT"
for model in home-only outbound-proxy; do
  echo "=== $model: one run (seed 1, run 1) ==="
  build/sipmob run "$SCENARIO" --model "$model"
  echo
done
rm -f "$OUT/demo.db" "$OUT/demo.db-wal" "$OUT/demo.db-shm"
echo "=== both models, $RUNS runs each ==="
build/sipmob sweep "$SCENARIO" --param model=home-only,outbound-proxy --runs "$RUNS" \
  --db "$OUT/demo.db" --timeout 600
echo
build/sipmob report "$OUT/demo.db" --by model --by move --wide
echo
build/sipmob report "$OUT/demo.db" --by model --wide
build/sipmob plot "$OUT/demo.db" --out "$OUT/figures"
echo "figures: $OUT/figures"
