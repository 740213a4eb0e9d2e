"""The selector's fast read of the snapshot (JSON paths of the points, tie-break ORDER BY in PostgreSQL) against
the checked path and the engine's reference: the same snapshot, the same per-row values as
:func:`misure.regole.graduatoria.prepara`, the same rows and hash; anything unusual falls back to the checked
path (one more query, still not one per domanda)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ambito.tenancy import ambito_scope
from misure.models import Domanda, Valutazione
from misure.regole.graduatoria import Parametri, calcola, prepara
from misure.selectors import graduatorie as selectors
from tests.misure.graduatorie.helpers import bando_con_quota, domanda_valutata

D = Decimal
pytestmark = pytest.mark.django_db

CONFIGURAZIONI = [
    ((), False), (("isee_crescente",), False), (("eta_decrescente",), False), (("eta_crescente",), False),
    (("valutazione_decrescente",), False), (("protocollo_crescente",), False),
    (("isee_crescente", "eta_decrescente", "valutazione_decrescente"), False),
    (("valutazione_decrescente", "eta_crescente", "isee_crescente"), False),
    (("isee_crescente", "sconosciuto"), False), (("isee_crescente",), True),
]


@pytest.fixture
def scena(mondo):
    """Ties on the score and on every tie-breaker, missing ISEE / assessment, protocols of two years, several
    assessments of one domanda (the latest counts, ties on the date broken by id), every state, integer points
    ("12", the checked path shows "12.00") next to the engine's "12.50"."""
    w = mondo.a
    with ambito_scope(w.ambito):
        prova = bando_con_quota(w.ambito)
        c = w.comuni
        vecchia, giovane = dt.date(1931, 5, 2), dt.date(1962, 3, 4)
        righe = [
            ({"isee": "20.00", "eta": "10.50"}, "ammissibile", "1200.00", vecchia, 7),
            ({"isee": "20.00", "eta": "10.50"}, "ammissibile", "1200.00", giovane, 3),
            ({"isee": "30.50"}, "ammissibile", None, vecchia, 5),
            ({"eta": "30.50"}, "ammissibile", "900.00", vecchia, 6),
            ({"isee": "15", "eta": "15"}, "ammissibile", "900.00", giovane, 2),
            ({"isee": "30.00", "condizione:vive_solo": "0.50"}, "ammissibile", None, giovane, 9),
            ({}, "ammissibile", "100.00", vecchia, 11),
            ({"isee": "40.00"}, "in_sospeso", "100.00", vecchia, 12),
            ({"isee": "40.00"}, "non_ammissibile", None, vecchia, 13),
            ({"isee": "25.00", "eta": "5.50"}, "lista_attesa", "1200.00", giovane, 14),
        ]
        domande = [domanda_valutata(w.ambito, prova, c[i % 2], punti=punti, stato=stato, isee=isee, nascita=nascita,
                                    protocollo=protocollo, motivo=f"Motivo {i}" if stato != "ammissibile" else "")
                   for i, (punti, stato, isee, nascita, protocollo) in enumerate(righe)]
        Domanda.objects.filter(pk=domande[6].pk).update(protocollo_anno=2024, protocollo_numero=3)  # an older year
        for d, punteggio, giorno in ((domande[0], "60.00", 1), (domande[1], "60.00", 1), (domande[3], "70.00", 2),
                                     (domande[3], "10.00", 1), (domande[4], "50.00", 3), (domande[4], "80.00", 3)):
            Valutazione.objects.create(ambito=w.ambito, domanda=d, strumento="svama", punteggio=D(punteggio),
                                       data=dt.date(2025, 1, giorno))
    return w, prova, domande


def _letture(w, prova, parita, sportello):
    with ambito_scope(w.ambito), CaptureQueriesContext(connection) as q:
        veloce, preparato = selectors.snapshot_preparato(bando=prova.bando, parita=parita, sportello=sportello)
    with ambito_scope(w.ambito):
        strumenti = {sb.pk: sb for sb in selectors.strumenti_del_bando(bando=prova.bando)}
        campi, righe = selectors._lettura(selectors._domande(prova.bando, None, None), parita, w.ambito.pk)
        controllato = selectors._voci(campi, righe, strumenti)
    return veloce, preparato, controllato, len(q)


@pytest.mark.parametrize(("parita", "sportello"), CONFIGURAZIONI)
def test_lettura_veloce_uguale_al_percorso_controllato(scena, parita, sportello):
    w, prova, _domande = scena
    veloce, preparato, controllato, query = _letture(w, prova, parita, sportello)
    assert query == 3 and preparato is not None  # strumenti, the read's settings, the read
    assert veloce == controllato and len(veloce) == 10
    assert [str(v["punti"]) for v in veloce] == [str(v["punti"]) for v in controllato]  # same texts, same order
    for politica in ("ordine", "riempimento"):
        p = Parametri(budget=D("2500.00"), politica=politica, parziale=True, parita=parita, sportello=sportello)
        assert preparato == prepara(controllato, p)
        atteso, ottenuto = calcola(controllato, p), calcola(veloce, p, preparato)
        assert ottenuto.righe == atteso.righe and ottenuto.hash == atteso.hash
        assert ottenuto.finanziato == atteso.finanziato


@pytest.mark.parametrize("dettaglio", [
    [{"criterio": "isee", "punti": 5}],  # a JSON number
    [{"criterio": "isee", "punti": 123}],  # a number whose list text, cut as strings', would read "2"
    [{"criterio": "isee", "punti": "1.00"}, {"criterio": "eta", "punti": 12.5}],  # a number after a string
    [{"criterio": "isee", "punti": None}],  # null
    [{"criterio": "isee", "punti": '1.00", "2.00'}, {"criterio": "eta", "punti": "3.00"}],  # a quote inside
    [{"criterio": "isee", "punti": ["1.00"]}, {"criterio": "eta", "punti": "3.00"}],  # a list
    [{"criterio": "", "punti": "1.00"}],  # an empty criterion alone
    [{"criterio": 7, "punti": "1.00"}],  # a criterion that is not a string
    [{"criterio": "isee", "punti": "5.5"}],  # one decimal
    [{"criterio": "isee", "punti": "05.00"}],  # not canonical
    [{"criterio": "isee", "punti": "1.00"}, {"criterio": "isee", "punti": "2.00"}],  # repeated criterion
    [{"criterio": "", "punti": "1.00"}, {"criterio": "eta", "punti": "2.00"}],  # empty criterion
    [{"criterio": "isee"}],  # no points
    [{"criterio": "isee", "punti": "1.00"}, "x"],  # not an object
    [[{"criterio": "isee", "punti": "1.00"}]],  # nested list
    {"criterio": "isee", "punti": "1.00"},  # not a list
])
def test_forme_insolite_lette_dal_percorso_controllato(scena, dettaglio):
    """Read as before, including where the checked path refuses a value that is no number (same error)."""
    w, prova, domande = scena
    with ambito_scope(w.ambito):
        Domanda.objects.filter(pk=domande[2].pk).update(punteggio_dettaglio=dettaglio)
    parita = ("isee_crescente", "eta_decrescente", "valutazione_decrescente")
    p = Parametri(budget=D("2500.00"), parita=parita)
    try:
        veloce, preparato, controllato, query = _letture(w, prova, parita, False)
    except InvalidOperation:
        with ambito_scope(w.ambito), pytest.raises(InvalidOperation):
            selectors._voci(*selectors._lettura(selectors._domande(prova.bando, None, None), parita, w.ambito.pk),
                            {sb.pk: sb for sb in selectors.strumenti_del_bando(bando=prova.bando)})
        return
    assert preparato is None and query == 4
    assert veloce == controllato
    if "1.00\", " in str(dettaglio):  # kept as read by the checked path, refused by the ranking on both paths
        with pytest.raises(InvalidOperation):
            calcola(veloce, p, preparato)
        with pytest.raises(InvalidOperation):
            calcola(controllato, p)
        return
    assert calcola(veloce, p, preparato).hash == calcola(controllato, p).hash


def test_protocollo_senza_anno_letto_dal_percorso_controllato(scena):
    w, prova, domande = scena
    with ambito_scope(w.ambito):
        Domanda.objects.filter(pk=domande[0].pk).update(protocollo_anno=None)
    veloce, preparato, controllato, query = _letture(w, prova, ("isee_crescente",), False)
    assert preparato is None and query == 4 and veloce == controllato
