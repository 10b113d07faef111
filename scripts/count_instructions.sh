#!/usr/bin/env bash
# Count the instructions two builds of softpower execute per path-step, part by part.
#
#   scripts/count_instructions.sh OLD_BINARY NEW_BINARY [PATHS] [SCENARIO]
#
# Runs `run --paths PATHS --threads 1 --no-charts` (default 10 000 paths, the embedded
# baseline) of each binary under valgrind's callgrind, then prints the instructions executed
# per path-step in each part of the work and in all, for both binaries, and their ratio.
# Unlike a time, an instruction count does not depend on what else the machine is doing, so
# it shows a change of a few per cent on a shared, noisy machine where timings cannot; it is
# not a time, though (a division and an addition count one each), so time a change as well
# (scripts/bench_versions.sh). Needs valgrind (callgrind_annotate comes with it). Takes about
# two minutes per binary at 10 000 paths (callgrind runs the program some 50 times slower).
#
# The parts, from the functions' names (the engine dispatches to one build of each hot loop,
# so the names differ by CPU, but the paths do not):
#   sampler      engine::arch::normals, engine::ziggurat*, engine::rng, engine::sample, rand
#   cells        engine::arch::cells, engine::arch::step_cells, engine::arch::exp
#   model step   the rest of CulturalExport's step (markets, regimes, imports, the uniforms)
#   aggregation  stats::, engine::summary, Model::record, sorting (the pilot's quantiles)
#   other        everything else (setup, output files, the allocator)
# Everything is measured on this machine in this run; nothing is compared with stored figures.
set -euo pipefail
usage="usage: count_instructions.sh OLD_BINARY NEW_BINARY [PATHS] [SCENARIO]"
if [ "${1:-}" = -h ] || [ "${1:-}" = --help ]; then
  sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
  exit 0
fi
bad() { echo "count_instructions.sh: $1" >&2; echo "$usage" >&2; exit 2; }
[ $# -ge 2 ] && [ $# -le 4 ] || bad "expected 2 to 4 arguments, got $#"
old=$1
new=$2
paths=${3:-10000}
scenario=${4:-}
for b in "$old" "$new"; do
  [ -x "$b" ] || bad "$b is not an executable file"
done
[[ $paths =~ ^[1-9][0-9]*$ ]] || bad "PATHS must be a positive integer, not '$paths'"
[ -z "$scenario" ] || [ -f "$scenario" ] || bad "scenario $scenario is not a file"
command -v valgrind > /dev/null || bad "valgrind is not installed"
command -v callgrind_annotate > /dev/null || bad "callgrind_annotate is not installed"
sc=()
[ -z "$scenario" ] || sc=("$scenario")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for which in old new; do
  bin=$old
  [ "$which" = new ] && bin=$new
  echo "callgrind: $which ($paths paths, one thread)" >&2
  valgrind --tool=callgrind --callgrind-out-file="$work/$which.cg" \
    "$bin" run "${sc[@]}" --paths "$paths" --threads 1 --quiet --no-charts \
    --out "$work/$which-out" > "$work/$which.log" 2>&1 \
    || { cat "$work/$which.log" >&2; echo "count_instructions.sh: the $which run failed" >&2; exit 1; }
  callgrind_annotate --threshold=100 --auto=no "$work/$which.cg" > "$work/$which.txt"
  # Path-steps: paths × steps, from the run's own summary.
  steps=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["steps"])' \
    "$work/$which-out/summary.json" 2> /dev/null || echo "")
  echo "$steps" > "$work/$which.steps"
done
python3 - "$work" "$paths" <<'PY'
import re, sys
work, paths = sys.argv[1], int(sys.argv[2])
PARTS = [
    ("sampler", ("engine::arch::normals", "engine::ziggurat", "engine::rng", "engine::sample", "rand::", "rand_core::", "rngs::")),
    ("cells", ("engine::arch::cells", "engine::arch::step_cells", "engine::arch::exp")),
    ("model step", ("CulturalExport::step", "CulturalExport as softpower::engine::model::Model>::step")),
    ("aggregation", ("stats::", "engine::summary", "as softpower::engine::model::Model>::record", "slice::sort")),
]
def parts(name):
    text = open(f"{work}/{name}.txt").read()
    total, got = None, {p: 0 for p, _ in PARTS}
    got["other"] = 0
    for line in text.splitlines():
        if "PROGRAM TOTALS" in line:
            total = int(line.split()[0].replace(",", ""))
            continue
        m = re.match(r"^\s*([\d,]+) \(\s*[\d.]+%\)\s+\S+?:(.*?)(\s+\[.*\])?$", line)
        if not m:
            continue
        ir, func = int(m.group(1).replace(",", "")), m.group(2)
        part = next((p for p, keys in PARTS if any(k in func for k in keys)), "other")
        got[part] += ir
    if total is None:
        sys.exit(f"count_instructions.sh: no totals in the {name} profile")
    got["total"] = total
    return got
steps = {}
for name in ("old", "new"):
    s = open(f"{work}/{name}.steps").read().strip()
    if not s:
        sys.exit(f"count_instructions.sh: the {name} run wrote no summary.json with its steps")
    steps[name] = int(s)
if steps["old"] != steps["new"]:
    sys.exit(f"count_instructions.sh: the two runs have different steps ({steps['old']}, {steps['new']})")
ps = paths * steps["new"]
old, new = parts("old"), parts("new")
print(f"instructions per path-step ({paths} paths x {steps['new']} steps, one thread)")
print(f"{'part':<12} {'old':>10} {'new':>10} {'new/old':>8}")
for p in [p for p, _ in PARTS] + ["other", "total"]:
    a, b = old[p] / ps, new[p] / ps
    ratio = f"{b / a:8.3f}" if a else f"{'-':>8}"
    print(f"{p:<12} {a:10.1f} {b:10.1f} {ratio}")
PY
