"""Builders for piani tests: real service calls, so test data obeys the same rules as the product."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from ambito.accounts.models import Utente
from ambito.atti.models import Atto, TipoAtto
from ambito.tenancy.models import Ambito
from piani import selectors, services
from piani.models import Indicatore, Obiettivo, PeriodoMonitoraggio, PianoDiZona, Progetto

_numeri = itertools.count(1)


def atto(ambito: Ambito, tipo: str = TipoAtto.DELIBERAZIONE_ASSEMBLEA, data: dt.date = dt.date(2025, 3, 1),
         oggetto: str = "Atto del piano") -> Atto:
    return Atto.objects.create(ambito=ambito, tipo=tipo, numero=f"P{next(_numeri)}", data=data, oggetto=oggetto,
                               pubblicato=True)


def piano(ambito: Ambito, actor: Utente | None, triennio: int = 2025) -> PianoDiZona:
    esistente = PianoDiZona.objects.filter(ambito=ambito, triennio=triennio).first()
    return esistente or services.piano_create(ambito=ambito, actor=actor, triennio=triennio,
                                              titolo=f"Piano di Zona {triennio}")


def aree(p: PianoDiZona, *codici: str) -> list:
    return list(selectors.macroarea_list(ambito=p.ambito, triennio=p.triennio).filter(codice__in=codici or ["A"]))


def obiettivo(p: PianoDiZona, actor: Utente | None, titolo: str = "Ridurre la povertà", codici=("A",)) -> Obiettivo:
    return services.obiettivo_create(piano=p, actor=actor, titolo=titolo, codice="OS1", macro_aree=aree(p, *codici))


def progetto(p: PianoDiZona, actor: Utente | None, titolo: str = "Emporio solidale", codici=("A",)) -> Progetto:
    return services.progetto_create(piano=p, actor=actor, titolo=titolo, macro_aree=aree(p, *codici))


def indicatore(pr: Progetto, actor: Utente | None, nome: str = "Famiglie seguite",
               target: dict | None = None) -> Indicatore:
    return services.indicatore_create(actor=actor, progetto=pr, nome=nome, unita="famiglie",
                                      target=target if target is not None else {2025: Decimal("100")})


def periodo(p: PianoDiZona, actor: Utente | None, anno: int = 2025) -> PeriodoMonitoraggio:
    esistente = PeriodoMonitoraggio.objects.filter(piano=p, anno=anno, semestre=None).first()
    return esistente or services.periodo_create(piano=p, actor=actor, anno=anno)
