"""Objects of one Ambito for the graduatorie URL kwargs (the isolation matrix and the public routes): a draft
graduatoria of a B2 bando with two assessed domande and a saved simulation; a published one; hidden ones."""

from __future__ import annotations

import datetime as dt

from ambito.tenancy import ambito_scope
from misure.models import Graduatoria
from misure.services import graduatorie as services
from tests.conftest import MondoAmbito
from tests.fondi import helpers as fondi
from tests.misure.graduatorie.helpers import bando_con_quota, domanda_valutata
from tests.tenancy.oggetti import factory


def graduatoria_in_bozza(ambito, comuni, titolo: str = "Matrice") -> Graduatoria:
    with ambito_scope(ambito):
        esistente = Graduatoria.objects.filter(ambito=ambito, bando__titolo__endswith=titolo, stato="bozza").first()
        if esistente is not None:
            return esistente
        prova = bando_con_quota(ambito)
        prova.bando.titolo = f"{prova.bando.titolo} {titolo}"
        prova.bando.save()
        for i in range(2):
            domanda_valutata(ambito, prova, comuni[i], punti={"isee": 10 + i})
        return services.graduatoria_compute(bando=prova.bando, actor=None)


def graduatoria_pubblicata(ambito, comuni) -> Graduatoria:
    g = graduatoria_in_bozza(ambito, comuni, titolo="Pubblicata")
    if g.stato == "bozza":
        with ambito_scope(ambito):
            g = services.graduatoria_approva_provvisoria(graduatoria=g, atto=fondi.atto(ambito), actor=None)
    return g


def graduatorie_non_pubblicate(ambito, comuni) -> dict[str, int]:
    bozza = graduatoria_in_bozza(ambito, comuni, titolo="Bozza nascosta")
    scaduta = graduatoria_in_bozza(ambito, comuni, titolo="Scaduta")
    with ambito_scope(ambito):
        if scaduta.stato == "bozza":
            scaduta = services.graduatoria_approva_provvisoria(graduatoria=scaduta, atto=fondi.atto(ambito),
                                                               actor=None, oggi=dt.date(2020, 1, 1))
    return {"bozza": bozza.pk, "scaduta": scaduta.pk}


@factory("graduatoria_pk")
def graduatoria_pk(w: MondoAmbito) -> int:
    return graduatoria_in_bozza(w.ambito, w.comuni).pk


@factory("simulazione_pk")
def simulazione_pk(w: MondoAmbito) -> int:
    g = graduatoria_in_bozza(w.ambito, w.comuni)
    with ambito_scope(w.ambito):
        return services.simulazione_create(graduatoria=g, actor=None, nome="Matrice", modifiche={}).pk


@factory("formato")
def formato(w: MondoAmbito) -> str:
    return "csv"
