"""State changes of the module: one atomic function per operation, keyword-only, with the acting user.

A broken rule raises ``RegolaViolata`` with an Italian message and the field it concerns: pages show it
next to the field, the API in its common error shape.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from ambito.accounts.models import Utente
from ambito.errors import RegolaViolata
from ambito.tenancy.models import Ambito
from modulo_modello.models import Elemento


def _nome_libero(*, ambito: Ambito, nome: str, escluso: int | None = None) -> None:
    if Elemento.objects.filter(ambito=ambito, nome__iexact=nome).exclude(pk=escluso).exists():
        raise RegolaViolata(_("Esiste già un elemento con questo nome."), campo="nome")


@transaction.atomic
def elemento_create(*, ambito: Ambito, actor: Utente | None, nome: str, descrizione: str = "") -> Elemento:
    _nome_libero(ambito=ambito, nome=nome)
    elemento = Elemento(ambito=ambito, nome=nome, descrizione=descrizione)
    elemento.full_clean()
    elemento.save()
    return elemento


@transaction.atomic
def elemento_update(*, elemento: Elemento, actor: Utente | None, nome: str, descrizione: str = "") -> Elemento:
    _nome_libero(ambito=elemento.ambito, nome=nome, escluso=elemento.pk)
    elemento.nome, elemento.descrizione = nome, descrizione
    elemento.full_clean()
    elemento.save(update_fields=["nome", "descrizione"])
    return elemento
