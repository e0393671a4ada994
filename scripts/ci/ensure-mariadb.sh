#!/usr/bin/env bash
# Makes sure a MariaDB server answers on 127.0.0.1:3306 (root, no password), starting or
# installing one when this machine has none running. Used by .ci/run.
set -euo pipefail

ping_db() { mariadb-admin --protocol=tcp -h127.0.0.1 -uroot ping >/dev/null 2>&1 || mysqladmin --protocol=tcp -h127.0.0.1 -uroot ping >/dev/null 2>&1; }

if ping_db; then exit 0; fi
if ! command -v mariadbd >/dev/null 2>&1 && [ ! -x /usr/sbin/mariadbd ]; then
  echo "Installing MariaDB …"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mariadb-server >/dev/null
fi
echo "Starting MariaDB …"
mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null || true
start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql
for _ in $(seq 1 60); do ping_db && break; sleep 1; done
ping_db || { echo "MariaDB did not start" >&2; exit 1; }
# Fresh installs authenticate root by unix socket; the tests connect over TCP without a password.
mariadb -uroot -e "ALTER USER 'root'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD(''); FLUSH PRIVILEGES;" 2>/dev/null || true
