#!/usr/bin/env bash
# Benchmark two builds of softpower side by side, in one run, against the numpy reference.
#
#   scripts/bench_versions.sh OLD_BINARY NEW_BINARY [ROUNDS] [PATHS]
#
# Runs `softpower bench --paths PATHS --json` of the two binaries alternately, ROUNDS times
# each (default 3, 20 000 paths), and the numpy reference (benches/numpy/reference.py, one
# core: OMP_NUM_THREADS=1) between them, then prints the best figure of each metric for each
# binary, their ratio, and each engine's two-thread throughput over numpy's. Build an older
# version with, for example:
#
#   git worktree add --detach /tmp/softpower-old 7ff4753   # 0.7.0, or any commit
#   (cd /tmp/softpower-old && cargo build --release)
#
# Everything is measured on this machine in this run; nothing is compared with stored figures.
set -euo pipefail
usage="usage: bench_versions.sh OLD_BINARY NEW_BINARY [ROUNDS] [PATHS]"
if [ "${1:-}" = -h ] || [ "${1:-}" = --help ]; then
  sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
  exit 0
fi
bad() { echo "bench_versions.sh: $1" >&2; echo "$usage" >&2; exit 2; }
[ $# -ge 2 ] && [ $# -le 4 ] || bad "expected 2 to 4 arguments, got $#"
old=$1
new=$2
rounds=${3:-3}
paths=${4:-20000}
for b in "$old" "$new"; do
  [ -x "$b" ] || bad "$b is not an executable file"
done
[[ $rounds =~ ^[1-9][0-9]*$ ]] || bad "ROUNDS must be a positive integer, not '$rounds'"
[[ $paths =~ ^[1-9][0-9]*$ ]] || bad "PATHS must be a positive integer, not '$paths'"
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
numpy_paths=$(( paths < 10000 ? paths : 10000 ))
for r in $(seq 1 "$rounds"); do
  echo "round $r/$rounds: old" >&2
  "$old" bench --paths "$paths" --repeat 1 --json "$work/old-$r.json" > "$work/old-$r.txt"
  echo "round $r/$rounds: numpy ($numpy_paths paths, one core)" >&2
  OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 \
    python3 "$here/benches/numpy/reference.py" --paths "$numpy_paths" > "$work/numpy-$r.txt"
  echo "round $r/$rounds: new" >&2
  "$new" bench --paths "$paths" --repeat 1 --json "$work/new-$r.json" > "$work/new-$r.txt"
done
echo "== the new binary's last text report"
cat "$work/new-$rounds.txt"
python3 - "$work" "$rounds" <<'PY'
import json, re, sys
work, rounds = sys.argv[1], int(sys.argv[2])
def best(kind):
    out = {}
    for r in range(1, rounds + 1):
        for m in json.load(open(f"{work}/{kind}-{r}.json")):
            out[m["name"]] = max(out.get(m["name"], float("-inf")), m["value"])
    return out
old, new = best("old"), best("new")
numpy = max(
    float(re.search(r"throughput\s+([\d,]+) path-steps/s", open(f"{work}/numpy-{r}.txt").read())
          .group(1).replace(",", ""))
    for r in range(1, rounds + 1))
print(f"== best of {rounds} rounds each (every value bigger-is-better)")
print(f"{'metric':<40} {'old':>12} {'new':>12} {'new/old':>8}")
for name in list(dict.fromkeys(list(old) + list(new))):
    o, n = old.get(name), new.get(name)
    fmt = lambda v: "—" if v is None else f"{v:.4g}"
    ratio = f"{n / o:.3f}" if o and n else "—"
    print(f"{name:<40} {fmt(o):>12} {fmt(n):>12} {ratio:>8}")
print(f"numpy reference, one core: {numpy:.4g} path-steps/s")
for kind, d in (("old", old), ("new", new)):
    e = d["engine_path_steps_per_s"]
    print(f"{kind}: engine on {'all'} threads / numpy = {e / numpy:.2f}; "
          f"one thread: {1e9 / d['single_thread_path_steps_per_s']:.0f} ns per path-step")
PY
