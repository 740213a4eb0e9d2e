"""The registry of deadline kinds.

A kind is registered by the module that owns the data, from its ``AppConfig.ready()``, with a **provider**: a
function that derives the deadlines between two dates from the module's own rows, so a deadline is always
consistent with them (a fund reported to the Region stops having deadlines the moment it is recorded)::

    from ambito.scadenze.registry import Scadenza, registra_tipo_scadenza

    def scadenze_procedimenti(*, ambito, dal, al, oggi):
        for p in procedimento_list(ambito=ambito).filter(termine__range=(dal, al), chiuso_il=None):
            yield Scadenza(chiave=str(p.pk), titolo=f"Termine del procedimento {p}", data=p.termine,
                           url=p.get_absolute_url(), responsabile_id=p.responsabile_id,
                           capacita="misure.gestisci", comune_id=p.comune_id)

    registra_tipo_scadenza("misure.procedimento", _("Termini dei procedimenti"),
                           fornitore=scadenze_procedimenti, capacita="misure.vedi")

``capacita`` on the kind decides who sees its deadlines (calendar, API); each deadline names its **owner**: a
user (``responsabile_id``) or the holders of a capability (``capacita``, narrowed to ``comune_id`` for roles bound
to comuni). The owner gets the reminders and sees the deadline on their home page. ``chiave`` identifies the
deadline within its kind (stable across calls: the reminders already sent are recorded against it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ambito.notifiche.registry import registra_tipo_notifica
from ambito.tenancy.models import Ambito


class StatoScadenza(models.TextChoices):
    APERTA = "aperta", _("Aperta")
    SCADUTA = "scaduta", _("Scaduta")
    RISPETTATA = "rispettata", _("Rispettata")


@dataclass(frozen=True)
class Scadenza:
    """One deadline as a provider yields it (the kind is filled in by the registry)."""

    chiave: str
    titolo: str
    data: dt.date
    url: str = ""
    stato: str = StatoScadenza.APERTA
    responsabile_id: int | None = None
    capacita: str | None = None
    comune_id: int | None = None
    descrizione: str = ""
    tipo: str = ""

    @property
    def aperta(self) -> bool:
        return self.stato != StatoScadenza.RISPETTATA

    @property
    def etichetta_stato(self) -> str:
        return str(StatoScadenza(self.stato).label)

    @property
    def etichetta_tipo(self) -> str:
        return etichetta_tipo(self.tipo)

    def giorni(self, oggi: dt.date) -> int:
        return (self.data - oggi).days


Fornitore = Callable[..., Iterable[Scadenza]]


@dataclass(frozen=True)
class TipoScadenza:
    codice: str
    etichetta: str
    fornitore: Fornitore
    capacita: str


_TIPI: dict[str, TipoScadenza] = {}


def registra_tipo_scadenza(codice: str, etichetta: str, *, fornitore: Fornitore, capacita: str) -> None:
    """Register (or replace) a kind: ``fornitore(*, ambito, dal, al, oggi)`` yields its deadlines due from ``dal``
    to ``al`` (inclusive) as seen on ``oggi``, within the Ambito's scope; ``capacita`` is needed to see them."""
    if "." not in codice:
        raise ImproperlyConfigured(f"deadline kind {codice!r} must be namespaced by its module: 'modulo.nome'")
    _TIPI[codice] = TipoScadenza(codice, etichetta, fornitore, capacita)
    # Its reminders are a notification kind of their own: users choose the channels per deadline kind.
    registra_tipo_notifica(f"scadenze.{codice}", format_lazy("{}: {}", _("Promemoria"), etichetta),
                           descrizione=_("Avvisi prima della scadenza e il giorno in cui scade."))


def tipi_registrati() -> list[TipoScadenza]:
    return sorted(_TIPI.values(), key=lambda t: t.codice)


def etichetta_tipo(codice: str) -> str:
    tipo = _TIPI.get(codice)
    return str(tipo.etichetta) if tipo else codice


def scadenze_del_tipo(tipo: TipoScadenza, *, ambito: Ambito, dal: dt.date, al: dt.date, oggi: dt.date
                      ) -> list[Scadenza]:
    """The kind's deadlines in [dal, al], stamped with the kind's code."""
    from dataclasses import replace

    return [replace(s, tipo=tipo.codice) for s in tipo.fornitore(ambito=ambito, dal=dal, al=al, oggi=oggi)
            if dal <= s.data <= al]
