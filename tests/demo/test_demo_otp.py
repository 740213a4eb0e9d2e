"""demo_otp run against a database other than the one scripts/run prepared: one clear line, no traceback."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def database_url(nome: str) -> str:
    impostazioni = connection.settings_dict
    return f"postgres://{impostazioni['USER']}@{impostazioni['HOST']}:{impostazioni['PORT']}/{nome}"


def demo_otp(database: str) -> subprocess.CompletedProcess:
    ambiente = {**os.environ, "DJANGO_SETTINGS_MODULE": "ambito.settings", "DATABASE_URL": database_url(database)}
    return subprocess.run([sys.executable, "manage.py", "demo_otp", "responsabile@lodi.demo"], cwd=ROOT,
                          env=ambiente, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("database", [
    f"ambito_inesistente_{uuid.uuid4().hex[:8]}",  # a database that does not exist
    "postgres",  # one that exists but was never migrated
], ids=["missing", "not-migrated"])
def test_a_database_other_than_scripts_runs_gets_one_clear_line(database):
    esito = demo_otp(database)
    assert esito.returncode != 0
    assert esito.stdout == ""
    righe = esito.stderr.strip().splitlines()
    assert len(righe) == 1, esito.stderr
    assert "Traceback" not in esito.stderr
    assert f"«{database}»" in righe[0]
    assert "lo stesso DATABASE_URL di scripts/run" in righe[0]
    assert "use the same DATABASE_URL as scripts/run" in righe[0]


@pytest.mark.django_db
def test_a_user_without_a_device_is_told_to_check_the_database_too():
    with pytest.raises(CommandError, match="lo stesso DATABASE_URL di scripts/run"):
        call_command("demo_otp", "nessuno@lodi.demo", stdout=io.StringIO())
