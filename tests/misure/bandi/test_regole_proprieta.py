"""Property tests (hypothesis): validation never crashes on any JSON, and evaluation never crashes on any rule
set that validates, whatever the declared data (missing, extreme, odd types in the yes/no conditions)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from misure.models import EsitoVerifica
from misure.regole import DatiDomanda, valida_regole, valuta
from misure.regole.schema import CRITERI_PARITA, TIPI_ISEE
from misure.regole.tipi import AltraDomanda, BeneficioDichiarato

json = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
                    lambda figli: st.lists(figli, max_size=4) | st.dictionaries(st.text(max_size=8), figli, max_size=4),
                    max_leaves=20)
CODICI = st.sampled_from(["b1", "b2", "pro-vi", "caregiver", "vive_solo", "uvm", "hcp"])
# Mostly valid values (invalid rule sets are filtered out; the first test covers arbitrary JSON).
numero = st.one_of(st.integers(0, 200_000), st.decimals(0, 100_000, places=2).map(str))
eta = st.integers(0, 130)
intervallo_eta = st.fixed_dictionaries({}, optional={"eta_min": st.integers(0, 130), "eta_max": st.integers(0, 130)})
classe = intervallo_eta.flatmap(lambda d: st.fixed_dictionaries({
    **{k: st.just(v) for k, v in d.items()}, "classe": st.sampled_from(["adulti", "minori", ""]),
    "tipi": st.lists(st.sampled_from(sorted(TIPI_ISEE)), min_size=1, max_size=3), "massimo": numero}))
fascia = st.fixed_dictionaries({"da": numero, "punti": numero}, optional={"a": numero})
fascia_eta = st.fixed_dictionaries({"da": eta, "punti": numero}, optional={"a": eta})
voce_cert = st.one_of(st.fixed_dictionaries({"tipo": st.sampled_from(["l104_c3", "l104_c1", "accompagnamento"])}),
                      st.fixed_dictionaries({"tipo": st.just("invalidita"), "minimo": st.integers(0, 101)}))
condizione = st.fixed_dictionaries({"codice": CODICI, "descrizione": st.just("Condizione")},
                                   optional={"richiesta": st.booleans(), "punti": numero})

ammissibilita = st.fixed_dictionaries({}, optional={
    "residenza_ambito": st.booleans(), "domicilio": st.booleans(),
    "eta": st.fixed_dictionaries({}, optional={"min": eta, "max": eta}),
    "isee": st.fixed_dictionaries({"classi": st.lists(classe, min_size=1, max_size=3)},
                                  optional={"in_corso_di_validita": st.booleans()}),
    "certificazioni": st.fixed_dictionaries({"modo": st.sampled_from(["almeno_una", "tutte"]),
                                             "elenco": st.lists(voce_cert, min_size=1, max_size=4)}),
    "condizioni": st.lists(condizione.map(lambda c: {k: v for k, v in c.items() if k != "punti"}),
                           min_size=1, max_size=3),
})
punteggio = st.fixed_dictionaries({}, optional={
    "isee": st.fixed_dictionaries({"fasce": st.lists(fascia, min_size=1, max_size=4)}),
    "eta": st.fixed_dictionaries({"fasce": st.lists(fascia_eta, min_size=1, max_size=4)}),
    "condizioni": st.lists(condizione.map(lambda c: {k: v for k, v in c.items() if k != "richiesta"}),
                           min_size=1, max_size=3),
    "valutazione": st.fixed_dictionaries({"punti_massimi": numero},
                                         optional={"scala_massima": numero, "inversa": st.booleans()}),
    "parita": st.lists(st.sampled_from(sorted(CRITERI_PARITA)), min_size=1, max_size=3, unique=True),
})
regola_incompatibilita = st.fixed_dictionaries({
    "codice": CODICI, "descrizione": st.just("Incompatibilità"),
    "tipo": st.sampled_from(["misura", "strumento", "beneficio_esterno"]), "riferimento": CODICI,
    "modo": st.sampled_from(["esclusiva", "entro_costo"])})
incompatibilita = st.fixed_dictionaries({}, optional={"regole": st.lists(regola_incompatibilita, min_size=1,
                                                                         max_size=3, unique_by=lambda r: r["codice"])})

importo = st.one_of(st.none(), st.decimals(0, 1_000_000, places=2))
dati = st.builds(
    DatiDomanda,
    data_nascita=st.one_of(st.none(), st.dates(dt.date(1900, 1, 1), dt.date(2025, 12, 31))),
    residente_ambito=st.one_of(st.none(), st.booleans()),
    isee_tipo=st.sampled_from(["", *sorted(TIPI_ISEE)]),
    isee_valore=importo,
    isee_scadenza=st.one_of(st.none(), st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1))),
    l104_c3=st.one_of(st.none(), st.booleans()), l104_c1=st.one_of(st.none(), st.booleans()),
    indennita_accompagnamento=st.one_of(st.none(), st.booleans()),
    invalidita_percentuale=st.one_of(st.none(), st.integers(0, 100)),
    vive_al_domicilio=st.one_of(st.none(), st.booleans()),
    condizioni=st.dictionaries(CODICI, json, max_size=4),
    punteggio_valutazione=st.one_of(st.none(), st.decimals(-10, 1000, places=2)),
    punteggio_massimo_valutazione=st.one_of(st.none(), st.decimals(0, 1000, places=2)),
    importo_mensile=importo, costo_effettivo_mensile=importo,
    altre_domande=st.lists(st.builds(AltraDomanda, descrizione=st.just("Altra"), misura=CODICI, strumento=CODICI,
                                     importo_mensile=importo), max_size=3).map(tuple),
    benefici=st.lists(st.builds(BeneficioDichiarato, codice=CODICI, descrizione=st.just("B"),
                                importo_mensile=importo), max_size=3).map(tuple),
    protocollo=st.one_of(st.none(), st.tuples(st.integers(2020, 2030), st.integers(1, 10_000))),
)


@settings(max_examples=200, deadline=None)
@given(json, json, json)
def test_la_validazione_non_si_rompe_su_nessun_json(a, p, i) -> None:
    for errore in valida_regole(ammissibilita=a, punteggio=p, incompatibilita=i):
        assert errore.percorso.split(".")[0].split("[")[0] in {"ammissibilita", "punteggio", "incompatibilita"}
        assert errore.messaggio


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(ammissibilita, punteggio, incompatibilita, dati, st.dates(dt.date(2024, 1, 1), dt.date(2026, 12, 31)))
def test_la_valutazione_non_si_rompe_su_regole_valide(a, p, i, d, oggi) -> None:
    assume(not valida_regole(ammissibilita=a, punteggio=p, incompatibilita=i))
    risultato = valuta(d, ammissibilita=a, punteggio=p, incompatibilita=i, oggi=oggi)
    for riga in [*risultato.ammissibilita, *risultato.incompatibilita]:
        assert riga.esito in EsitoVerifica.values and riga.descrizione and riga.dettaglio
        assert len(riga.descrizione) <= 300 and len(riga.dettaglio) <= 300 and len(riga.codice) <= 60
    assert len(risultato.incompatibilita) == len(i.get("regole", []))
    if risultato.punteggio is not None:
        assert risultato.punteggio == sum((Decimal(r["punti"]) for r in risultato.dettaglio_punteggio), Decimal(0))
    assert len(risultato.chiave_parita) == len(p.get("parita", []))
    sorted([risultato.chiave_parita, risultato.chiave_parita])  # comparable with itself
