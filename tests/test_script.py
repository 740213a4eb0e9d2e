"""scripts/run and scripts/_lib.sh say what is really wrong, before doing anything.

Only the checks that stop early are run here (a taken port, an unusable DATABASE_URL): nothing is migrated,
installed or started.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def esegui(comando: list[str], **variabili: str) -> subprocess.CompletedProcess:
    return subprocess.run(comando, cwd=ROOT, env={**os.environ, **variabili}, capture_output=True, text=True,
                          timeout=60)


def ensure_postgres(database_url: str) -> subprocess.CompletedProcess:
    return esegui(["bash", "-c", "source scripts/_lib.sh && ensure_postgres"], DATABASE_URL=database_url)


@pytest.fixture
def porta_occupata() -> Iterator[int]:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        yield server.getsockname()[1]


def porta_chiusa() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_second_scripts_run_stops_on_the_taken_port_before_migrating_or_starting_anything(porta_occupata):
    # An unreachable database: had the script gone past the port check, it would say so instead.
    esito = esegui(["scripts/run"], PORT=str(porta_occupata), DATABASE_URL=f"postgres://x@127.0.0.1:{porta_chiusa()}/x")
    assert esito.returncode == 1
    assert f"Port {porta_occupata} on 127.0.0.1 is already in use" in esito.stderr
    assert "PORT=8001 scripts/run" in esito.stderr
    assert esito.stdout == ""  # no "==> Applying migrations", no worker, no beat
    assert "PostgreSQL" not in esito.stderr


def test_scripts_run_refuses_a_port_that_is_not_a_number():
    esito = esegui(["scripts/run"], PORT="80a")
    assert esito.returncode == 1
    assert "PORT=80a is not a TCP port number" in esito.stderr


def test_ensure_postgres_names_an_unknown_user():
    impostazioni = connection.settings_dict
    esito = ensure_postgres(f"postgres://utente_inesistente:segreto@{impostazioni['HOST']}:{impostazioni['PORT']}/x")
    assert esito.returncode == 1
    assert 'role "utente_inesistente" does not exist' in esito.stderr
    assert "Check the user, password and database in DATABASE_URL" in esito.stderr
    assert "not reachable" not in esito.stderr
    assert "segreto" not in esito.stderr  # the password is never printed


@pytest.mark.parametrize("url", ["postgres//127.0.0.1/ambito", "postgres://u@h:porta/db", "mysql://u@h/db"])


def test_ensure_postgres_says_a_malformed_url_is_malformed(url):
    esito = ensure_postgres(url)
    assert esito.returncode == 1
    assert f"DATABASE_URL='{url}'" in esito.stderr
    assert "expected postgres://USER[:PASSWORD]@HOST:PORT/NAME" in esito.stderr
    assert "Traceback" not in esito.stderr


def test_ensure_postgres_says_an_unreachable_server_is_unreachable_and_how_to_start_one():
    porta = porta_chiusa()
    esito = ensure_postgres(f"postgres://postgres@127.0.0.1:{porta}/ambito")
    assert esito.returncode == 1
    assert f"not reachable at postgres@127.0.0.1:{porta}" in esito.stderr
    assert "Connection refused" in esito.stderr
    assert "docker compose up -d db" in esito.stderr


def test_every_helper_the_scripts_call_is_defined_in_them_or_in_lib():
    """A helper called by scripts/run or scripts/test but defined nowhere fails only when the script runs
    (this once broke scripts/test on a clean clone)."""
    lib = (ROOT / "scripts" / "_lib.sh").read_text()
    for script in ("run", "test"):
        testo = (ROOT / "scripts" / script).read_text()
        definite = set(re.findall(r"^(\w+)\(\) \{", lib + testo, re.M))
        chiamate = {nome for nome in re.findall(r"(?:^\s*|<\()(\w+)(?=[ )\n]|$)", testo, re.M)
                    if re.fullmatch(r"(?:ensure|db|redis|drop|recreate|migrations|say)\w*", nome)}
        assert chiamate and chiamate <= definite, (script, chiamate - definite)


def test_db_host_reads_the_database_url():
    risultato = esegui(["bash", "-c", "source scripts/_lib.sh && db_host"],
                       DATABASE_URL="postgres://utente@db.example:6543/ambito_prova")
    assert risultato.stdout.split() == ["db.example", "6543", "ambito_prova", "utente"]


def aspetta_risposta(url: str, secondi: float = 60) -> None:
    import time
    import urllib.error
    import urllib.request

    limite = time.monotonic() + secondi
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - a local test server
            return
        except urllib.error.HTTPError:
            return  # the server answers
        except OSError:
            if time.monotonic() > limite:
                raise
            time.sleep(0.3)


def test_the_demo_web_server_looks_like_production_italian_404_and_static_files_by_whitenoise(tmp_path):
    """Issue 14, defect 12: scripts/run showed Django's English debug page on a 404."""
    import urllib.error
    import urllib.request

    porta = porta_chiusa()
    database_url = "postgres://{USER}@{HOST}:{PORT}/{NAME}".format(**connection.settings_dict)
    env = {**os.environ, "DATABASE_URL": database_url, "STATIC_ROOT": str(tmp_path / "static")}
    env.pop("DEBUG", None)
    server = subprocess.Popen(["bash", "-c", f"source scripts/_lib.sh && serve_web {porta}"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{porta}"
        aspetta_risposta(base + "/account/login/")
        with pytest.raises(urllib.error.HTTPError) as errore:
            urllib.request.urlopen(base + "/pagina-che-non-esiste/", timeout=10)  # noqa: S310
        pagina = errore.value.read().decode()
        assert errore.value.code == 404
        assert "Pagina non trovata" in pagina
        assert "Traceback" not in pagina and "URLconf" not in pagina
        with urllib.request.urlopen(base + "/static/css/ambito.css", timeout=10) as css:  # noqa: S310
            assert css.status == 200
            assert css.headers["Content-Type"].startswith("text/css")
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=10)
@pytest.mark.django_db


def test_ensure_postgres_creates_the_application_role_when_it_is_missing():
    """Row-level security needs the role the application switches to; scripts/run and scripts/test create it."""
    impostazioni = connection.settings_dict
    url = (f"postgres://{impostazioni['USER'] or 'postgres'}@{impostazioni['HOST'] or '127.0.0.1'}:"
           f"{impostazioni['PORT'] or 5432}/{impostazioni['NAME']}")
    ruolo = f"ambito_app_prova_{os.getpid()}"
    try:
        primo = esegui(["bash", "-c", "source scripts/_lib.sh && ensure_postgres"], DATABASE_URL=url,
                       DATABASE_APP_ROLE=ruolo)
        assert primo.returncode == 0, primo.stderr
        assert f"Created the application role {ruolo}" in primo.stdout
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname = %s", [ruolo])
            assert cursor.fetchone() == (False, False, False)
        secondo = esegui(["bash", "-c", "source scripts/_lib.sh && ensure_postgres"], DATABASE_URL=url,
                         DATABASE_APP_ROLE=ruolo)
        assert secondo.returncode == 0 and "Created" not in secondo.stdout  # already there: nothing to do
    finally:
        esegui(["psql", "-h", impostazioni["HOST"] or "127.0.0.1", "-p", str(impostazioni["PORT"] or 5432),
                "-U", impostazioni["USER"] or "postgres", "-d", "postgres", "-c", f'DROP ROLE IF EXISTS "{ruolo}"'])
