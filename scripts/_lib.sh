# Shared helpers of scripts/run and scripts/test (sourced, not executed).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PY="${PYTHON:-python3.11}"
command -v "$PY" >/dev/null 2>&1 || PY=python3
VENV="$ROOT/.venv"
DEFAULT_DATABASE_URL="postgres://postgres@127.0.0.1:5432/ambito"
export DATABASE_URL="${DATABASE_URL:-$DEFAULT_DATABASE_URL}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

ensure_venv() {
    local stamp="$VENV/.installed-$(sha1sum pyproject.toml | cut -c1-12)"
    if [ ! -x "$VENV/bin/python" ]; then
        say "Creating the virtual environment in .venv"
        "$PY" -m venv "$VENV"
    fi
    if [ ! -f "$stamp" ]; then
        say "Installing Python packages (pyproject.toml)"
        "$VENV/bin/pip" install -q --upgrade pip
        "$VENV/bin/pip" install -q -e ".[dev]"
        rm -f "$VENV"/.installed-*
        touch "$stamp"
    fi
}

# HOST PORT NAME USER of DATABASE_URL (run after ensure_postgres, which explains a URL that does not parse).
db_host() {
    "$VENV/bin/python" -c "import dj_database_url, os; c = dj_database_url.parse(os.environ['DATABASE_URL']); \
print(c['HOST'] or '127.0.0.1', c['PORT'] or 5432, c['NAME'], c['USER'] or 'postgres')"
}

# Make sure DATABASE_URL's server answers and its database exists (created if missing). On failure, print
# the real reason — a malformed URL, an unknown user, a wrong password, a server that is down — and what to do.
ensure_postgres() {
    "$VENV/bin/python" - <<'PYEOF'
import os, re, sys
import dj_database_url, psycopg

url = re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", os.environ["DATABASE_URL"])  # shown without its password


def stop(reason: str, *hints: str) -> None:
    print(f"PostgreSQL: {reason}", file=sys.stderr)
    for hint in hints:
        print(f"  {hint}", file=sys.stderr)
    sys.exit(1)


FORMAT = "expected postgres://USER[:PASSWORD]@HOST:PORT/NAME, e.g. postgres://postgres@127.0.0.1:5432/ambito"
try:
    config = dj_database_url.parse(os.environ["DATABASE_URL"])
except Exception as exc:  # dj-database-url raises several types for a bad URL
    stop(f"DATABASE_URL={url!r} is malformed ({exc}).", FORMAT)
if config.get("ENGINE") != "django.db.backends.postgresql" or not config.get("NAME"):
    stop(f"DATABASE_URL={url!r} does not name a PostgreSQL database.", FORMAT)
host, port = config["HOST"] or "127.0.0.1", int(config["PORT"] or 5432)
user, name = config["USER"] or "postgres", config["NAME"]
try:
    with psycopg.connect(host=host, port=port, user=user, password=config["PASSWORD"] or None,
                         dbname="postgres", connect_timeout=3, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"==> Created database {name}")
        # The application role (row-level security, README "Tenancy in the database"): the web server, the
        # workers and the tests run as it; DATABASE_URL's user owns the tables and migrates. `migrate` grants it
        # the tables; here it is created if missing, so the first connection can switch to it.
        role = os.environ.get("DATABASE_APP_ROLE", "ambito_app")
        if role != user and not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
            quoted = '"' + role.replace('"', '""') + '"'
            try:
                conn.execute(f"CREATE ROLE {quoted} NOLOGIN NOSUPERUSER NOBYPASSRLS")
                print(f"==> Created the application role {role}")
            except psycopg.errors.DuplicateObject:
                pass
            except psycopg.Error as exc:
                stop(f"cannot create the application role {role!r} as {user}: {' '.join(str(exc).split())}",
                     f"Create it once as a superuser:  CREATE ROLE {quoted} NOLOGIN; GRANT {quoted} TO \"{user}\";")
        if role != user and not conn.execute(
                "SELECT rolsuper OR pg_has_role(current_user, %s, 'MEMBER') FROM pg_roles WHERE rolname = current_user",
                (role,)).fetchone()[0]:
            quoted = '"' + role.replace('"', '""') + '"'
            conn.execute(f"GRANT {quoted} TO CURRENT_USER")
except psycopg.Error as exc:
    reason = " ".join(str(exc).split()) or type(exc).__name__
    where = f"{user}@{host}:{port} (DATABASE_URL={url})"
    if any(s in reason for s in ("Connection refused", "timeout expired", "could not translate host name",
                                 "No route to host", "Name or service not known")):
        stop(f"not reachable at {where}: {reason}",
             "Start it, for example:  pg_ctlcluster 15 main start   (Debian)",
             "                   or:  docker compose up -d db   (publishes 127.0.0.1:5432, user postgres)")
    stop(f"cannot connect as {where}: {reason}",
         "Check the user, password and database in DATABASE_URL (scripts/run and scripts/test read it).")
PYEOF
}

# Exit with a clear message unless 127.0.0.1:$1 can be bound (the check runserver would fail on later).
ensure_port_free() {
    local port="$1"
    if ! [[ "$port" =~ ^[0-9]+$ ]] || [ "$port" -lt 1 ] || [ "$port" -gt 65535 ]; then
        echo "PORT=$port is not a TCP port number (1-65535)." >&2
        return 1
    fi
    if ! "$PY" - "$port" <<'PYEOF'
import socket, sys
with socket.socket() as s:
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as runserver does: TIME_WAIT is no obstacle
    try:
        s.bind(("127.0.0.1", int(sys.argv[1])))
    except OSError:
        sys.exit(1)
PYEOF
    then
        echo "Port $port on 127.0.0.1 is already in use (is scripts/run already running?)." >&2
        echo "Stop the other server, or choose another port:  PORT=8001 scripts/run" >&2
        return 1
    fi
}

redis_up() {
    "$VENV/bin/python" - <<'PYEOF' >/dev/null 2>&1
import os, redis
redis.Redis.from_url(os.environ["REDIS_URL"], socket_connect_timeout=2).ping()
PYEOF
}

# The web server as the demo runs it, looking like production: DEBUG off unless DEBUG=1 is asked for (Italian
# error pages instead of Django's debug page), static files collected and served by WhiteNoise, not runserver.
serve_web() {
    export DEBUG="${DEBUG:-0}"
    "$VENV/bin/python" manage.py collectstatic --noinput -v 0
    exec "$VENV/bin/python" manage.py runserver --nostatic "127.0.0.1:$1"
}
