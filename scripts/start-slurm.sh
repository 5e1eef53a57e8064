#!/usr/bin/env bash
# Starts a single-node Slurm on this machine (Debian's slurm-wlm + munge) for the cluster integration test and the
# cluster benchmark: this host is the controller and the only node, root runs both daemons, no cgroups and no
# accounting database. Idempotent: when the node already answers in sinfo, it only reports that and exits.
#
#   sudo scripts/start-slurm.sh            # as root; installs nothing (CI installs the packages, see .ci/run)
#   scripts/start-slurm.sh --stop          # stops the daemons this script started
#
# Files: /etc/slurm/slurm.conf (written only when absent or written by this script before), /var/spool/slurm*,
# /var/log/slurm/. Never touches a slurm.conf someone else wrote.
set -euo pipefail

CONF=/etc/slurm/slurm.conf
MARK='# written by plasticity-lab scripts/start-slurm.sh'

if [ "${1:-}" = "--stop" ]; then
  for pidfile in /run/slurmd.pid /run/slurmctld.pid; do
    if [ -s "$pidfile" ]; then kill "$(cat "$pidfile")" 2>/dev/null || true; fi
  done
  exit 0
fi

if [ "$(id -u)" != 0 ]; then
  echo "start-slurm.sh: must run as root (it starts munged, slurmctld and slurmd)" >&2
  exit 1
fi
for tool in munged slurmctld slurmd sinfo; do
  command -v "$tool" >/dev/null || { echo "start-slurm.sh: $tool not found (apt-get install slurm-wlm munge)" >&2; exit 1; }
done

node_idle() { sinfo -h -N -o '%t' 2>/dev/null | grep -Eq '^(idle|mix|alloc)'; }
if node_idle; then
  echo "slurm: already running ($(sinfo -h -N -o '%N %t' | head -1))"
  exit 0
fi

# munge: a key readable only by the munge user, and the daemon.
if [ ! -s /etc/munge/munge.key ]; then
  mkdir -p /etc/munge
  dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none
fi
mkdir -p /run/munge /var/lib/munge /var/log/munge
chown -R munge:munge /etc/munge /run/munge /var/lib/munge /var/log/munge
chmod 0700 /etc/munge
chmod 0400 /etc/munge/munge.key
chmod 0755 /run/munge
if ! pgrep -x munged >/dev/null; then
  runuser -u munge -- munged
fi

host=$(hostname -s)
cpus=$(nproc)
# Leave a little memory to the system; Slurm refuses a node that reports less than RealMemory. Controller and node
# talk over the loopback address, so a container whose host name does not resolve works too.
mem_mb=$(awk '/MemTotal/ { printf "%d", $2 / 1024 * 0.9 }' /proc/meminfo)

if [ -e "$CONF" ] && ! grep -qF "$MARK" "$CONF"; then
  echo "start-slurm.sh: $CONF exists and was not written by this script; leaving it alone" >&2
else
  mkdir -p /etc/slurm
  cat >"$CONF" <<EOF
$MARK
ClusterName=plasticity
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
fi
mkdir -p /var/spool/slurmctld /var/spool/slurmd /var/log/slurm

pgrep -x slurmctld >/dev/null || slurmctld
pgrep -x slurmd >/dev/null || slurmd

for _ in $(seq 1 60); do
  if node_idle; then
    echo "slurm: node $host idle ($cpus CPUs)"
    exit 0
  fi
  # A node that was down when the controller last ran comes back through an explicit resume.
  if sinfo -h -N -o '%t' 2>/dev/null | grep -Eq '^(down|drain)'; then
    scontrol update nodename="$host" state=resume 2>/dev/null || true
  fi
  sleep 1
done
echo "start-slurm.sh: the node did not become idle within 60 s" >&2
sinfo -N -l >&2 || true
tail -n 20 /var/log/slurm/slurmctld.log /var/log/slurm/slurmd.log >&2 || true
exit 1
