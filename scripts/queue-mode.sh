#!/usr/bin/env bash
# Redis and PostgreSQL for n8n queue mode (EXECUTIONS_MODE=queue), from Debian's packages, in a
# private folder on private ports: nothing system-wide is started or changed.
#
#   bash scripts/queue-mode.sh install   install Redis and PostgreSQL if missing (apt, as root)
#   bash scripts/queue-mode.sh start     install if missing, init, start; prints env
#   bash scripts/queue-mode.sh env       the environment variables n8n main and workers need
#   bash scripts/queue-mode.sh stop      stop both (data stays)
#   bash scripts/queue-mode.sh clean     stop and delete the folder
#
# Env: QUEUE_DIR (default /tmp/n8n-queue-mode), QUEUE_PG_PORT (55432), QUEUE_REDIS_PORT (56379).
# PostgreSQL refuses to run as root: its processes run as the `postgres` user the package creates.
set -euo pipefail

QUEUE_DIR="${QUEUE_DIR:-/tmp/n8n-queue-mode}"
PG_PORT="${QUEUE_PG_PORT:-55432}"
REDIS_PORT="${QUEUE_REDIS_PORT:-56379}"
PG_DATA="$QUEUE_DIR/pg"
PG_RUN="$QUEUE_DIR/pg-run"
REDIS_DIR="$QUEUE_DIR/redis"
DB_NAME='n8n'
DB_USER='n8n'
DB_PASSWORD='n8n-queue-mode-test-password'

log() { printf '[queue-mode] %s\n' "$*" >&2; }

pg_bin() {
	local dir
	dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
	[ -n "$dir" ] || { log 'PostgreSQL binaries not found'; exit 1; }
	echo "$dir"
}

as_postgres() {
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

install() {
	if command -v redis-server >/dev/null && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then return; fi
	[ "$(id -u)" = 0 ] || { log 'redis-server or postgresql missing: run as root, or: apt-get install -y redis-server postgresql'; exit 1; }
	log 'installing redis-server and postgresql from Debian packages'
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server postgresql >/dev/null
}

print_env() {
	cat <<EOF
DB_TYPE=postgresdb
DB_POSTGRESDB_HOST=127.0.0.1
DB_POSTGRESDB_PORT=$PG_PORT
DB_POSTGRESDB_DATABASE=$DB_NAME
DB_POSTGRESDB_USER=$DB_USER
DB_POSTGRESDB_PASSWORD=$DB_PASSWORD
EXECUTIONS_MODE=queue
QUEUE_BULL_REDIS_HOST=127.0.0.1
QUEUE_BULL_REDIS_PORT=$REDIS_PORT
EOF
}

start() {
	install
	local bin
	bin="$(pg_bin)"
	mkdir -p "$QUEUE_DIR" "$PG_RUN" "$REDIS_DIR"
	if id postgres >/dev/null 2>&1; then chown postgres "$QUEUE_DIR" "$PG_RUN"; fi
	if [ ! -f "$PG_DATA/PG_VERSION" ]; then
		log "initdb $PG_DATA"
		as_postgres mkdir -p "$PG_DATA"
		as_postgres "$bin/initdb" -D "$PG_DATA" -A trust -U postgres -E UTF8 --no-locale >/dev/null
	fi
	if ! as_postgres "$bin/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
		log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
		as_postgres "$bin/pg_ctl" -D "$PG_DATA" -l "$QUEUE_DIR/postgres.log" -w -t 60 \
			-o "-p $PG_PORT -k $PG_RUN -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
	fi
	local psql=("$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qtA)
	if [ "$(as_postgres "${psql[@]}" -c "SELECT 1 FROM pg_roles WHERE rolname='$DB_USER'")" != 1 ]; then
		as_postgres "${psql[@]}" -c "CREATE ROLE $DB_USER LOGIN PASSWORD '$DB_PASSWORD'"
	fi
	if [ "$(as_postgres "${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname='$DB_NAME'")" != 1 ]; then
		as_postgres "${psql[@]}" -c "CREATE DATABASE $DB_NAME OWNER $DB_USER"
	fi
	if ! redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then
		log "starting Redis on 127.0.0.1:$REDIS_PORT"
		redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$REDIS_DIR" --save '' --appendonly no \
			--daemonize yes --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log"
		for _ in $(seq 1 50); do redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
	fi
	redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null
	log "ready: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on $PG_PORT, Redis $(redis-server --version | sed -E 's/.* v=([^ ]+).*/\1/') on $REDIS_PORT"
	print_env
}

stop() {
	local bin
	bin="$(pg_bin)"
	if [ -f "$PG_DATA/PG_VERSION" ] && as_postgres "$bin/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
		as_postgres "$bin/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null && log 'PostgreSQL stopped'
	fi
	if redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then
		redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
		log 'Redis stopped'
	fi
}

case "${1:-}" in
	install) install ;;
	start) start ;;
	env) print_env ;;
	stop) stop ;;
	clean) stop; rm -rf "$QUEUE_DIR"; log "removed $QUEUE_DIR" ;;
	*) echo "usage: $0 install|start|env|stop|clean" >&2; exit 2 ;;
esac
