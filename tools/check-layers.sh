#!/usr/bin/env bash
# Layering check: every #include "room/file.h" must point down (or sideways where allowed), never up.
# The pure rooms (message, transaction, wire, registrar, records) include no ns-3 header; model/ never
# includes helper/ or tools/; helper/ never includes tools/. Exit 1 with one line per violation.
# SPDX-License-Identifier: GPL-2.0-only
set -uo pipefail
cd "$(dirname "$0")/.."

# room -> rooms it may include (besides itself). Order bottom up; see doc/architecture.md.
declare -A ALLOWED=(
  [message]=""
  [transaction]="message"
  [wire]="message"
  [records]=""
  [registrar]="message records"
  [stack]="message transaction wire records"
  [dialog]="message transaction wire records stack"
  [access]="message wire records stack"
  [media]="message wire records stack"
  [mobility]="message wire records stack dialog access"
  [proxy]="message transaction wire records registrar stack dialog"
  [ua]="message transaction wire records registrar stack dialog access media mobility"
)
PURE="message transaction wire records registrar"
MODEL_ROOMS="${!ALLOWED[*]}"
HELPER_ROOMS="install testbed scenario results"
TOOLS_ROOMS="cli sweep"

fail=0
report() { echo "layering: $1" >&2; fail=1; }
is_in() { local x=$1; shift; for y in "$@"; do [ "$x" = "$y" ] && return 0; done; return 1; }

check_file() {
  local file=$1 top=$2 room=$3 line inc target lineno
  while IFS=: read -r lineno line; do
    inc=$(sed -E 's/^[[:space:]]*#[[:space:]]*include[[:space:]]+"([^"]+)".*/\1/' <<<"$line")
    target=${inc%%/*}
    if [ "$target" = "ns3" ]; then
      is_in "$room" $PURE && report "$file:$lineno: pure room '$room' includes ns-3 ($inc)"
      continue
    fi
    [ "$target" = "$inc" ] && { report "$file:$lineno: include without its room ($inc)"; continue; }
    if is_in "$target" $MODEL_ROOMS; then
      [ "$top" != model ] && continue
      [ "$target" = "$room" ] && continue
      # shellcheck disable=SC2086
      is_in "$target" ${ALLOWED[$room]} || report "$file:$lineno: $room may not include $target ($inc)"
    elif is_in "$target" $HELPER_ROOMS; then
      [ "$top" = model ] && report "$file:$lineno: model/ includes helper/ ($inc)"
    elif is_in "$target" $TOOLS_ROOMS; then
      is_in "$top" model helper && report "$file:$lineno: $top/ includes tools/ ($inc)"
    fi
  done < <(grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]+"' "$file" || true)
}

for top in model helper tools; do
  for dir in "$top"/*/; do
    room=$(basename "$dir")
    for file in "$dir"*.h "$dir"*.cc; do
      [ -f "$file" ] && check_file "$file" "$top" "$room"
    done
  done
  for file in "$top"/*.h "$top"/*.cc; do
    [ -f "$file" ] && report "$file: loose file at the top of $top/ (put it in a room)"
  done
done
[ $fail = 0 ] && echo "layering: ok ($(find model helper tools -name '*.h' -o -name '*.cc' | wc -l) files)"
exit $fail
