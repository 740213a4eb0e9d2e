# Shared helpers of scripts/run and scripts/test (sourced, not executed).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PY="${PYTHON:-python3.11}"
command -v "$PY" >/dev/null 2>&1 || PY=python3
VENV="$ROOT/.venv"
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/ambito}"
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

db_host() { "$VENV/bin/python" -c "import dj_database_url,os;c=dj_database_url.parse(os.environ['DATABASE_URL']);print(c['HOST'] or '127.0.0.1', c['PORT'] or 5432, c['NAME'], c['USER'] or 'postgres')"; }

ensure_postgres() {
    read -r host port name user < <(db_host)
    if ! "$VENV/bin/python" - "$host" "$port" "$user" <<'PYEOF' >/dev/null 2>&1
import sys, psycopg
psycopg.connect(host=sys.argv[1], port=int(sys.argv[2]), user=sys.argv[3], dbname="postgres", connect_timeout=3).close()
PYEOF
    then
        echo "PostgreSQL is not reachable at $host:$port (DATABASE_URL=$DATABASE_URL)." >&2
        echo "Start it, for example:  pg_ctlcluster 15 main start   (Debian)" >&2
        echo "                   or:  docker compose up -d db" >&2
        return 1
    fi
    "$VENV/bin/python" - "$host" "$port" "$user" "$name" <<'PYEOF'
import sys, psycopg
host, port, user, name = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
with psycopg.connect(host=host, port=port, user=user, dbname="postgres", autocommit=True) as conn:
    if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
        conn.execute(f'CREATE DATABASE "{name}"')
        print(f"==> Created database {name}")
PYEOF
}

redis_up() {
    "$VENV/bin/python" - <<'PYEOF' >/dev/null 2>&1
import os, redis
redis.Redis.from_url(os.environ["REDIS_URL"], socket_connect_timeout=2).ping()
PYEOF
}
