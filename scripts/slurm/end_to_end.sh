#!/usr/bin/env bash
# The real-Slurm test: starts a single-node cluster (local-cluster.sh), runs
# scenarios/export_push.toml in 3 shards through submit.sh, waits for the array and merge jobs,
# runs the same job on one machine and checks that summary.csv is byte-identical and that
# summary.json differs only in run-describing fields. Exit 0 on success.
#
#   SOFTPOWER=target/release/softpower bash scripts/slurm/end_to_end.sh
#
# SOFTPOWER defaults to target/release/softpower (relative to the repository root).
# SOFTPOWER_E2E_TIMEOUT (default 600) bounds the wait for the jobs, in seconds.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd -P)
root=$(cd "$here/../.." && pwd -P)
cd "$root"

scenario=scenarios/export_push.toml
shards=3
paths=20000
timeout=${SOFTPOWER_E2E_TIMEOUT:-600}

say() { echo "end_to_end: $*"; }
fail() {
    say "FAILED: $*" >&2
    exit 1
}
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

bin=${SOFTPOWER:-target/release/softpower}
[[ $bin == /* ]] || bin=$root/$bin
[ -x "$bin" ] && [ -f "$bin" ] || fail "no softpower binary at $bin (cargo build --release, or set SOFTPOWER)"
export SOFTPOWER=$bin

work=$(mktemp -d -t softpower-slurm-e2e.XXXXXX)
state=$work/cluster
ok=0
job_ids=()

cleanup() {
    local id
    if [ -f "$state/slurm.conf" ]; then
        for id in "${job_ids[@]+"${job_ids[@]}"}"; do
            SLURM_CONF=$state/slurm.conf scancel "$id" >/dev/null 2>&1 || true
        done
    fi
    bash "$here/local-cluster.sh" stop "$state" 2>/dev/null || say "warning: local-cluster.sh stop failed" >&2
    if [ $ok -eq 1 ]; then
        rm -rf "$work"
    else
        say "files kept in $work" >&2
    fi
}
trap cleanup EXIT

diagnose() {
    local id f
    echo "---- diagnostics" >&2
    for id in "${job_ids[@]+"${job_ids[@]}"}"; do
        scontrol show job "$id" 2>&1 | grep -E 'JobId=|JobState=|Reason=|ExitCode=|Dependency=|RunTime=' >&2 || true
    done
    squeue >&2 2>&1 || true
    sinfo -N >&2 2>&1 || true
    for f in "$work"/sharded/logs/*; do
        [ -f "$f" ] || continue
        echo "---- $f" >&2
        tail -n 30 "$f" >&2
    done
    for f in "$state"/log/slurmctld.log "$state"/log/slurmd.log; do
        [ -f "$f" ] || continue
        echo "---- last lines of $f" >&2
        tail -n 20 "$f" >&2
    done
}

# in_queue ID: the job (or a task of the array) is still pending or running.
in_queue() {
    local out
    if out=$(squeue -h -j "$1" -o %i 2>&1); then
        [ -n "$out" ]
    else
        # A job purged from slurmctld's memory is "Invalid job id"; anything else: ask again.
        ! grep -qi 'invalid job id' <<<"$out"
    fi
}

# all_completed ID EXPECTED: scontrol shows EXPECTED records for ID (array tasks) all COMPLETED.
all_completed() {
    local states
    states=$(scontrol -o show job "$1" 2>/dev/null | grep -o 'JobState=[A-Z_]*') || return 1
    [ "$(grep -c . <<<"$states")" -eq "$2" ] && ! grep -qv 'JobState=COMPLETED' <<<"$states"
}

t_start=$(now)
cluster_log=$work/local-cluster.log
bash "$here/local-cluster.sh" start "$state" >"$cluster_log" 2>&1 || {
    cat "$cluster_log" >&2
    fail "the local Slurm cluster did not start"
}
export SLURM_CONF=$state/slurm.conf
t_up=$(now)
say "local Slurm cluster up in $(secs "$t_start" "$t_up") s"

t_submit=$(now)
submit_out=$(bash "$here/submit.sh" "$scenario" --shards "$shards" --out "$work/sharded" -- --paths "$paths") \
    || fail "submit.sh failed"
array_id=$(awk '$1 == "array" && $2 == "job" { print $3 }' <<<"$submit_out")
merge_id=$(tail -n 1 <<<"$submit_out")
[[ $array_id =~ ^[0-9]+$ ]] || fail "no 'array job <id>' line in submit.sh's output: $submit_out"
[[ $merge_id =~ ^[0-9]+$ ]] || fail "the last line of submit.sh's output is not a job id: $submit_out"
job_ids=("$array_id" "$merge_id")
say "array job $array_id ($shards shards of $scenario, --paths $paths), merge job $merge_id"

deadline=$(($(date +%s) + timeout))
t_array= t_merge=
while :; do
    if [ -z "$t_array" ] && ! in_queue "$array_id"; then
        t_array=$(now)
        # Checked now, while slurmctld still remembers the tasks (MinJobAge).
        all_completed "$array_id" "$shards" || {
            diagnose
            fail "array job $array_id: not all $shards tasks COMPLETED"
        }
    fi
    if [ -n "$t_array" ] && ! in_queue "$merge_id"; then
        t_merge=$(now)
        break
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
        diagnose
        fail "the jobs were still queued after $timeout s"
    fi
    sleep 0.5
done
all_completed "$merge_id" 1 || {
    diagnose
    fail "merge job $merge_id did not complete"
}
result=$work/sharded/result
for f in summary.csv summary.json report.html; do
    [ -s "$result/$f" ] || {
        diagnose
        fail "the merge job wrote no $result/$f"
    }
done

say "partials: $(stat -c %s "$work"/sharded/partials/*.part |
    awk '{ s += $1; l = l (NR > 1 ? " + " : "") $1 } END { print NR " files, " l " = " s " bytes" }')"

t_single0=$(now)
# The same file as the shards read (submit.sh passes it by absolute path, which summary.json
# records as scenario_file).
"$bin" run "$(cd "$(dirname "$scenario")" && pwd -P)/$(basename "$scenario")" --paths "$paths" \
    --out "$work/single" --quiet --force || fail "the single-machine run failed"
t_single1=$(now)

cmp "$work/single/summary.csv" "$result/summary.csv" || fail "summary.csv differs between the sharded and the single run"
say "summary.csv: byte-identical to the single run ($(stat -c %s "$result/summary.csv") bytes)"

# summary.json: identical once the fields that describe the run rather than its results are gone.
normalize() {
    if command -v python3 >/dev/null 2>&1; then
        python3 - "$1" <<'EOF'
import json, sys
RUN = {"elapsed_s", "path_steps_per_s", "threads", "pieces"}
def strip(v):
    if isinstance(v, dict):
        # An object that held only run-describing fields goes too (e.g. {"shards": 3}).
        return {k: strip(x) for k, x in v.items()
                if k not in RUN and not (isinstance(x, dict) and x and strip(x) == {})}
    if isinstance(v, list):
        return [strip(x) for x in v]
    return v
print(json.dumps(strip(json.load(open(sys.argv[1]))), indent=1, sort_keys=True))
EOF
    else
        jq -S 'walk(if type == "object" then del(.elapsed_s, .path_steps_per_s, .threads, .pieces)
            | with_entries(select(.value != {})) else . end)' "$1"
    fi
}
normalize "$work/single/summary.json" >"$work/single.json.norm"
normalize "$result/summary.json" >"$work/sharded.json.norm"
if ! cmp -s "$work/single.json.norm" "$work/sharded.json.norm"; then
    diff -u "$work/single.json.norm" "$work/sharded.json.norm" | head -n 40 >&2
    fail "summary.json differs beyond elapsed_s, path_steps_per_s, threads, shards, shard"
fi
say "summary.json: identical to the single run's except elapsed_s, path_steps_per_s, threads, pieces"

t_end=$(now)
say "timings: daemon start $(secs "$t_start" "$t_up") s, array job $(secs "$t_submit" "$t_array") s" \
    "(submit to all tasks done), merge job $(secs "$t_array" "$t_merge") s," \
    "single-machine run $(secs "$t_single0" "$t_single1") s, total $(secs "$t_start" "$t_end") s"
ok=1
say "OK"
