"""One object of an Ambito per URL kwarg of the module: the isolation matrix asks for it as users of another
Ambito (404), as roles without the capability (403) and anonymously, over every route of the module."""

from __future__ import annotations

from ambito.tenancy import ambito_scope
from modulo_modello import services
from tests.conftest import MondoAmbito
from tests.tenancy.oggetti import factory


@factory("elemento_pk")
def elemento_pk(w: MondoAmbito) -> int:
    with ambito_scope(w.ambito, actor=w.operatore):
        return services.elemento_create(ambito=w.ambito, actor=w.operatore, nome=f"Elemento di {w.ambito.slug}").pk
