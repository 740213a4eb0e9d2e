"""Guard rails as tests (Zulip's custom_check, PostHog's scoping rules).

Each rule names an allowlist; widening one is a deliberate, reviewed change.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
APPS = ["ambito", *settings.AMBITO_MODULI]


def source_files() -> list[Path]:
    files = []
    for app in APPS:
        files += [p for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts]
    return sorted(files)


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def offenders(pattern: str, allowed: set[str], files: list[Path] | None = None) -> list[str]:
    regex = re.compile(pattern)
    found = []
    for path in files if files is not None else source_files():
        if rel(path) in allowed:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if regex.search(line) and not line.lstrip().startswith("#"):
                found.append(f"{rel(path)}:{number}: {line.strip()}")
    return found


# The escape hatch is defined once; product code uses cross_ambito(reason) instead.
SCOPES_DISABLED_ALLOWED = {"ambito/tenancy/__init__.py"}
# cross_ambito(...) is for resolving the tenant itself: the user's memberships, the job's Ambito.
CROSS_AMBITO_ALLOWED = {
    "ambito/tenancy/__init__.py",
    "ambito/accounts/selectors.py",
    "ambito/membri/selectors.py",
    "ambito/jobs/tasks.py",
    "ambito/admin_site.py",  # platform administrators: deleting shared rows must see the tenant rows on them
    "rendicontazione/waas.py",  # the Ambito of INPS's WaaS credential (a bearer token's hash, a PDND audience)
    "piani/sovrazonale.py",  # the titles of the other Ambiti's parts of a shared sovrazonale project, nothing else
}
# Raw SQL lives in selectors (and the few places that install database objects).
RAW_SQL_ALLOWED = {"ambito/audit/services.py", "fondi/db.py", "ambito/tenancy/rls.py", "ambito/tenancy/db/base.py",
                   "ambito/management/commands/migrate.py",
                   "misure/erogazioni_db.py",  # set-based inserts of the monthly run (one statement per table)
                   "rendicontazione/sintesi_db.py",  # a large return's compact rows: bulk insert, SQL comparisons
                   "ambito/audit/sensibili.py"}  # the read log of a list: one INSERT … SELECT FROM unnest(arrays)
# The database side of the scope (ambito.id, ambito.cross, the role) is written by the backend alone, from the
# django-scopes scope: so cross_ambito's allowlist above governs crossing in the database too.
SESSIONE_DB_ALLOWED = {"ambito/tenancy/rls.py", "ambito/tenancy/db/base.py",
                       # rebuilding the kept balances in replica mode: the owner only (migration, bench bulk load)
                       "fondi/db.py"}


def test_scopes_disabled_only_in_the_tenancy_module():
    assert not offenders(r"scopes_disabled|with_scopes_disabled|_override_scope", SCOPES_DISABLED_ALLOWED)


def test_cross_ambito_only_where_the_tenant_is_resolved():
    assert not offenders(r"cross_ambito\(", CROSS_AMBITO_ALLOWED)


def test_no_raw_sql_outside_selectors():
    files = [p for p in source_files() if p.name != "selectors.py" and "selectors" not in p.parts]
    assert not offenders(r"\.raw\(|\.cursor\(|RawSQL\(|\.extra\(", RAW_SQL_ALLOWED, files)


def test_session_settings_of_the_scope_only_in_the_backend():
    assert not offenders(r"ambito\.cross|ambito\.id'|set_config|SET ROLE|session_replication_role",
                         SESSIONE_DB_ALLOWED)


# Not money: the public GeoJSON's coordinates, which the format wants as JSON numbers.
FLOAT_AMMESSO = {"udos/pubblico.py"}


def test_no_float_in_money_code():
    assert not offenders(r"\bfloat\(|FloatField|: float\b|-> float\b", FLOAT_AMMESSO)


def test_views_do_not_query_models_directly():
    files = [p for p in source_files() if p.parent.name in ("views", "api") or p.name in ("views.py", "api.py")]
    assert not offenders(r"\.objects\.", set(), files)


def test_no_bare_select_related():
    assert not offenders(r"select_related\(\)|prefetch_related\(\)", set())


def test_every_tenant_model_is_scoped():
    """A model with an FK to Ambito is tenant data: its default manager must be a django-scopes one."""
    from ambito.tenancy.models import Ambito

    unscoped = []
    for model in apps.get_models():
        if model.__name__.startswith("Historical") or model is Ambito:
            continue
        fk = [f for f in model._meta.concrete_fields if f.name == "ambito" and f.related_model is Ambito]
        if fk and not hasattr(model._default_manager, "with_scopes_disabled"):
            unscoped.append(model._meta.label)
    assert not unscoped


# Logs themselves are not audited (their rows are the log).
NOT_AUDITED = {"ambito.Job", "ambito.AccessoDatiSensibili", "ambito.Notifica", "ambito.PromemoriaScadenza",
               "ambito.ScaricamentoAllegato",
               # balances kept by the ledger trigger from the audited movements (fondi.db), recomputed by tests
               "fondi.SaldoAssegnazione", "fondi.SaldoQuota", "fondi.SaldoComune",
               "rendicontazione.ScaricamentoInvio",  # who downloaded a produced file: a log
               "rendicontazione.RigaInvio",  # the compact per-row summary of a produced file: derived, bulk
               "rendicontazione.AvvisoScadenzaISEE"}  # which ISEE-expiry warnings were sent: a log


def test_every_tenant_model_is_audited():
    from ambito.tenancy.models import Ambito

    missing = []
    for model in apps.get_models():
        if model.__name__.startswith("Historical") or model._meta.label in NOT_AUDITED:
            continue
        is_tenant = any(f.name == "ambito" and f.related_model is Ambito for f in model._meta.concrete_fields)
        if is_tenant and not hasattr(model, "history"):
            missing.append(model._meta.label)
    assert not missing


def test_core_imports_no_domain_app():
    result = subprocess.run([str(Path(sys.executable).parent / "lint-imports")], cwd=ROOT, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("app", APPS)
def test_every_domain_app_has_its_config(app):
    assert apps.get_app_config(app).name == app
