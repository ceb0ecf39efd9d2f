# shellcheck shell=bash
# Sourced by mariadb.sh and galera.sh: the user `loadline` that tests, benchmarks and the main job log in as,
# with a password generated once into DIR/password and its own database.
USER_NAME=loadline

# The SQL that creates (or resets) the user, for the root client on stdin; generates the password when missing.
loadline_user_sql() {
  local file=$1/password
  [ -f "$file" ] || (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$file")
  cat <<SQL
CREATE USER IF NOT EXISTS '$USER_NAME'@'127.0.0.1' IDENTIFIED BY '$(cat "$file")';
ALTER USER '$USER_NAME'@'127.0.0.1' IDENTIFIED BY '$(cat "$file")';
GRANT ALL PRIVILEGES ON *.* TO '$USER_NAME'@'127.0.0.1';
CREATE DATABASE IF NOT EXISTS loadline CHARACTER SET utf8mb4;
SQL
}
