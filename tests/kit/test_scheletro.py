"""The module skeleton (ambito/scheletro/) cannot rot: a module generated from it, in a copy of the project,
passes ruff, migrates, runs its own tests, the conventions tests and the isolation matrix over its routes."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
NOME = "prova_scheletro"
LINK = {"static", "locale"}  # large and read-only: linked, not copied


def copia_progetto(destinazione: Path) -> None:
    elenco = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for nome in filter(None, elenco):
        sorgente = ROOT / nome
        if nome.split("/", 1)[0] in LINK or not sorgente.is_file():
            continue
        bersaglio = destinazione / nome
        bersaglio.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(sorgente, bersaglio)
    for cartella in LINK:
        (destinazione / cartella).symlink_to(ROOT / cartella)


def esegui(progetto: Path, *comando: str, **env: str) -> subprocess.CompletedProcess:
    ambiente = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "AMBITO_MODULO_PROVA": NOME,
                "PYTHONDONTWRITEBYTECODE": "1", **env}
    risultato = subprocess.run(list(comando), cwd=progetto, env=ambiente, capture_output=True, text=True,
                               check=False, timeout=900)
    assert risultato.returncode == 0, f"{' '.join(comando)}\n{risultato.stdout[-4000:]}\n{risultato.stderr[-4000:]}"
    return risultato


@pytest.fixture(scope="module")
def progetto(tmp_path_factory) -> Path:
    cartella = tmp_path_factory.mktemp("progetto")
    copia_progetto(cartella)
    generato = subprocess.run([sys.executable, "manage.py", "nuovo_modulo", NOME], cwd=cartella,
                              env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"},
                              capture_output=True, text=True, check=False)
    assert generato.returncode == 0, generato.stderr
    return cartella


def test_the_generated_module_has_every_part_and_no_placeholder_left(progetto):
    attesi = ["models.py", "services.py", "selectors.py", "forms.py", "views.py", "urls.py", "api/views.py",
              "api/urls.py", "api/serializers.py", "jobs.py", "demo.py", "apps.py", "migrations/__init__.py"]
    assert all((progetto / NOME / parte).is_file() for parte in attesi)
    assert (progetto / "templates" / NOME / "elenco.html").is_file()
    assert (progetto / "tests" / NOME / "oggetti.py").is_file()
    testi = [p.read_text() for p in (progetto / NOME).rglob("*.py")] + \
            [p.read_text() for p in (progetto / "templates" / NOME).rglob("*.html")]
    assert not [t for t in testi if "modulo_modello" in t or "ModuloModello" in t]


def test_a_second_generation_refuses_to_overwrite(progetto):
    rifiuto = subprocess.run([sys.executable, "manage.py", "nuovo_modulo", NOME], cwd=progetto,
                             env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"},
                             capture_output=True, text=True, check=False)
    assert rifiuto.returncode != 0 and "Refusing to overwrite" in rifiuto.stderr


def _impronta_schema() -> str:
    sorgenti = [ROOT / "ambito/scheletro/modulo/models.py",
                *sorted(p for p in ROOT.glob("*/migrations/*.py") if ".venv" not in p.parts)]
    impronta = hashlib.sha256()
    for sorgente in sorgenti:
        impronta.update(sorgente.read_bytes())
    return impronta.hexdigest()[:8]


def test_the_generated_module_passes_lint_migrates_and_its_tests_conventions_and_matrix_pass(progetto):
    esegui(progetto, str(VENV_BIN / "ruff"), "check", NOME, f"tests/{NOME}")
    esegui(progetto, str(VENV_BIN / "lint-imports"))
    esegui(progetto, sys.executable, "manage.py", "makemigrations", NOME)
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ambito").rsplit("/", 1)[0]
    # A test database of its own, kept between runs (migrating a new one is most of this test's time) and
    # named after the skeleton's models and every migration of the project, so a change of either never meets
    # a stale schema.
    impronta = _impronta_schema()
    risultato = esegui(
        progetto, sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-n", "0", "--reuse-db", "-q",
        f"tests/{NOME}", "tests/tenancy/test_conventions.py", "tests/audit/test_completezza.py",
        "tests/tenancy/test_isolation_matrix.py", "tests/tenancy/test_rls.py", "-k",
        f"{NOME} or conventions or completezza",
        DATABASE_URL=f"{url}/ambito_scheletro_{impronta}", PRIVATE_MEDIA_ROOT=str(progetto / "var" / "private"))
    assert "failed" not in risultato.stdout and "error" not in risultato.stdout.lower()


def test_the_isolation_matrix_walks_every_route_of_the_generated_module(progetto):
    """4 pages and 2 API endpoints: each one is a case of the matrix (a route it did not find would pass)."""
    raccolti = esegui(progetto, sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--collect-only", "-q",
                      "tests/tenancy/test_isolation_matrix.py", "-k", f"isolated and {NOME}").stdout
    assert raccolti.count(f"/{NOME}/") == 6, raccolti
