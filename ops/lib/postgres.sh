# Shell functions shared by the ops scripts that need PostgreSQL's own
# programs: where they are, running them as the postgres user, and a
# throwaway cluster in a folder. Source it; it sets nothing else.

# The folder of the server binaries (initdb, pg_ctl, pg_dump…): pg_config's,
# else the newest of Debian's /usr/lib/postgresql/*/bin, else psql's folder.
pg_bindir() {
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_config --bindir
    return
  fi
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -n "$dir" ]; then echo "$dir"; else dirname "$(command -v psql)"; fi
}

# Runs a command as the postgres user when root (initdb refuses root).
as_postgres() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# The pg_ctl options of a throwaway cluster in DIR listening on PORT.
cluster_options() { # DIR PORT
  echo "-p $2 -k $1 -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300"
}

# Creates and starts a throwaway cluster in DIR (a new, empty folder) on
# PORT, trusting local connections; its URL is postgres://postgres@127.0.0.1:PORT/postgres.
start_throwaway_cluster() { # DIR PORT
  local bin
  bin=$(pg_bindir)
  [ -x "$bin/initdb" ] || { echo "initdb not found (is PostgreSQL installed?)" >&2; return 1; }
  [ "$(id -u)" = 0 ] && chown postgres "$1"
  as_postgres "$bin/initdb" -D "$1/data" -U postgres --auth=trust -E UTF8 --no-sync >/dev/null
  as_postgres "$bin/pg_ctl" -D "$1/data" -l "$1/log" -w -o "$(cluster_options "$1" "$2")" start >/dev/null
}

# Stops the cluster in DIR (fast) and removes the folder.
remove_throwaway_cluster() { # DIR
  as_postgres "$(pg_bindir)/pg_ctl" -D "$1/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$1"
}
