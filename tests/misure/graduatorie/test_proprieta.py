"""Property tests (hypothesis) of the pure ranking: a permutation of the eligible domande, sorted by score and
tie-breakers; funded never beyond the budget; strict order ⇒ funded rows are a prefix; fill ⇒ no unfunded row
would have fitted in the residual left when it was reached; the hash does not depend on the input order."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from misure.regole.graduatoria import (
    Parametri,
    _punti_veloci,
    calcola,
    chiave_ordinamento,
    funzione_chiave,
    prepara,
    punti_pesati,
)

CRITERI = ["isee", "eta", "condizione:a", "condizione:b", "valutazione", "altro"]
punti = st.decimals(0, 50, places=2)
voce = st.fixed_dictionaries({
    "stato": st.sampled_from(["ammissibile"] * 6 + ["in_sospeso", "non_ammissibile"]),
    "punti": st.dictionaries(st.sampled_from(CRITERI), punti.map(str), max_size=6),
    "isee": st.one_of(st.none(), st.decimals(0, 40000, places=2).map(str)),
    "nascita": st.one_of(st.none(), st.dates().map(lambda d: d.isoformat())),
    "valutazione": st.one_of(st.none(), st.integers(0, 100).map(str)),
    "protocollo": st.one_of(st.none(), st.tuples(st.just(2025), st.integers(1, 30)).map(list)),
    "importo_mensile": st.one_of(st.none(), st.decimals(1, 900, places=2).map(str)),
    "mesi": st.integers(0, 12),
})
snapshot = st.lists(voce, max_size=30).map(
    lambda vs: [{**v, "id": i, "codice": f"C{i}", "comune": i % 4, "strumento": 1, "motivo": ""}
                for i, v in enumerate(vs, start=1)])
parametri = st.builds(Parametri, budget=st.decimals(0, 60000, places=2), politica=st.sampled_from(["ordine",
                      "riempimento"]), parziale=st.booleans(),
                      parita=st.lists(st.sampled_from(["isee_crescente", "eta_decrescente", "eta_crescente",
                                                       "protocollo_crescente", "valutazione_decrescente"]),
                                      max_size=3, unique=True).map(tuple))


@settings(max_examples=150, deadline=None)
@given(snapshot, parametri, st.randoms())
def test_proprieta_della_graduatoria(snap, p, caso):
    r = calcola(snap, p)
    idonee = [v for v in snap if v["stato"] == "ammissibile"]
    graduate = [x for x in r.righe if x.posizione is not None]
    # a permutation of the eligible domande, positions 1..n
    assert sorted(x.domanda for x in graduate) == sorted(v["id"] for v in idonee)
    assert [x.posizione for x in graduate] == list(range(1, len(graduate) + 1))
    assert len(r.righe) == len(snap)
    # sorted by score then tie-breakers (the documented total order)
    per_id = {v["id"]: v for v in snap}
    chiavi = [chiave_ordinamento(per_id[x.domanda], punti_pesati(per_id[x.domanda], {})[1], p) for x in graduate]
    assert chiavi == sorted(chiavi)
    assert all(graduate[i].punteggio >= graduate[i + 1].punteggio for i in range(len(graduate) - 1))
    # never beyond the budget
    assert sum((x.importo_assegnato for x in r.righe), Decimal(0)) == r.finanziato <= p.budget
    finanziate = [x.esito == "finanziata" for x in graduate]
    if p.politica == "ordine":
        # funded rows are a prefix (rows with an unknown cost are skipped, never funded)
        primo_non = next((i for i, x in enumerate(graduate) if x.esito != "finanziata"
                          and x.importo_richiesto is not None), len(graduate))
        assert not any(finanziate[primo_non + 1:])
    else:
        residuo = p.budget
        for x in graduate:
            if x.esito == "finanziata":
                residuo -= x.importo_assegnato
            elif x.importo_richiesto is not None:
                assert x.importo_richiesto > residuo
    # the same result whatever the input order
    mescolato = list(snap)
    caso.shuffle(mescolato)
    assert calcola(mescolato, p).hash == r.hash


@settings(max_examples=150, deadline=None)
@given(snapshot, parametri, st.booleans())
def test_percorso_veloce_uguale_al_riferimento(snap, p, sportello):
    """The per-rule-set key closure and the unweighted points give exactly what the reference functions give
    (the fast path the ranking uses must not change a single row)."""
    p = Parametri(budget=p.budget, politica=p.politica, parziale=p.parziale, parita=p.parita, sportello=sportello)
    chiave = funzione_chiave(p)
    for v in snap:
        punti, totale = punti_pesati(v, {})
        assert _punti_veloci(v) == (punti, totale)
        assert str(_punti_veloci(v)[1]) == str(totale)
        assert chiave(v, totale) == chiave_ordinamento(v, totale, p)


@settings(max_examples=150, deadline=None)
@given(snapshot, parametri, st.booleans(), st.one_of(st.none(), st.decimals(0, 120, places=2)))
def test_percorso_preparato_uguale_al_riferimento(snap, p, sportello, soglia):
    """With the per-row values the selector's read computes (their reference: ``prepara``), the ranking gives the
    same rows, totals, funding and hash as from the snapshot alone; weights or other tie-breakers than the
    prepared ones take the reference path."""
    p = Parametri(budget=p.budget, politica=p.politica, parziale=p.parziale, parita=p.parita, sportello=sportello,
                  soglia=soglia)
    preparato = prepara(snap, p)
    assert preparato is not None  # the strategy's points are canonical two-decimal strings
    atteso, ottenuto = calcola(snap, p), calcola(snap, p, preparato)
    assert ottenuto.righe == atteso.righe
    assert [str(r.punteggio) for r in ottenuto.righe] == [str(r.punteggio) for r in atteso.righe]
    assert (ottenuto.finanziato, ottenuto.residuo, ottenuto.hash) == (atteso.finanziato, atteso.residuo, atteso.hash)
    assert not preparato.vale_per(snap, Parametri(budget=p.budget, parita=p.parita, sportello=sportello,
                                                  pesi={"isee": Decimal(2)}))
    altre = ("protocollo_crescente",) if p.parita != ("protocollo_crescente",) else ()
    assert not preparato.vale_per(snap, Parametri(budget=p.budget, parita=altre, sportello=sportello))


def test_prepara_rifiuta_punti_non_canonici():
    base = {"id": 1, "stato": "ammissibile", "protocollo": [2025, 1]}
    assert prepara([{**base, "punti": {"a": "5"}}], Parametri(budget=Decimal(0))) is None
    assert prepara([{**base, "punti": {"a": "05.00"}}], Parametri(budget=Decimal(0))) is None
    assert prepara([{**base, "punti": {"a": 5}}], Parametri(budget=Decimal(0))) is None
    assert prepara([{**base, "punti": {"a": "5.00"}}], Parametri(budget=Decimal(0))).coppie == ["\x1fa=5.00"]
