#!/usr/bin/env bash
# Run the three fuzz targets for SECONDS each (default 600) from the seeds and the kept findings, one
# after the other, and print libFuzzer's final statistics. A new finding stops the run with its
# input in fuzz/artifacts/<target>/ (add it to fuzz/regressions/, fix it, and rerun).
# Needs a nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz --locked`).
#   usage: scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
for target in load_validate load_simulate overrides_simulate; do
    corpus="fuzz/corpus/$target"
    seeds=fuzz/seeds
    [ "$target" = overrides_simulate ] && seeds=fuzz/seeds_overrides
    mkdir -p "$corpus"
    echo "== fuzz $target for ${seconds} s"
    # -s none: no sanitizer (the crates are safe Rust but for the SIMD kernels, which the
    # portable-path tests cover); -a: debug assertions on, so overflow and bounds checks fire.
    log="fuzz/$target.log"
    status=0
    cargo +nightly fuzz run -s none -a "$target" "$corpus" "$seeds" fuzz/regressions -- \
        -dict=fuzz/scenario.dict -max_total_time="$seconds" -max_len=16384 -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 >"$log" 2>&1 || status=$?
    grep -E '^(stat::|Done)|INITED|panicked|ERROR|SUMMARY|Test unit written' "$log" || true
    if [ "$status" -ne 0 ]; then
        tail -n 40 "$log" >&2
        echo "fuzz $target failed (exit $status); a finding's input is in fuzz/artifacts/$target/" >&2
        exit 1
    fi
done
