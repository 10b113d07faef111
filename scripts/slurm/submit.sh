#!/usr/bin/env bash
# Run a softpower job in N shards on Slurm and merge them: an array job of N tasks, each running
# `softpower run SCENARIO --shard-from-env --partial DIR/partials/shard-<task>.part` (or
# `explore` / `sensitivity` with --command), then a merge job, held until every task has
# succeeded, writing the output set to DIR/result.
#
#   scripts/slurm/submit.sh SCENARIO --shards N --out DIR [--command C] [--partition P] [--time T]
#                           [--cpus-per-task C] [--sbatch-arg ARG]... [--force]
#                           [-- EXTRA SOFTPOWER RUN ARGS]
#
# The binary is $SOFTPOWER if set, else `softpower` on PATH, resolved to an absolute path now so
# that the jobs find it. Prints `array job <id>`, then `merge job <id>`, and the merge job's id
# alone on the last line of stdout. See docs/cluster.md.
set -euo pipefail

usage() {
    cat >&2 <<'EOF'
usage: submit.sh SCENARIO --shards N --out DIR [--command C] [--partition P] [--time T]
                 [--cpus-per-task C] [--sbatch-arg ARG]... [--force] [-- EXTRA SOFTPOWER RUN ARGS]

  SCENARIO           the scenario file, as for `softpower run`
  --shards N         split the job into N shards: an array job of N tasks (N >= 1)
  --out DIR          DIR/partials/shard-<i>.part, DIR/logs/, DIR/result/ (the merged output set)
  --command C        what each shard runs: run (default), explore or sensitivity (a study's
                     shards split its design rows)
  --partition P      sbatch --partition for both jobs
  --time T           sbatch --time for both jobs (e.g. 30:00)
  --cpus-per-task C  sbatch --cpus-per-task; each shard then runs with --threads C
                     (unless the extra args give --threads)
  --sbatch-arg ARG   any other sbatch option for both jobs (repeatable), e.g. --sbatch-arg=--mem=4G
  --force            replace partials left in DIR/partials by an earlier submission
  -- ARGS...         passed to every shard's `softpower C` (e.g. -- --paths 200000)
EOF
    exit 2
}

bad() {
    echo "submit.sh: $*" >&2
    usage
}

scenario= shards= out= partition= time_limit= cpus= force=0 command=run
sbatch_extra=()
extra=()
while [ $# -gt 0 ]; do
    case $1 in
        --shards | --out | --command | --partition | --time | --cpus-per-task | --sbatch-arg)
            [ $# -ge 2 ] || bad "$1 needs a value"
            case $1 in
                --command) command=$2 ;;
                --shards) shards=$2 ;;
                --out) out=$2 ;;
                --partition) partition=$2 ;;
                --time) time_limit=$2 ;;
                --cpus-per-task) cpus=$2 ;;
                --sbatch-arg) sbatch_extra+=("$2") ;;
            esac
            shift 2
            ;;
        --shards=* | --out=* | --command=* | --partition=* | --time=* | --cpus-per-task=* | --sbatch-arg=*)
            value=${1#*=}
            case $1 in
                --command=*) command=$value ;;
                --shards=*) shards=$value ;;
                --out=*) out=$value ;;
                --partition=*) partition=$value ;;
                --time=*) time_limit=$value ;;
                --cpus-per-task=*) cpus=$value ;;
                --sbatch-arg=*) sbatch_extra+=("$value") ;;
            esac
            shift
            ;;
        --force) force=1 && shift ;;
        -h | --help) usage ;;
        --)
            shift
            extra=("$@")
            break
            ;;
        -*) bad "unknown option $1" ;;
        *)
            [ -z "$scenario" ] || bad "one scenario only (got '$scenario' and '$1')"
            scenario=$1
            shift
            ;;
    esac
done

[ -n "$scenario" ] || bad "no SCENARIO given"
[ -n "$shards" ] || bad "--shards N is required"
[ -n "$out" ] || bad "--out DIR is required"
[[ $shards =~ ^[1-9][0-9]*$ ]] || bad "--shards must be a whole number >= 1 (got '$shards')"
[ -z "$cpus" ] || [[ $cpus =~ ^[1-9][0-9]*$ ]] || bad "--cpus-per-task must be a whole number >= 1 (got '$cpus')"
[ -f "$scenario" ] || bad "scenario file '$scenario' not found"
case $command in run | explore | sensitivity) ;; *) bad "--command must be run, explore or sensitivity (got '$command')" ;; esac

die() {
    echo "submit.sh: $*" >&2
    exit 1
}

# The binary, as an absolute path: the jobs may start in another directory, with another PATH.
bin=${SOFTPOWER:-softpower}
if [[ $bin == */* ]]; then
    [ -x "$bin" ] || die "SOFTPOWER=$bin is not an executable file"
    bin=$(cd "$(dirname "$bin")" && pwd -P)/$(basename "$bin")
else
    resolved=$(command -v "$bin" 2>/dev/null) || die "'$bin' not found on PATH (set SOFTPOWER to the binary)"
    [[ $resolved == /* ]] || die "'$bin' is not an executable file on PATH"
    bin=$resolved
fi
command -v sbatch >/dev/null 2>&1 || die "sbatch not found: is this a Slurm submit host?"

scenario=$(cd "$(dirname "$scenario")" && pwd -P)/$(basename "$scenario")
mkdir -p "$out"
out=$(cd "$out" && pwd -P)
mkdir -p "$out/partials" "$out/logs"

shopt -s nullglob
stale=("$out"/partials/*.part)
shopt -u nullglob
if [ ${#stale[@]} -gt 0 ]; then
    [ $force -eq 1 ] || die "$out/partials already holds ${#stale[@]} partial(s) from an earlier submission: pass --force to replace them, or choose another --out"
    rm -f -- "${stale[@]}"
fi

# --threads C for each shard when --cpus-per-task C is given, unless the extra args set it.
run_args=("${extra[@]+"${extra[@]}"}")
if [ -n "$cpus" ]; then
    has_threads=0
    for a in "${run_args[@]+"${run_args[@]}"}"; do
        case $a in --threads | --threads=*) has_threads=1 ;; esac
    done
    [ $has_threads -eq 1 ] || run_args=(--threads "$cpus" "${run_args[@]+"${run_args[@]}"}")
fi

q() { printf '%q' "$1"; }
qall() {
    local a
    for a in "$@"; do printf ' %q' "$a"; done
}

# The batch scripts: written under DIR, so that what ran can be read (and rerun) afterwards.
shard_script=$out/shard.sbatch
cat >"$shard_script" <<EOF
#!/bin/bash
# Written by submit.sh: one shard of $shards (the array task's id is the shard index).
set -euo pipefail
exec $(q "$bin") $command $(q "$scenario") --shard-from-env \\
    --partial $(q "$out/partials")/shard-"\$SLURM_ARRAY_TASK_ID".part --quiet$(qall "${run_args[@]+"${run_args[@]}"}")
EOF

merge_script=$out/merge.sbatch
cat >"$merge_script" <<EOF
#!/bin/bash
# Written by submit.sh: merges the $shards partials into $(q "$out/result").
set -euo pipefail
shopt -s nullglob
parts=($(q "$out/partials")/*.part)
if [ \${#parts[@]} -ne $shards ]; then
    echo "merge: expected $shards partials in $(q "$out/partials"), found \${#parts[@]}" >&2
    exit 1
fi
exec $(q "$bin") merge "\${parts[@]}" --out $(q "$out/result") --quiet --force
EOF
chmod +x "$shard_script" "$merge_script"

common=()
[ -z "$partition" ] || common+=(--partition="$partition")
[ -z "$time_limit" ] || common+=(--time="$time_limit")
common+=("${sbatch_extra[@]+"${sbatch_extra[@]}"}")
name=softpower-$(basename "$scenario" .toml)

# sbatch --parsable prints "id" or "id;cluster".
job_id() {
    local id=${1%%;*}
    [[ $id =~ ^[0-9]+$ ]] || return 1
    echo "$id"
}

array_cpus=()
[ -z "$cpus" ] || array_cpus=(--cpus-per-task="$cpus")
array_out=$(sbatch --parsable --array=0-$((shards - 1)) --job-name="$name" \
    --output="$out/logs/shard-%a.out" "${array_cpus[@]+"${array_cpus[@]}"}" \
    "${common[@]+"${common[@]}"}" "$shard_script") || die "sbatch of the array job failed"
array_id=$(job_id "$array_out") || die "unexpected sbatch output for the array job: '$array_out'"
echo "array job $array_id"

merge_out=$(sbatch --parsable --dependency=afterok:"$array_id" --kill-on-invalid-dep=yes \
    --job-name="$name-merge" --output="$out/logs/merge.out" \
    "${common[@]+"${common[@]}"}" "$merge_script") || {
    scancel "$array_id" 2>/dev/null || true
    die "sbatch of the merge job failed (array job $array_id cancelled)"
}
merge_id=$(job_id "$merge_out") || {
    scancel "$array_id" 2>/dev/null || true
    die "unexpected sbatch output for the merge job: '$merge_out' (array job $array_id cancelled)"
}
echo "merge job $merge_id -> $out/result (logs in $out/logs)"
echo "$merge_id"
