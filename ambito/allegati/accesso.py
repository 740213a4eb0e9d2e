"""Who may reach which attachment: the owning object's visibility first (404), then the capability the
module registered for reading or writing its attachments (403). Pages and API share these."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from ambito.accounts.permissions import ContestoAccesso
from ambito.allegati import selectors
from ambito.allegati.models import Allegato, VersioneAllegato
from ambito.allegati.registry import RegolaAllegati


@dataclass(frozen=True)
class Accesso:
    regola: RegolaAllegati
    oggetto: models.Model


def _richiedi(contesto: ContestoAccesso, regola: RegolaAllegati, *, scrittura: bool) -> None:
    contesto.richiedi(regola.capacita_lettura)
    if scrittura:
        contesto.richiedi(regola.capacita_scrittura)


def per_oggetto(contesto: ContestoAccesso, *, modello: str, pk: int, scrittura: bool = False) -> Accesso:
    """The object ``modello``/``pk`` if this user may read (and, with ``scrittura``, change) its attachments."""
    regola = selectors.regola_get(modello=modello)
    oggetto = selectors.oggetto_get(contesto=contesto, modello=regola.modello, pk=pk)
    _richiedi(contesto, regola, scrittura=scrittura)
    return Accesso(regola, oggetto)


def _modello(allegato: Allegato) -> str:
    return f"{allegato.content_type.app_label}.{allegato.content_type.model}"


def per_allegato(contesto: ContestoAccesso, *, pk: int, scrittura: bool = False) -> tuple[Accesso, Allegato]:
    """An attachment of the Ambito whose owning object this user may see, with the capability checked."""
    allegato = selectors.allegato_get(ambito=contesto.ambito, pk=pk)
    return per_oggetto(contesto, modello=_modello(allegato), pk=allegato.object_id, scrittura=scrittura), allegato


def per_versione(contesto: ContestoAccesso, *, pk: int) -> tuple[Accesso, VersioneAllegato]:
    """A version of an attachment this user may read."""
    versione = selectors.versione_get(ambito=contesto.ambito, pk=pk)
    return per_oggetto(contesto, modello=_modello(versione.allegato), pk=versione.allegato.object_id), versione
