"""Demo data of the domain modules, registered beside the core's (``manage.py seed_demo``).

A domain app registers an idempotent function from its ``AppConfig.ready()``::

    registra_demo("fondi", fondi.demo.carica_demo)

``seed_demo`` calls every registered function once per demo Ambito, inside that Ambito's
scope, with the Ambito's responsabile as actor (so the demo rows have a history, too).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ambito.accounts.models import Utente
from ambito.tenancy import ambito_scope
from ambito.tenancy.models import Ambito

FunzioneDemo = Callable[..., Any]
_DEMO: dict[str, FunzioneDemo] = {}


def registra_demo(nome: str, funzione: FunzioneDemo) -> None:
    _DEMO[nome] = funzione


def esegui_demo(*, ambito: Ambito, actor: Utente) -> list[str]:
    """Run every registered demo loader for ``ambito``; returns their names, in order."""
    eseguiti = []
    for nome, funzione in sorted(_DEMO.items()):
        with ambito_scope(ambito, actor=actor):
            funzione(ambito=ambito, actor=actor)
        eseguiti.append(nome)
    return eseguiti
