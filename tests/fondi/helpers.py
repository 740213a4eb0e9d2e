"""Builders for fondi tests: real service calls, so test data obeys the same rules as the product."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from ambito.accounts.models import Utente
from ambito.atti.models import Atto, TipoAtto
from ambito.tenancy.models import Ambito
from fondi import services
from fondi.models import Assegnazione, FonteFinanziamento, Quota, TipoDestinazione

_numeri = itertools.count(1)


def D(valore: str) -> Decimal:
    return Decimal(valore)


def atto(ambito: Ambito, *, tipo: str = TipoAtto.DECRETO_REGIONALE, data: dt.date = dt.date(2025, 1, 10),
         oggetto: str = "Atto di prova") -> Atto:
    return Atto.objects.create(ambito=ambito, tipo=tipo, numero=str(next(_numeri)), data=data, oggetto=oggetto,
                               pubblicato=True)


def determina_di_liquidazione(ambito: Ambito) -> Atto:
    """The act every liquidazione names (D.Lgs 267/2000, art. 184)."""
    return atto(ambito, tipo=TipoAtto.DETERMINA_CAPOFILA, oggetto="Liquidazione di prova")


def fonte(codice: str = "FNA") -> FonteFinanziamento:
    """A source of the catalogue (re-seeded if a transactional test flushed the table)."""
    if not FonteFinanziamento.objects.filter(codice=codice).exists():
        services.fonti_seed()
    return FonteFinanziamento.objects.get(codice=codice)


def assegnazione(ambito: Ambito, actor: Utente | None, *, importo: str = "100000.00", codice: str = "FNA",
                 annualita: int = 2024, esercizio: int | None = None, data: dt.date = dt.date(2025, 1, 10),
                 **kwargs) -> Assegnazione:
    return services.assegnazione_create(
        ambito=ambito, fonte=fonte(codice), descrizione=f"{codice} {annualita}", annualita=annualita,
        esercizio=esercizio or annualita + 1, importo=D(importo), data_assegnazione=data,
        atto=atto(ambito, data=data), actor=actor, **kwargs)


def quota(a: Assegnazione, actor: Utente | None, *, importo: str = "10000.00", data: dt.date = dt.date(2025, 2, 1),
          tipo: str = TipoDestinazione.BANDO, descrizione: str = "Bando B2", **kwargs) -> Quota:
    return services.quota_create(assegnazione=a, tipo_destinazione=tipo, descrizione=descrizione, importo=D(importo),
                                 atto=atto(a.ambito, tipo=TipoAtto.DELIBERAZIONE_ASSEMBLEA, data=data),
                                 data_contabile=data, actor=actor, **kwargs)


def saldi_verificati(ambito_id: int | None = None) -> dict[str, int]:
    """:func:`fondi.db.verifica_saldi` over every row it should read: in ``cross_ambito`` (row-level security
    shows nothing outside a scope), and only once the balance table is seen to hold rows, so an empty read
    cannot pass for a verified ledger."""
    from django.db import connection

    from ambito.tenancy import cross_ambito
    from fondi import db

    with cross_ambito("test: recompute every kept balance from the movements"):
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM fondi_saldoquota")
            assert cursor.fetchone()[0] > 0, "no kept balance visible: the verification would be empty"
        return db.verifica_saldi(ambito_id=ambito_id)
