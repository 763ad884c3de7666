#!/usr/bin/env bash
# PostgreSQL for the off-chain blob store tests (docs/storage.md, "Starting PostgreSQL").
#
# Sourced by .ci/run, and run by the tests' PostgreSQL fixture when HL_POSTGRES is unset; it can also be sourced by
# hand: `source .ci/setup-postgres.sh`. Idempotent: a second run finds the cluster running and changes nothing.
#   1. installs Debian's `postgresql` if no server binaries are present (needs root and apt);
#   2. creates a private cluster in $HL_POSTGRES_DIR (default /tmp/healthledger-postgres), owned by the `postgres`
#      user, listening on 127.0.0.1 only, port $HL_POSTGRES_PORT (default 5433, so a distribution cluster on 5432
#      is left alone), with its Unix socket inside that directory;
#   3. creates the role and database `healthledger` (password $HL_POSTGRES_PASSWORD, default `healthledger`);
#   4. exports HL_POSTGRES, the Npgsql connection string.
# Progress goes to stderr. Being sourced, it never calls `exit` and leaves the caller's shell options alone; it
# returns non-zero with a message saying what is missing when it cannot provide the server.

hl_postgres_bindir() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/postgres" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
  done
  dir=$(dirname "$(command -v postgres 2>/dev/null || echo /nonexistent/postgres)")
  if [ -x "$dir/postgres" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
  return 1
}

hl_postgres_setup() {
  local port="${HL_POSTGRES_PORT:-5433}"
  local base="${HL_POSTGRES_DIR:-/tmp/healthledger-postgres}"
  local password="${HL_POSTGRES_PASSWORD:-healthledger}"
  local data="$base/data" run="$base/run" log="$base/postgres.log"
  local bindir owner

  if ! bindir=$(hl_postgres_bindir); then
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
      echo "setup-postgres: PostgreSQL is absent and cannot be installed here (needs root and apt-get): run 'apt-get install -y postgresql' as root, or set HL_POSTGRES to a server's Npgsql connection string." >&2
      return 1
    fi
    echo "setup-postgres: installing Debian's postgresql" >&2
    if ! { DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; } >&2; then
      echo "setup-postgres: 'apt-get install postgresql' failed; PostgreSQL is absent." >&2
      return 1
    fi
    bindir=$(hl_postgres_bindir) || { echo "setup-postgres: postgresql installed but no server binaries found." >&2; return 1; }
  fi

  # The server refuses to run as root: as root, run it as the `postgres` user that Debian's package creates.
  local -a as=()
  owner=$(id -un)
  if [ "$(id -u)" -eq 0 ]; then
    if ! id postgres >/dev/null 2>&1; then
      echo "setup-postgres: running as root but there is no 'postgres' user to run the server as." >&2
      return 1
    fi
    as=(runuser -u postgres --)
    owner=postgres
  fi

  # One setup at a time: two test processes starting together must not both run initdb.
  (
    flock -w 120 9 || { echo "setup-postgres: timed out waiting for another setup to finish." >&2; exit 1; }
    mkdir -p "$base" && chown "$owner" "$base" && chmod 700 "$base" || exit 1
    if [ ! -s "$data/PG_VERSION" ]; then
      echo "setup-postgres: initdb $data" >&2
      rm -rf "$data"
      # Local (socket) connections are trusted: the socket lives in a 0700 directory only its owner can enter.
      "${as[@]}" "$bindir/initdb" -D "$data" -U postgres -E UTF8 --no-locale \
        --auth-local=trust --auth-host=scram-sha-256 >"$base/initdb.log" 2>&1 \
        || { echo "setup-postgres: initdb failed; see $base/initdb.log" >&2; exit 1; }
    fi
    "${as[@]}" mkdir -p "$run"
    if ! "${as[@]}" "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
      echo "setup-postgres: starting PostgreSQL on 127.0.0.1:$port" >&2
      # 9>&-: the server would otherwise inherit the lock's descriptor and hold the lock for as long as it runs.
      "${as[@]}" "$bindir/pg_ctl" -D "$data" -l "$log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$run" start >&2 9>&- \
        || { echo "setup-postgres: the server did not start; last lines of $log:" >&2; tail -n 20 "$log" >&2; exit 1; }
    fi
    local psql=("${as[@]}" "$bindir/psql" -h "$run" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA)
    if [ "$("${psql[@]}" -c "SELECT 1 FROM pg_roles WHERE rolname = 'healthledger'")" != "1" ]; then
      "${psql[@]}" -c "CREATE ROLE healthledger LOGIN PASSWORD '$password'" >&2 || exit 1
    else
      "${psql[@]}" -c "ALTER ROLE healthledger LOGIN PASSWORD '$password'" >&2 || exit 1
    fi
    if [ "$("${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname = 'healthledger'")" != "1" ]; then
      "${psql[@]}" -c "CREATE DATABASE healthledger OWNER healthledger" >&2 || exit 1
    fi
  ) 9>"/tmp/healthledger-postgres.lock" || return 1

  export HL_POSTGRES="Host=127.0.0.1;Port=$port;Username=healthledger;Password=$password;Database=healthledger"
  echo "setup-postgres: PostgreSQL is up; HL_POSTGRES=Host=127.0.0.1;Port=$port;Username=healthledger;Database=healthledger" >&2
}

hl_postgres_setup
hl_postgres_status=$?
unset -f hl_postgres_setup hl_postgres_bindir
# `return` works when sourced; when executed directly, fall back to `exit` (nothing to protect then).
return "$hl_postgres_status" 2>/dev/null || exit "$hl_postgres_status"
