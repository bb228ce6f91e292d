# shellcheck shell=bash
# Throwaway test servers for regstack-gen's tests: PostgreSQL, FerretDB (a
# MongoDB wire-protocol server on SQLite) and mailpit (an SMTP capture
# server with an HTTP API). Everything listens on free loopback ports and
# lives in one temp directory.
#
# Source it from bash; it starts the servers and exports
#   REGSTACK_TEST_POSTGRES_URL  postgres://postgres@127.0.0.1:PORT/regstack_test?sslmode=disable
#   REGSTACK_TEST_MONGO_URL     mongodb://127.0.0.1:PORT/
#   REGSTACK_TEST_SMTP_ADDR     127.0.0.1:PORT
#   REGSTACK_TEST_MAILPIT_URL   http://127.0.0.1:PORT
#   REGSTACK_TEST_SMTP_TLS_ADDR 127.0.0.1:PORT of a second mailpit that requires STARTTLS
#   REGSTACK_TEST_MAILPIT_TLS_URL  its HTTP API
#   REGSTACK_TEST_SMTP_CA       the PEM certificate it presents (self-signed for 127.0.0.1)
# and regstack_services_stop stops them all and removes the temp directory:
#
#   source scripts/services.sh && go test ./... ; regstack_services_stop
#
# scripts/with-services.sh CMD... does exactly that with an EXIT trap.
#
# A server whose URL variable is already set is not started (its variable is
# left alone). A server whose binary is missing is reported on one line and
# its variables are not exported; the tests that need it then skip. Sourcing
# returns 0 when every wanted server runs and 1 otherwise;
# REGSTACK_SERVICES_MISSING names the servers that are not running.
#
# Binaries: PostgreSQL from /usr/lib/postgresql/*/bin, pg_config or $PATH.
# FerretDB and mailpit from $REGSTACK_FERRETDB_BIN / $REGSTACK_MAILPIT_BIN,
# else the cache that scripts/build-ferretdb.sh and build-mailpit.sh fill
# (${REGSTACK_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/regstack-ci}), else
# $PATH. With CI=true or REGSTACK_BUILD_SERVICES=1 a missing cached binary
# is built first.
#
# This file only defines functions prefixed regstack_services_ / _rs_, the
# variable REGSTACK_SERVICES_MISSING and variables prefixed _rs_,
# and it does not change shell options, so it is
# safe to source into an interactive shell. It checks every step itself
# instead of relying on set -e, and regstack_services_stop never fails a
# command, so it runs to the end from an EXIT trap under set -e.

_rs_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
_rs_ferretdb_version=${FERRETDB_VERSION:-v1.24.2}
_rs_mailpit_version=${MAILPIT_VERSION:-v1.33.1}

_rs_log() {
	echo "services: $*" >&2
}

# _rs_show_log prints the tail of a server log so a failed start explains
# itself in the CI output.
_rs_show_log() {
	if [ -s "$1" ]; then
		echo "services: --- last lines of $1 ---" >&2
		tail -n 20 "$1" >&2
		echo "services: ---" >&2
	fi
}

_rs_build_mode() {
	[ "${CI:-}" = true ] || [ "${REGSTACK_BUILD_SERVICES:-}" = 1 ]
}

_rs_cache_dir() {
	echo "${REGSTACK_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/regstack-ci}"
}

# _rs_port_open succeeds when something accepts TCP connections on
# 127.0.0.1:$1 (a listener on 0.0.0.0 or a dual-stack [::] counts too).
_rs_port_open() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# _rs_pick_port sets _rs_port to a port nobody listens on. It draws from
# 20000-31999, below Linux's ephemeral range, so outgoing connections do
# not sit on it either. The result is returned in a variable rather than
# printed because $(...) would run $RANDOM in a subshell.
_rs_pick_port() {
	local p
	for _ in $(seq 1 100); do
		p=$((20000 + RANDOM % 12000))
		case " $_rs_ports " in *" $p "*) continue ;; esac
		if ! _rs_port_open "$p"; then
			_rs_port=$p
			_rs_ports="$_rs_ports $p"
			return 0
		fi
	done
	_rs_log "no free loopback port found"
	return 1
}

# _rs_listening succeeds when process $2 listens on 127.0.0.1:$1. Without
# ss it settles for "the port accepts connections and the process lives",
# which another process holding the port could fake.
_rs_listening() {
	if command -v ss >/dev/null 2>&1; then
		ss -Hltnp "sport = :$1" 2>/dev/null | grep -q "pid=$2,"
	else
		_rs_port_open "$1" && kill -0 "$2" 2>/dev/null
	fi
}

# _rs_wait_port waits up to $3 seconds for process $2 to listen on
# 127.0.0.1:$1, giving up early when the process has exited.
_rs_wait_port() {
	local port=$1 pid=$2 tries=$(($3 * 20))
	for _ in $(seq 1 "$tries"); do
		if _rs_listening "$port" "$pid"; then
			return 0
		fi
		if ! kill -0 "$pid" 2>/dev/null; then
			return 1
		fi
		sleep 0.05
	done
	return 1
}

# _rs_resolve_bin sets _rs_bin to the binary for server $1 (ferretdb or
# mailpit) at version $2, building it into the cache when allowed.
_rs_resolve_bin() {
	local name=$1 version=$2 override=$3 cached
	cached="$(_rs_cache_dir)/$name-$version"
	_rs_bin=
	if [ -n "$override" ]; then
		if [ -x "$override" ]; then
			_rs_bin=$override
			return 0
		fi
		_rs_log "$name: $override is not an executable file"
		return 1
	fi
	if [ -x "$cached" ]; then
		_rs_bin=$cached
		return 0
	fi
	if _rs_build_mode; then
		_rs_log "building $name $version into $cached"
		if ! bash "$_rs_here/build-$name.sh" >/dev/null; then
			_rs_log "$name: build failed"
			return 1
		fi
		_rs_bin=$cached
		return 0
	fi
	_rs_bin=$(command -v "$name" 2>/dev/null) || _rs_bin=
	[ -n "$_rs_bin" ]
}

# _rs_as_pg runs a command as the owner of the PostgreSQL cluster: the
# postgres user when we are root (the server refuses to run as root),
# ourselves otherwise. It runs from the temp directory because the
# postgres user may not be allowed into the caller's working directory.
_rs_as_pg() {
	if [ "$(id -u)" != 0 ]; then
		(cd "$_rs_root" && "$@")
	elif command -v runuser >/dev/null 2>&1; then
		(cd "$_rs_root" && runuser -u postgres -- "$@")
	else
		(cd "$_rs_root" && su postgres -s /bin/bash -c "$(printf '%q ' "$@")")
	fi
}

# _rs_find_pgbin sets _rs_pgbin to the newest directory holding initdb,
# pg_ctl and postgres.
_rs_find_pgbin() {
	local d
	_rs_pgbin=
	for d in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V -r) \
		"$(pg_config --bindir 2>/dev/null)" \
		"$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")"; do
		if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ]; then
			_rs_pgbin=$d
			return 0
		fi
	done
	return 1
}

# _rs_start_postgres returns 0 when the server runs, 2 when PostgreSQL is
# not installed, 1 when it is but would not start.
_rs_start_postgres() {
	local dir="$_rs_root/pg" locale locales
	if ! _rs_find_pgbin; then
		_rs_log "PostgreSQL not found (no initdb/pg_ctl/postgres): REGSTACK_TEST_POSTGRES_URL not set"
		return 2
	fi
	if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
		_rs_log "PostgreSQL found but there is no postgres user to run it as: REGSTACK_TEST_POSTGRES_URL not set"
		return 2
	fi
	mkdir "$dir" || return 1
	if [ "$(id -u)" = 0 ]; then
		chown postgres:postgres "$dir" || return 1
	fi
	# C.UTF-8 keeps lower()/upper() Unicode-aware where glibc provides it;
	# plain C elsewhere.
	locale=--no-locale
	locales=$(locale -a 2>/dev/null)
	if grep -qiE '^c\.utf-?8$' <<<"$locales"; then
		locale=--locale=C.UTF-8
	fi
	if ! _rs_as_pg "$_rs_pgbin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 "$locale" \
		>"$dir/initdb.log" 2>&1; then
		_rs_log "PostgreSQL initdb failed"
		_rs_show_log "$dir/initdb.log"
		return 1
	fi
	# Durability is worthless for a throwaway cluster and costs seconds.
	if ! _rs_as_pg sh -c "cat >>'$dir/data/postgresql.conf'" <<-EOF; then
		listen_addresses = '127.0.0.1'
		unix_socket_directories = '$dir'
		fsync = off
		synchronous_commit = off
		full_page_writes = off
	EOF
		return 1
	fi
	# The port is chosen before the server binds it, so another process can
	# take it in between: retry with a new port when the bind fails.
	for _ in 1 2 3 4 5; do
		_rs_pick_port || return 1
		if _rs_as_pg "$_rs_pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
			-o "-p $_rs_port" start >"$dir/pg_ctl.log" 2>&1; then
			_rs_pgdata="$dir/data"
			break
		fi
		if ! grep -q 'could not bind\|Address already in use' "$dir/server.log" 2>/dev/null; then
			_rs_log "PostgreSQL did not start"
			_rs_show_log "$dir/server.log"
			_rs_show_log "$dir/pg_ctl.log"
			return 1
		fi
		: >"$dir/server.log"
	done
	if [ -z "${_rs_pgdata:-}" ]; then
		_rs_log "PostgreSQL: no port could be bound"
		return 1
	fi
	if ! "$_rs_pgbin/psql" -qAtX -h 127.0.0.1 -p "$_rs_port" -U postgres -d postgres \
		-c 'CREATE DATABASE regstack_test' >"$dir/createdb.log" 2>&1; then
		_rs_log "PostgreSQL: CREATE DATABASE regstack_test failed"
		_rs_show_log "$dir/createdb.log"
		return 1
	fi
	export REGSTACK_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$_rs_port/regstack_test?sslmode=disable"
	_rs_exported="$_rs_exported REGSTACK_TEST_POSTGRES_URL"
	return 0
}

# _rs_start_ferretdb returns 0 when the server runs, 2 when no binary is
# available, 1 when it would not start.
_rs_start_ferretdb() {
	local dir="$_rs_root/ferretdb" pid
	if ! _rs_resolve_bin ferretdb "$_rs_ferretdb_version" "${REGSTACK_FERRETDB_BIN:-}"; then
		if _rs_build_mode || [ -n "${REGSTACK_FERRETDB_BIN:-}" ]; then
			return 1
		fi
		_rs_log "FerretDB not found (run scripts/build-ferretdb.sh): REGSTACK_TEST_MONGO_URL not set"
		return 2
	fi
	mkdir -p "$dir/data" "$dir/state" || return 1
	for _ in 1 2 3 4 5; do
		_rs_pick_port || return 1
		"$_rs_bin" --handler=sqlite --sqlite-url="file:$dir/data/" \
			--listen-addr="127.0.0.1:$_rs_port" --state-dir="$dir/state" \
			--telemetry=disable --debug-addr=- --log-level=warn \
			</dev/null >"$dir/ferretdb.log" 2>&1 &
		pid=$!
		_rs_pids="$_rs_pids $pid"
		if _rs_wait_port "$_rs_port" "$pid" 30; then
			export REGSTACK_TEST_MONGO_URL="mongodb://127.0.0.1:$_rs_port/"
			_rs_exported="$_rs_exported REGSTACK_TEST_MONGO_URL"
			return 0
		fi
		_rs_kill "$pid"
		if ! grep -q 'address already in use' "$dir/ferretdb.log"; then
			break
		fi
	done
	_rs_log "FerretDB ($_rs_bin) did not start"
	_rs_show_log "$dir/ferretdb.log"
	return 1
}

# _rs_start_mailpit returns 0 when the server runs, 2 when no binary is
# available, 1 when it would not start. With the argument "tls" it starts
# a second mailpit that requires STARTTLS, with a fresh self-signed
# certificate for 127.0.0.1 (openssl), for the SMTP tests of STARTTLS and
# AUTH; it exports the REGSTACK_TEST_SMTP_TLS_ADDR group instead.
_rs_start_mailpit() {
	local mode=${1:-} dir="$_rs_root/mailpit${1:+-$1}" pid smtp http
	local -a tlsargs=()
	# Plain mailpit accepts AUTH without TLS (for clients that send
	# credentials anyway); the TLS one requires STARTTLS and refuses it.
	local insecure=--smtp-auth-allow-insecure
	if ! _rs_resolve_bin mailpit "$_rs_mailpit_version" "${REGSTACK_MAILPIT_BIN:-}"; then
		if _rs_build_mode || [ -n "${REGSTACK_MAILPIT_BIN:-}" ]; then
			return 1
		fi
		_rs_log "mailpit not found (run scripts/build-mailpit.sh): REGSTACK_TEST_SMTP_ADDR not set"
		return 2
	fi
	mkdir -p "$dir" || return 1
	if [ "$mode" = tls ]; then
		if ! openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
			-keyout "$dir/key.pem" -out "$dir/cert.pem" -days 2 -subj /CN=127.0.0.1 \
			-addext subjectAltName=IP:127.0.0.1 >"$dir/openssl.log" 2>&1; then
			_rs_log "mailpit (tls): openssl could not make a certificate"
			_rs_show_log "$dir/openssl.log"
			return 1
		fi
		tlsargs=(--smtp-tls-cert "$dir/cert.pem" --smtp-tls-key "$dir/key.pem" --smtp-require-starttls)
		insecure=
	fi
	for _ in 1 2 3 4 5; do
		_rs_pick_port || return 1
		smtp=$_rs_port
		_rs_pick_port || return 1
		http=$_rs_port
		# --disable-version-check: mailpit would otherwise ask GitHub for
		# releases; --smtp-auth-*: accept whatever credentials a test sends.
		"$_rs_bin" --listen "127.0.0.1:$http" --smtp "127.0.0.1:$smtp" \
			--database "$dir/mailpit.db" --disable-version-check \
			--smtp-auth-accept-any ${insecure:+"$insecure"} --quiet "${tlsargs[@]}" \
			</dev/null >"$dir/mailpit.log" 2>&1 &
		pid=$!
		_rs_pids="$_rs_pids $pid"
		if [ "$mode" = tls ] && _rs_wait_port "$smtp" "$pid" 30 && _rs_wait_port "$http" "$pid" 30; then
			export REGSTACK_TEST_SMTP_TLS_ADDR="127.0.0.1:$smtp"
			export REGSTACK_TEST_MAILPIT_TLS_URL="http://127.0.0.1:$http"
			export REGSTACK_TEST_SMTP_CA="$dir/cert.pem"
			_rs_exported="$_rs_exported REGSTACK_TEST_SMTP_TLS_ADDR REGSTACK_TEST_MAILPIT_TLS_URL REGSTACK_TEST_SMTP_CA"
			return 0
		fi
		if [ "$mode" != tls ] && _rs_wait_port "$smtp" "$pid" 30 && _rs_wait_port "$http" "$pid" 30; then
			export REGSTACK_TEST_SMTP_ADDR="127.0.0.1:$smtp"
			export REGSTACK_TEST_MAILPIT_URL="http://127.0.0.1:$http"
			_rs_exported="$_rs_exported REGSTACK_TEST_SMTP_ADDR REGSTACK_TEST_MAILPIT_URL"
			return 0
		fi
		_rs_kill "$pid"
		if ! grep -q 'address already in use' "$dir/mailpit.log"; then
			break
		fi
	done
	_rs_log "mailpit ($_rs_bin) did not start"
	_rs_show_log "$dir/mailpit.log"
	return 1
}

# _rs_kill stops process $1: TERM, up to five seconds' grace, then KILL.
_rs_kill() {
	local pid=$1
	kill -TERM "$pid" 2>/dev/null || return 0
	for _ in $(seq 1 100); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	kill -KILL "$pid" 2>/dev/null || true
	# Reap it (it is our child) so no zombie or job message lingers.
	wait "$pid" 2>/dev/null || true
	return 0
}

# regstack_services_start starts every server whose URL variable is unset.
# Sourcing this file calls it.
regstack_services_start() {
	local status=0 rc
	REGSTACK_SERVICES_MISSING=
	if [ -n "${_rs_root:-}" ]; then
		_rs_log "already started (call regstack_services_stop first)"
		return 1
	fi
	_rs_pids=''
	_rs_ports=''
	_rs_exported=''
	_rs_pgdata=''
	_rs_pgbin=''
	_rs_root=$(mktemp -d "${REGSTACK_SERVICES_TMPDIR:-${TMPDIR:-/tmp}}/regstack-services.XXXXXX") || return 1
	# The postgres user must be able to reach its data directory inside.
	chmod 0755 "$_rs_root"

	if [ -n "${REGSTACK_TEST_POSTGRES_URL:-}" ]; then
		_rs_log "PostgreSQL: using REGSTACK_TEST_POSTGRES_URL from the environment"
	else
		_rs_start_postgres
		rc=$?
		if [ $rc != 0 ]; then
			REGSTACK_SERVICES_MISSING="$REGSTACK_SERVICES_MISSING postgres"
			status=1
		fi
	fi
	if [ -n "${REGSTACK_TEST_MONGO_URL:-}" ]; then
		_rs_log "MongoDB: using REGSTACK_TEST_MONGO_URL from the environment"
	else
		_rs_start_ferretdb
		rc=$?
		if [ $rc != 0 ]; then
			REGSTACK_SERVICES_MISSING="$REGSTACK_SERVICES_MISSING ferretdb"
			status=1
		fi
	fi
	if [ -n "${REGSTACK_TEST_SMTP_ADDR:-}" ]; then
		_rs_log "SMTP: using REGSTACK_TEST_SMTP_ADDR from the environment"
	else
		_rs_start_mailpit
		rc=$?
		if [ $rc != 0 ]; then
			REGSTACK_SERVICES_MISSING="$REGSTACK_SERVICES_MISSING mailpit"
			status=1
		fi
	fi
	if [ -n "${REGSTACK_TEST_SMTP_TLS_ADDR:-}" ]; then
		_rs_log "SMTP with STARTTLS: using REGSTACK_TEST_SMTP_TLS_ADDR from the environment"
	else
		_rs_start_mailpit tls
		rc=$?
		if [ $rc != 0 ]; then
			REGSTACK_SERVICES_MISSING="$REGSTACK_SERVICES_MISSING mailpit-tls"
			status=1
		fi
	fi
	REGSTACK_SERVICES_MISSING=${REGSTACK_SERVICES_MISSING# }
	return $status
}

# regstack_services_stop stops every server this file started, removes the
# temp directory and unexports the variables it set. Calling it twice, or
# after a failed start, is harmless.
regstack_services_stop() {
	local pid v
	if [ -z "${_rs_root:-}" ]; then
		return 0
	fi
	for pid in $_rs_pids; do
		_rs_kill "$pid"
	done
	if [ -n "${_rs_pgdata:-}" ] && [ -f "$_rs_pgdata/postmaster.pid" ]; then
		if ! _rs_as_pg "$_rs_pgbin/pg_ctl" -D "$_rs_pgdata" -m fast -w -t 30 stop >/dev/null 2>&1; then
			# A server that ignores a fast shutdown still must not outlive us.
			pid=$(head -n 1 "$_rs_pgdata/postmaster.pid" 2>/dev/null) || pid=
			if [ -n "$pid" ]; then
				kill -KILL "$pid" 2>/dev/null || true
			fi
		fi
	fi
	rm -rf "$_rs_root" || true
	for v in $_rs_exported; do
		unset "$v"
	done
	_rs_root=''
	_rs_pids=''
	_rs_ports=''
	_rs_exported=''
	_rs_pgdata=''
	return 0
}

regstack_services_start
