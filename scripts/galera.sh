#!/usr/bin/env bash
# A throwaway three-node MariaDB Galera cluster on 127.0.0.1, for tests and benchmarks: Debian's galera-4
# provider, each node with its own ports and data folder under .loadline-db/galera/N, rsync state transfer.
# Node 1 bootstraps the cluster (--wsrep-new-cluster) and the others join. Under 300 MB of memory per node.
#   scripts/galera.sh start       install what is missing (Debian, as root), start the nodes that are down; prints the URL
#   scripts/galera.sh stop [N]    shut every node down (nothing is left running), or only node N
#   scripts/galera.sh status      wsrep_cluster_size and each node's wsrep_local_state_comment
#   scripts/galera.sh kill N      kill -9 node N (a crash, for failover tests)
#   scripts/galera.sh restart N   start node N again; it rejoins and catches up (IST or SST)
#   scripts/galera.sh url         mysql://loadline@127.0.0.1:P1,127.0.0.1:P2,127.0.0.1:P3/loadline
#   scripts/galera.sh password    the generated password (for MYSQL_PWD)
#   scripts/galera.sh sql N SQL   runs SQL as root on node N
# LOADLINE_GALERA_MAX_WS_ROWS sets wsrep_max_ws_rows on every node (0, no limit, by default).
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
DIR=${LOADLINE_GALERA_DIR:-$HERE/.loadline-db/galera}
NODES=(1 2 3)
# shellcheck source=scripts/loadline-user.sh
source "$HERE/scripts/loadline-user.sh"
PROVIDER=/usr/lib/galera/libgalera_smm.so

die() { echo "galera.sh: $*" >&2; exit 1; }
node_dir() { echo "$DIR/$1"; }
sock() { echo "$DIR/$1/mysqld.sock"; }
# Ports per node, chosen once: SQL, group communication, incremental state transfer, snapshot transfer.
port() { sed -n "$2p" "$DIR/$1/ports"; }
client() { local n=$1; shift; mariadb --no-defaults --protocol=socket --socket="$(sock "$n")" -uroot "$@"; }
running() { [ -S "$(sock "$1")" ] && mariadb-admin --no-defaults --protocol=socket --socket="$(sock "$1")" -uroot ping >/dev/null 2>&1; }
status_of() { client "$1" -N -e "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = '$2'" 2>/dev/null || true; }
synced() { running "$1" && [ "$(status_of "$1" WSREP_LOCAL_STATE_COMMENT)" = Synced ]; }
any_running() { for n in "${NODES[@]}"; do running "$n" && return 0; done; return 1; }

url() {
  local hosts=() n
  for n in "${NODES[@]}"; do hosts+=("127.0.0.1:$(port "$n" 1)"); done
  echo "mysql://$USER_NAME@$(IFS=,; echo "${hosts[*]}")/loadline"
}

install_missing() {
  local packages=()
  command -v mariadbd >/dev/null || packages+=(mariadb-server mariadb-client)
  [ -f "$PROVIDER" ] || packages+=(galera-4)
  command -v rsync >/dev/null || packages+=(rsync)
  # The rsync state transfer script waits for its daemon with ss (iproute2) and sends with socat or nc.
  command -v ss >/dev/null || packages+=(iproute2)
  [ ${#packages[@]} -eq 0 ] && return
  [ "$(id -u)" = 0 ] || die "missing ${packages[*]}; run: sudo apt-get install ${packages[*]}"
  echo "installing ${packages[*]} ..." >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
  service mariadb stop >/dev/null 2>&1 || true
}

free_ports() { python3 "$HERE/scripts/free-ports.py" 4; }

write_config() {
  local n=$1 d members=() m
  d=$(node_dir "$n")
  for m in "${NODES[@]}"; do members+=("127.0.0.1:$(port "$m" 2)"); done
  cat > "$d/my.cnf" <<CNF
[mysqld]
datadir=$d/data
socket=$d/mysqld.sock
pid-file=$d/mysqld.pid
log-error=$d/mysqld.err
port=$(port "$n" 1)
bind-address=127.0.0.1
skip-name-resolve
local_infile=ON
max_allowed_packet=64M
character-set-server=utf8mb4
collation-server=utf8mb4_unicode_ci
# Under 300 MB per node while loading, so that three fit beside the tests: a small buffer pool, redo log buffer
# and gcache, and none of the Aria page cache (128 MB by default) that an InnoDB-only node does not need.
innodb_buffer_pool_size=${LOADLINE_GALERA_BUFFER_POOL:-96M}
innodb_log_file_size=64M
innodb_log_buffer_size=8M
aria_pagecache_buffer_size=8M
key_buffer_size=8M
performance_schema=OFF
# What Galera requires.
binlog_format=ROW
default_storage_engine=InnoDB
innodb_autoinc_lock_mode=2
wsrep_on=ON
wsrep_provider=$PROVIDER
wsrep_cluster_name=loadline
wsrep_cluster_address=gcomm://$(IFS=,; echo "${members[*]}")
wsrep_node_name=node$n
wsrep_node_address=127.0.0.1:$(port "$n" 2)
wsrep_node_incoming_address=127.0.0.1:$(port "$n" 1)
wsrep_provider_options="gmcast.listen_addr=tcp://127.0.0.1:$(port "$n" 2);ist.recv_addr=127.0.0.1:$(port "$n" 3);gcache.size=32M"
wsrep_sst_method=rsync
wsrep_sst_receive_address=127.0.0.1:$(port "$n" 4)
wsrep_max_ws_rows=${LOADLINE_GALERA_MAX_WS_ROWS:-0}
wsrep_slave_threads=2
CNF
}

OWNER=()
prepare() {
  local n # bash scopes dynamically: a bare loop variable here would change the caller's n
  mkdir -p "$DIR"
  for n in "${NODES[@]}"; do
    mkdir -p "$DIR/$n/data"
    [ -f "$DIR/$n/ports" ] || free_ports > "$DIR/$n/ports"
  done
  for n in "${NODES[@]}"; do write_config "$n"; done
  # As root, mariadbd (and the rsync transfer it starts) runs as the mysql user when it can reach DIR.
  if [ "$(id -u)" = 0 ]; then
    chown -R mysql "$DIR"; chmod 711 "$HERE/.loadline-db" "$DIR"
    if runuser -u mysql -- test -w "$DIR" 2>/dev/null; then OWNER=(--user=mysql); else OWNER=(--user=root); chown -R root "$DIR"; fi
  fi
}

launch() { # N [extra mariadbd flags]
  local n=$1; shift
  rm -f "$(sock "$n")"
  nohup mariadbd --defaults-file="$DIR/$n/my.cnf" "${OWNER[@]}" "$@" >/dev/null 2>&1 &
  echo $! > "$DIR/$n/launched.pid"
}

wait_synced() {
  local n=$1 pid
  pid=$(cat "$DIR/$n/launched.pid" 2>/dev/null || true)
  for _ in $(seq 1 480); do
    synced "$n" && return 0
    # A node that exits (a bad config, a refused state transfer) fails at once, with its log.
    [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null && break
    sleep 0.25
  done
  tail -30 "$DIR/$n/mysqld.err" >&2
  die "node $n did not reach Synced"
}

start() {
  local n
  install_missing
  prepare
  if ! any_running; then
    # A fresh cluster from node 1, whatever the last shutdown left in grastate.dat (this data is throwaway).
    if [ ! -d "$DIR/1/data/mysql" ]; then
      mariadb-install-db --defaults-file="$DIR/1/my.cnf" "${OWNER[@]}" --auth-root-authentication-method=socket --skip-test-db >"$DIR/1/install.log" 2>&1 \
        || { cat "$DIR/1/install.log" >&2; die "mariadb-install-db failed"; }
    fi
    [ -f "$DIR/1/data/grastate.dat" ] && sed -i 's/^safe_to_bootstrap: 0/safe_to_bootstrap: 1/' "$DIR/1/data/grastate.dat"
    launch 1 --wsrep-new-cluster
    wait_synced 1
  fi
  for n in "${NODES[@]}"; do
    running "$n" || launch "$n"
  done
  for n in "${NODES[@]}"; do wait_synced "$n"; done
  loadline_user_sql "$DIR" | client 1
  url
}

pid_of() { cat "$DIR/$1/mysqld.pid" 2>/dev/null || cat "$DIR/$1/launched.pid" 2>/dev/null || true; }

stop() {
  [ -d "$DIR" ] || return 0
  local pids=() n pid
  for n in 3 2 1; do
    pid=$(pid_of "$n")
    if running "$n"; then mariadb-admin --no-defaults --protocol=socket --socket="$(sock "$n")" -uroot shutdown >/dev/null 2>&1 || true; fi
    [ -n "$pid" ] && pids+=("$pid")
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null || true
  done
}

stop_node() {
  local pid; pid=$(pid_of "$1")
  running "$1" && mariadb-admin --no-defaults --protocol=socket --socket="$(sock "$1")" -uroot shutdown >/dev/null 2>&1
  [ -n "$pid" ] || return 0
  for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.25; done
}

kill_node() {
  local n=$1 pid m logs=() sizes=()
  pid=$(pid_of "$n")
  [ -n "$pid" ] || die "node $n is not running"
  for m in "${NODES[@]}"; do
    [ "$m" = "$n" ] || { logs+=("$DIR/$m/mysqld.err"); sizes+=("$(stat -c %s "$DIR/$m/mysqld.err" 2>/dev/null || echo 0)"); }
  done
  kill -9 "$pid"
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  heal_stall "$n" logs sizes
}

# galera-4 can stall when a node dies under load: the survivors' new primary component fails to send its
# state UUID ("Temporary failure in sending state UUID, will try again in next primary component"), and every
# commit then waits for a membership change that nothing brings; the survivors report Primary and Synced all
# along. It held this project's cluster tests for minutes, twice. Starting the dead node again is that change;
# the tests restart it afterwards anyway (restart_node then only waits for it to be Synced).
heal_stall() { # N LOGS_ARRAY SIZES_ARRAY: the survivors' error logs and their sizes before the kill
  local n=$1 i outcome
  local -n logs_ref=$2 sizes_ref=$3
  for _ in $(seq 1 240); do
    for i in "${!logs_ref[@]}"; do
      outcome=$(tail -c +"$((sizes_ref[i] + 1))" "${logs_ref[i]}" 2>/dev/null | grep -m1 -oE 'sent state UUID|Temporary failure in sending state UUID' || true)
      case "$outcome" in
        'sent state UUID') return 0 ;;
        Temporary*) echo "galera.sh: the survivors stalled after node $n died (galera's state UUID send failed); starting node $n again" >&2; prepare; launch "$n"; return 0 ;;
      esac
    done
    sleep 0.25
  done
}

restart_node() {
  local n=$1 pid
  prepare
  pid=$(cat "$DIR/$n/launched.pid" 2>/dev/null || true)
  # Already started by heal_stall, or never killed: only wait.
  if ! running "$n" && ! { [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }; then launch "$n"; fi
  wait_synced "$n"
}

status() {
  local up=0 n
  for n in "${NODES[@]}"; do
    if running "$n"; then
      up=$((up + 1))
      echo "node $n 127.0.0.1:$(port "$n" 1): $(status_of "$n" WSREP_LOCAL_STATE_COMMENT), wsrep_cluster_size=$(status_of "$n" WSREP_CLUSTER_SIZE)"
    else
      echo "node $n: down"
    fi
  done
  [ "$up" -gt 0 ]
}

node_arg() { [[ "${1:-}" =~ ^[123]$ ]] || die "a node number, 1 to 3"; echo "$1"; }

case "${1:-}" in
  start) start ;;
  stop) if [ -n "${2:-}" ]; then stop_node "$(node_arg "$2")"; else stop; fi ;;
  status) status ;;
  kill) kill_node "$(node_arg "${2:-}")" ;;
  restart) restart_node "$(node_arg "${2:-}")" ;;
  url) [ -f "$DIR/1/ports" ] || die "not initialised; run: scripts/galera.sh start"; url ;;
  password) cat "$DIR/password" ;;
  sql) client "$(node_arg "${2:-}")" -N -e "${3:?SQL}" ;;
  *) echo "usage: scripts/galera.sh start|stop [N]|status|kill N|restart N|url|password|sql N SQL" >&2; exit 2 ;;
esac
