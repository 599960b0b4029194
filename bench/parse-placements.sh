#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# A parser change judged over several code placements (bench/README.md, bench-parse, sixth pass):
# where the linker happens to place the parse functions moves a bench-parse ratio by 3-10 % from
# one build to the next, more than most changes gain. For each source tree given, this builds
# bench-parse once per padding (CMake SIPMOB_LAYOUT_PAD: that many bytes of code linked before
# the message code, which moves every parse function), runs all the binaries in turn, ROUNDS
# times, and prints each sipmob / sofia-sip ratio per tree and padding, and their medians.
#
#   bash bench/parse-placements.sh [--rounds R] [--pads "0 16 32 48"] OUT_DIR TREE...
#   bash bench/parse-placements.sh /tmp/pp /work/main /work/wt-my-change
#
# TREE: a checkout of this project (e.g. a git worktree per version); its builds go to
# OUT_DIR/build-<name> (RelWithDebInfo, CMAKE_CXX_COMPILER_LAUNCHER from the environment), the
# binaries to OUT_DIR/bin/<name>-<pad>, every ratio to OUT_DIR/ratios.txt. Each binary runs with
# its own libsipmob-core.so (LD_LIBRARY_PATH). Needs sofia-sip (libsofia-sip-ua-dev) and nothing
# else running; one round of 2 trees x 4 pads takes about 80 s.
set -euo pipefail

usage()
{
    sed -n '3,18p' "$0" >&2
    exit 2
}

rounds=2
pads="0 16 32 48"
while [ $# -gt 0 ]; do
    case "$1" in
    --rounds) rounds=${2:?}; shift 2 ;;
    --pads) pads=${2:?}; shift 2 ;;
    -h | --help) usage ;;
    --*) echo "parse-placements.sh: unknown option $1" >&2; usage ;;
    *) break ;;
    esac
done
[ $# -ge 2 ] || usage
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "parse-placements.sh: --rounds wants a count" >&2; exit 2; }
out=$1
shift
mkdir -p "$out/bin"
out=$(cd "$out" && pwd)

# Build every (tree, pad) and keep its binary and library.
names=()
bins=()
for tree in "$@"; do
    [ -f "$tree/CMakeLists.txt" ] && [ -f "$tree/bench/bench-parse.cc" ] ||
        { echo "parse-placements.sh: $tree is not a sipmob checkout" >&2; exit 2; }
    name=$(basename "$(cd "$tree" && pwd)")
    for n in "${names[@]}"; do
        [ "$n" != "$name" ] || name="$name-${#names[@]}"
    done
    names+=("$name")
    build="$out/build-$name"
    for pad in $pads; do
        echo "build $name, pad $pad" >&2
        cmake -S "$tree" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSIPMOB_LAYOUT_PAD="$pad" \
            > "$build.log" 2>&1 || { tail -5 "$build.log" >&2; exit 1; }
        nice -n 10 cmake --build "$build" -j"$(nproc)" --target bench-parse >> "$build.log" 2>&1 ||
            { tail -20 "$build.log" >&2; exit 1; }
        if [ "$pad" != 0 ] && ! nm "$build/libsipmob-core.so" | grep -q sipmob_layout_pad; then
            echo "parse-placements.sh: $tree has no CMake option SIPMOB_LAYOUT_PAD (add it from" \
                "this project's CMakeLists.txt to compare an older version)" >&2
            exit 2
        fi
        dir="$out/bin/$name-$pad"
        mkdir -p "$dir"
        cp "$build/bench/bench-parse" "$build/libsipmob-core.so" "$dir/"
        bins+=("$dir")
    done
done

# Run them in turn; keep "<tree>-<pad> <mode>|<message>|<sipmob/sofia-sip>" lines.
: > "$out/ratios.txt"
for ((r = 1; r <= rounds; r++)); do
    for dir in "${bins[@]}"; do
        echo "round $r/$rounds: $(basename "$dir")" >&2
        LD_LIBRARY_PATH="$dir" nice -n 5 "$dir/bench-parse" --benchmark_filter=NONE 2> /dev/null |
            awk -v w="$(basename "$dir")" '
                /^== / { mode = substr($0, 4); sub(/:.*/, "", mode) }
                /^(REGISTER|INVITE)/ { msg = $1 }
                /^  sofia-sip/ { printf "%s %s|%s|%s\n", w, mode, msg, $NF }' >> "$out/ratios.txt"
    done
done
[ -s "$out/ratios.txt" ] ||
    { echo "parse-placements.sh: no sofia-sip ratios (bench-parse built without sofia-sip?)" >&2; exit 1; }

/usr/bin/python3 - "$out/ratios.txt" "$pads" "${names[@]}" << 'EOF'
import collections
import statistics
import sys

path, pads, names = sys.argv[1], sys.argv[2].split(), sys.argv[3:]
runs = collections.defaultdict(list)
for line in open(path):
    binary, rest = line.rstrip("\n").split(" ", 1)
    mode, msg, ratio = rest.split("|")
    name, pad = binary.rsplit("-", 1)
    runs[(mode, msg, name, pad)].append(float(ratio))
rows = sorted({(k[0], k[1]) for k in runs})
print("sipmob / sofia-sip per code placement (pad bytes): each run, then [median]")
for mode, msg in rows:
    print(f"\n{mode}, {msg}")
    for name in names:
        cells, every = [], []
        for pad in pads:
            got = runs.get((mode, msg, name, pad), [])
            every += got
            cells.append(f"{pad}: " + " ".join(f"{x:.2f}" for x in got))
        med = f"{statistics.median(every):.2f}" if every else "-"
        span = f"{min(every):.2f}-{max(every):.2f}" if every else "-"
        print(f"  {name:24s} {' | '.join(cells)}  [median {med}, {span}]")
EOF
