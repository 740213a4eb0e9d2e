"""Every change of audited data goes through ``save()``/``delete()`` on one object, so
django-simple-history records it. Queryset-level writes (``update``, ``bulk_create``,
``bulk_update``, ``delete`` on a queryset) skip the history: they are allowed only on logs that are
not audited (jobs) and on third-party tables, or through simple-history's ``*_with_history`` helpers.
"""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
APPS = ["ambito", *settings.AMBITO_MODULI]
METODI = {"update", "bulk_create", "bulk_update", "delete"}
# file → why queryset writes are fine there
CONSENTITI = {
    "ambito/jobs/esecuzione.py": "Job is a log (status changes by conditional UPDATE), not audited",
    "ambito/jobs/services.py": "Job is a log (status changes by conditional UPDATE), not audited",
    "ambito/accounts/services.py": "DRF tokens are not tenant data",
    "ambito/notifiche/services.py": "Notifica is a log (written in bulk, read marks by one UPDATE), not audited",
    "ambito/management/commands/seed_demo.py": "demo TOTP devices are not tenant data",
    "ambito/audit/sensibili.py": "the sensitive-read log is itself a log (append-only), not audited",
    "misure/services/graduatorie.py": "a draft graduatoria's positions are recomputed in bulk from its audited "
                                      "snapshot and hash (Graduatoria); once approved they never change",
}


def scritture_di_queryset(percorso: Path) -> list[str]:
    trovate = []
    albero = ast.parse(percorso.read_text(encoding="utf-8"))
    for nodo in ast.walk(albero):
        if not (isinstance(nodo, ast.Call) and isinstance(nodo.func, ast.Attribute) and nodo.func.attr in METODI):
            continue
        ricevente = ast.unparse(nodo.func.value)
        if any(segno in ricevente for segno in (".objects", ".filter(", ".exclude(", ".all(", "_set", ".history")):
            nome = percorso.relative_to(ROOT) if percorso.is_relative_to(ROOT) else percorso.name
            trovate.append(f"{nome}:{nodo.lineno}: {ast.unparse(nodo)[:100]}")
    return trovate


def test_audited_data_is_never_written_by_queryset():
    trovate = []
    for app in APPS:
        for percorso in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in percorso.parts or str(percorso.relative_to(ROOT)) in CONSENTITI:
                continue
            trovate += scritture_di_queryset(percorso)
    assert trovate == []


def test_the_check_finds_a_queryset_write(tmp_path):
    """The rule above is not vacuous: it catches the usual spellings."""
    esempio = tmp_path / "esempio.py"
    esempio.write_text("def f(Atto, ambito):\n"
                       "    Atto.objects.filter(ambito=ambito).update(pubblicato=True)\n"
                       "    Atto.objects.bulk_create([])\n"
                       "    ambito.atto_set.all().delete()\n"
                       "    dati = {}\n"
                       "    dati.update(a=1)\n", encoding="utf-8")
    assert len(scritture_di_queryset(esempio)) == 3
