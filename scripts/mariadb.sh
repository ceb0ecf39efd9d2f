#!/usr/bin/env bash
# A throwaway MariaDB for tests, benchmarks and the demo: our own data directory under the project,
# 127.0.0.1 on a free port, a dedicated user with a generated password. Never touches another server.
#   scripts/mariadb.sh start     install (Debian, as root) if missing, initialise once, start; prints the URL
#   scripts/mariadb.sh stop      shut it down
#   scripts/mariadb.sh url       mysql://loadline@127.0.0.1:PORT/loadline
#   scripts/mariadb.sh password  the generated password (for MYSQL_PWD)
#   scripts/mariadb.sh status    running or not
#   scripts/mariadb.sh settings  the server settings that matter for ingest speed
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
DIR=${LOADLINE_DB_DIR:-$HERE/.loadline-db}
CNF=$DIR/my.cnf
SOCK=$DIR/mysqld.sock
# shellcheck source=scripts/loadline-user.sh
source "$HERE/scripts/loadline-user.sh"

die() { echo "mariadb.sh: $*" >&2; exit 1; }

client() { mariadb --no-defaults --protocol=socket --socket="$SOCK" -uroot "$@"; }

running() { [ -S "$SOCK" ] && mariadb-admin --no-defaults --protocol=socket --socket="$SOCK" -uroot ping >/dev/null 2>&1; }

url() { echo "mysql://$USER_NAME@127.0.0.1:$(cat "$DIR/port")/loadline"; }

install_server() {
  command -v mariadbd >/dev/null && command -v mariadb >/dev/null && return
  [ "$(id -u)" = 0 ] || die "mariadb-server is not installed; run: sudo apt-get install mariadb-server mariadb-client"
  echo "installing Debian's mariadb-server ..." >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mariadb-server mariadb-client >/dev/null
  # Debian's package starts its own service; we only want ours.
  service mariadb stop >/dev/null 2>&1 || true
}

free_port() { python3 "$HERE/scripts/free-ports.py"; }

write_config() {
  cat > "$CNF" <<CNF
[mysqld]
datadir=$DIR/data
socket=$SOCK
pid-file=$DIR/mysqld.pid
log-error=$DIR/mysqld.err
port=$(cat "$DIR/port")
bind-address=127.0.0.1
skip-name-resolve
local_infile=ON
max_allowed_packet=64M
# The buffer pool must hold the table and its indexes, or random UUID keys make every loader ~6x slower.
innodb_buffer_pool_size=${LOADLINE_DB_BUFFER_POOL:-1G}
innodb_log_file_size=256M
character-set-server=utf8mb4
collation-server=utf8mb4_unicode_ci
CNF
}

start() {
  install_server
  mkdir -p "$DIR"
  if running; then url; return; fi
  [ -f "$DIR/port" ] || free_port > "$DIR/port"
  # A port taken since the last run moves the server, not the test.
  # SO_REUSEADDR as mariadbd binds: a restart keeps its port despite the TIME_WAIT sockets it leaves behind.
  if ! python3 -c "import socket,sys; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('127.0.0.1', int(sys.argv[1])))" "$(cat "$DIR/port")" 2>/dev/null; then
    free_port > "$DIR/port"
  fi
  write_config
  # As root, mariadbd runs as the mysql user, which needs to reach DIR; a checkout under a private home
  # (drwx------ /root) keeps it out, and then only running it as root works.
  local owner=()
  if [ "$(id -u)" = 0 ]; then
    chown -R mysql "$DIR"; chmod 711 "$DIR"
    if runuser -u mysql -- test -w "$DIR" 2>/dev/null; then owner=(--user=mysql); else owner=(--user=root); chown -R root "$DIR"; fi
  fi
  if [ ! -d "$DIR/data/mysql" ]; then
    mariadb-install-db --defaults-file="$CNF" "${owner[@]}" --auth-root-authentication-method=socket --skip-test-db >"$DIR/install.log" 2>&1 \
      || { cat "$DIR/install.log" >&2; die "mariadb-install-db failed"; }
  fi
  rm -f "$SOCK"
  nohup mariadbd --defaults-file="$CNF" "${owner[@]}" >/dev/null 2>&1 &
  for _ in $(seq 1 120); do running && break; sleep 0.25; done
  running || { tail -20 "$DIR/mysqld.err" >&2; die "mariadbd did not start"; }
  loadline_user_sql "$DIR" | client
  url
}

stop() {
  running || return 0
  mariadb-admin --no-defaults --protocol=socket --socket="$SOCK" -uroot shutdown
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) [ -f "$DIR/port" ] || die "not initialised; run: scripts/mariadb.sh start"; url ;;
  password) cat "$DIR/password" ;;
  status) if running; then echo "running: $(url)"; else echo "stopped"; exit 1; fi ;;
  settings) client -N -e "SELECT CONCAT(VARIABLE_NAME, '=', VARIABLE_VALUE) FROM information_schema.GLOBAL_VARIABLES WHERE VARIABLE_NAME IN ('VERSION','INNODB_BUFFER_POOL_SIZE','INNODB_LOG_FILE_SIZE','INNODB_FLUSH_LOG_AT_TRX_COMMIT','MAX_ALLOWED_PACKET','LOCAL_INFILE','LOG_BIN','SYNC_BINLOG') ORDER BY 1" ;;
  *) echo "usage: scripts/mariadb.sh start|stop|url|password|status|settings" >&2; exit 2 ;;
esac
