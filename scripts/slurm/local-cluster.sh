#!/usr/bin/env bash
# A single-node Slurm cluster for tests and CI: slurmctld and slurmd on this machine, as root,
# without systemd, with every spool, state, log and pid file under STATE_DIR.
#
#   scripts/slurm/local-cluster.sh start  STATE_DIR   # install if missing, start, wait until idle
#   scripts/slurm/local-cluster.sh status STATE_DIR   # exit 0 when the cluster answers and the node is up
#   scripts/slurm/local-cluster.sh stop   STATE_DIR   # stop exactly the daemons that start started
#
# Slurm's commands find this cluster through SLURM_CONF: after `start`, run
#   export SLURM_CONF=STATE_DIR/slurm.conf
# (start prints the line, and writes it to STATE_DIR/env for `source`).
#
# The cluster is named softpower-local and listens on 127.0.0.1, ports 16817 (slurmctld) and
# 16818 (slurmd) unless SOFTPOWER_SLURMCTLD_PORT / SOFTPOWER_SLURMD_PORT say otherwise, so that
# it does not collide with a Slurm already installed on the default ports. munged is shared:
# the one already running is used, and one is started only when none answers. `stop` kills
# only the pids recorded in STATE_DIR/started.pids by `start` (checking each one's program
# name first), never a daemon it did not start. Start waits SOFTPOWER_SLURM_START_TIMEOUT
# seconds (default 60) for the node to become idle.
set -euo pipefail

CLUSTER_NAME=softpower-local
CTLD_PORT=${SOFTPOWER_SLURMCTLD_PORT:-16817}
SLURMD_PORT=${SOFTPOWER_SLURMD_PORT:-16818}
START_TIMEOUT=${SOFTPOWER_SLURM_START_TIMEOUT:-60}
export PATH="$PATH:/usr/sbin:/sbin"

usage() {
    echo "usage: $0 start|stop|status STATE_DIR" >&2
    exit 2
}

[ $# -eq 2 ] || usage
action=$1
case $action in start | stop | status) ;; *) usage ;; esac
mkdir -p "$2"
state=$(cd "$2" && pwd -P)
conf=$state/slurm.conf
pids_file=$state/started.pids
export SLURM_CONF=$conf
node=$(hostname -s)

log() { echo "local-cluster: $*" >&2; }
die() {
    log "error: $*"
    exit 1
}

# starttime PID: the process's start time in clock ticks since boot (field 22 of /proc/PID/stat),
# recorded with the pid so that a recycled pid is never taken for one of ours.
starttime() {
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    stat=${stat##*) }
    # shellcheck disable=SC2086
    set -- $stat
    echo "${20}"
}

# alive NAME PID [START]: PID runs, its program is NAME and (when given) it started at START.
alive() {
    [ -r "/proc/$2/comm" ] && [ "$(cat "/proc/$2/comm" 2>/dev/null)" = "$1" ] || return 1
    [ -z "${3:-}" ] || [ "$(starttime "$2")" = "$3" ]
}

# recorded NAME: the pid start recorded for NAME, if that very process still runs.
recorded() {
    local name pid start
    [ -f "$pids_file" ] || return 1
    while read -r name pid start; do
        if [ "$name" = "$1" ] && alive "$name" "$pid" "$start"; then
            echo "$pid"
            return 0
        fi
    done <"$pids_file"
    return 1
}

record() { echo "$1 $2 $(starttime "$2")" >>"$pids_file"; }

# prune: forget recorded daemons that are gone.
prune() {
    local name pid start kept=
    [ -f "$pids_file" ] || return 0
    while read -r name pid start; do
        alive "$name" "$pid" "$start" && kept+="$name $pid $start"$'\n'
    done <"$pids_file"
    printf '%s' "$kept" >"$pids_file"
}

show_logs() {
    local f
    for f in "$state"/log/slurmctld.log "$state"/log/slurmd.log; do
        [ -f "$f" ] || continue
        echo "---- last lines of $f" >&2
        tail -n 40 "$f" >&2
    done
}

do_stop() {
    local name n pid start i remaining=() entry
    if [ ! -f "$pids_file" ]; then
        log "nothing recorded in $state: no daemon of ours to stop"
        return 0
    fi
    # slurmd first, then slurmctld, then munged (if we started it): reverse order of start.
    for name in slurmd slurmctld munged; do
        while read -r n pid start; do
            [ "$n" = "$name" ] || continue
            if alive "$name" "$pid" "$start"; then
                kill -TERM "$pid" 2>/dev/null || true
                remaining+=("$name:$pid")
            fi
        done <"$pids_file"
    done
    for ((i = 0; i < 100; i++)); do
        local left=()
        for entry in "${remaining[@]+"${remaining[@]}"}"; do
            alive "${entry%%:*}" "${entry#*:}" && left+=("$entry")
        done
        remaining=("${left[@]+"${left[@]}"}")
        [ ${#remaining[@]} -eq 0 ] && break
        sleep 0.1
    done
    for entry in "${remaining[@]+"${remaining[@]}"}"; do
        log "${entry%%:*} (pid ${entry#*:}) ignored TERM for 10 s: KILL"
        kill -KILL "${entry#*:}" 2>/dev/null || true
    done
    rm -f "$pids_file"
    log "stopped the daemons started from $state"
}

do_status() {
    local name pid rc=0
    for name in munged slurmctld slurmd; do
        if pid=$(recorded "$name"); then
            echo "$name: running, pid $pid (started by this script)"
        else
            echo "$name: not started by this script (or stopped)"
        fi
    done
    if [ -f "$conf" ] && scontrol ping 2>/dev/null | grep -q UP; then
        echo "slurmctld: UP ($conf)"
        sinfo -h -N -o "node %N: %T" 2>/dev/null || rc=1
    else
        echo "slurmctld: not answering"
        rc=1
    fi
    return $rc
}

install_packages() {
    local missing=() cmd
    for cmd in slurmctld slurmd sbatch munged; do
        command -v "$cmd" >/dev/null 2>&1 || missing+=("$cmd")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    log "installing slurmctld slurmd slurm-client munge (missing: ${missing[*]})"
    [ "$(id -u)" -eq 0 ] || die "not root: install slurmctld slurmd slurm-client munge first"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        slurmctld slurmd slurm-client munge >/dev/null
}

munge_works() { munge -n 2>/dev/null | unmunge >/dev/null 2>&1; }

ensure_munge() {
    local key=/etc/munge/munge.key pid i
    if munge_works; then
        return 0
    fi
    if [ ! -f "$key" ]; then
        log "creating $key"
        mkdir -p /etc/munge
        mungekey --create --keyfile="$key"
        chown munge:munge "$key"
        chmod 0400 "$key"
    fi
    mkdir -p /run/munge /var/lib/munge /var/log/munge
    chown munge:munge /run/munge /var/lib/munge /var/log/munge
    chmod 0755 /run/munge
    log "no munged answers: starting one"
    runuser -u munge -- munged || die "munged did not start (see /var/log/munge/munged.log)"
    for ((i = 0; i < 50; i++)); do
        munge_works && break
        sleep 0.1
    done
    munge_works || die "munged started but munge -n | unmunge fails"
    pid=$(cat /run/munge/munged.pid 2>/dev/null || true)
    if [ -n "$pid" ] && alive munged "$pid"; then
        record munged "$pid"
    else
        log "warning: could not read the new munged's pid; stop will leave it running"
    fi
}

port_in_use() { (: <"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

write_conf() {
    local hw mem lowered
    hw=$(slurmd -C | grep '^NodeName=' | head -n 1) || die "slurmd -C printed no NodeName line"
    hw=${hw#NodeName=* }
    mem=$(sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p' <<<"$hw")
    if [ -n "$mem" ]; then
        lowered=$((mem * 95 / 100))
        hw=${hw/RealMemory=$mem/RealMemory=$lowered}
    fi
    mkdir -p "$state"/ctld "$state"/slurmd "$state"/log "$state"/run
    cat >"$conf" <<EOF
# Written by local-cluster.sh: a single-node cluster whose files all lie under $state.
ClusterName=$CLUSTER_NAME
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/slurmd
SlurmctldPidFile=$state/run/slurmctld.pid
SlurmdPidFile=$state/run/slurmd.pid
SlurmctldLogFile=$state/log/slurmctld.log
SlurmdLogFile=$state/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
NodeName=$node NodeAddr=127.0.0.1 $hw State=UNKNOWN
PartitionName=local Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
    echo "export SLURM_CONF=$conf" >"$state/env"
}

# start_daemon NAME ARGS...: start a daemonizing Slurm daemon and record the pid from its pid file.
start_daemon() {
    local name=$1 pidf=$state/run/$1.pid pid i
    shift
    rm -f "$pidf"
    "$name" "$@" || {
        show_logs
        die "$name exited with an error at start"
    }
    for ((i = 0; i < 100; i++)); do
        pid=$(cat "$pidf" 2>/dev/null || true)
        if [ -n "$pid" ] && alive "$name" "$pid"; then
            record "$name" "$pid"
            return 0
        fi
        sleep 0.1
    done
    show_logs
    die "$name wrote no pid file ($pidf) within 10 s"
}

node_state() { sinfo -h -n "$node" -o %T 2>/dev/null | head -n 1; }

do_start() {
    local t0 pid st deadline resumed=0
    t0=$(date +%s.%N)
    prune
    if recorded slurmctld >/dev/null && recorded slurmd >/dev/null; then
        log "already running from $state"
    else
        install_packages
        ensure_munge
    fi
    if ! recorded slurmctld >/dev/null; then
        port_in_use "$CTLD_PORT" && die "port $CTLD_PORT is in use (another slurmctld?); set SOFTPOWER_SLURMCTLD_PORT"
        write_conf
        start_daemon slurmctld -f "$conf"
    fi
    if ! recorded slurmd >/dev/null; then
        port_in_use "$SLURMD_PORT" && die "port $SLURMD_PORT is in use (another slurmd?); set SOFTPOWER_SLURMD_PORT"
        start_daemon slurmd -f "$conf" -N "$node"
    fi
    deadline=$(($(date +%s) + START_TIMEOUT))
    while :; do
        for name in slurmctld slurmd; do
            if ! recorded "$name" >/dev/null; then
                show_logs
                do_stop
                die "$name died during start"
            fi
        done
        if scontrol ping 2>/dev/null | grep -q UP; then
            st=$(node_state)
            case $st in
                idle) break ;;
                down | drained | draining | fail)
                    if [ $resumed -eq 0 ]; then
                        log "node $node came up $st: resuming it"
                        scontrol update nodename="$node" state=resume || true
                        resumed=1
                    fi
                    ;;
            esac
        fi
        if [ "$(date +%s)" -ge "$deadline" ]; then
            log "the node did not become idle within $START_TIMEOUT s (state: ${st:-unknown})"
            scontrol ping >&2 || true
            scontrol show node "$node" >&2 || true
            show_logs
            do_stop
            die "cluster start timed out"
        fi
        sleep 0.2
    done
    log "up in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s; node $node idle"
    echo "export SLURM_CONF=$conf"
}

case $action in
    start) do_start ;;
    stop) do_stop ;;
    status) do_status ;;
esac
