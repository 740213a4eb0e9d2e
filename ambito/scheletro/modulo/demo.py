"""Demo data for ``manage.py seed_demo``: idempotent, written through the services."""

from __future__ import annotations

from ambito.accounts.models import Utente
from ambito.tenancy.models import Ambito
from modulo_modello import services
from modulo_modello.models import Elemento

ELEMENTI = ["Primo elemento (demo)", "Secondo elemento (demo)"]


def carica_demo(*, ambito: Ambito, actor: Utente) -> None:
    for nome in ELEMENTI:
        if not Elemento.objects.filter(ambito=ambito, nome=nome).exists():
            services.elemento_create(ambito=ambito, actor=actor, nome=nome)
