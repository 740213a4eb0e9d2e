"""The demo loader maps the B2 strumenti (so the dashboard by measure shows the demo domande under an ISTAT area),
idempotently. On the shared world, not through seed_demo (that one takes a minute and a half)."""

from __future__ import annotations

import pytest

from ambito.tenancy import ambito_scope
from misure.models import Beneficiario, StatoDomanda
from rendicontazione.cruscotto_misure import cruscotto_misure
from rendicontazione.demo import carica_demo
from rendicontazione.selectors import mappatura_per
from tests.misure.domande.helpers import bando_b2
from tests.rendicontazione.test_cruscotto_misure import domanda

pytestmark = pytest.mark.django_db


def test_the_demo_maps_the_b2_strumenti_and_feeds_the_dashboard(mondo) -> None:
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        prova = bando_b2(w.ambito)
        prova.misura.codice = "b2"  # the demo measure's code
        prova.misura.save()
        straniero = domanda(w, prova, w.comuni[0], StatoDomanda.FINANZIATA).beneficiario
        Beneficiario.objects.filter(pk=straniero.pk).update(cittadinanza="Marocchina")
        carica_demo(ambito=w.ambito, actor=w.operatore)
        carica_demo(ambito=w.ambito, actor=w.operatore)  # a second run adds nothing (no unique-row error)
        # the demo's citizenships are coded for SIUSS (the State's numeric code)
        cittadinanze = mappatura_per(ambito=w.ambito, tipo_oggetto="misure.cittadinanza")
        assert {k: v.codice_cittadinanza for k, v in cittadinanze.items()} == {"marocchina": "504"}
        mappa = mappatura_per(ambito=w.ambito, tipo_oggetto="misure.strumento")
        assert {mappa[str(sb.strumento_id)].istat_area for sb in (prova.caregiver, prova.assistente)} == {"DIS"}
        # the FSR's destinations too, so the demo's FSR, ISTAT and SMAF/MEF returns find every paid quota mapped
        destinazioni = mappatura_per(ambito=w.ambito, tipo_oggetto="fondi.destinazione")
        assert {"udos", "spese_amministrative"} <= set(destinazioni)
        cruscotto = cruscotto_misure(ambito=w.ambito, anno=2025, sopprimi=False)
    assert [(r.etichetta, r.domande) for r in cruscotto.per_area] == [("Disabili", "1")]


def test_the_demo_mapping_lets_the_demo_produce_the_b2_and_dopo_di_noi_returns(
        mondo, monkeypatch, django_capture_on_commit_callbacks) -> None:
    """With the demo measures' codes (``b2``, ``dopo-di-noi``) and the default parameters: the B2 caregiver is BCF
    in the quarterly monitoring, the Dopo di Noi template's strumento ``c1`` is intervention C1."""
    import datetime as dt

    from ambito.jobs.models import StatoJob
    from misure.models import EdizioneMisura, Misura, Strumento
    from misure.services import domande as domande_services
    from tests.misure.domande.helpers import valuta_finta
    from tests.misure.erogazioni.helpers import conferma, piano, prepara, scenario
    from tests.rendicontazione.helpers import contenuto, produci, righe_csv

    monkeypatch.setattr(domande_services, "_valuta_domanda", valuta_finta)
    w = mondo.a
    s = scenario(w)
    with ambito_scope(w.ambito):
        s.prova.misura.codice = "b2"
        s.prova.misura.save()
        ddn = Misura.objects.create(ambito=w.ambito, codice="dopo-di-noi", nome="Dopo di Noi")
        edizione = EdizioneMisura.objects.create(ambito=w.ambito, misura=ddn, titolo="DdN", annualita=2024,
                                                 esercizio=2025)
        c1 = Strumento.objects.create(ambito=w.ambito, edizione=edizione, codice="c1", nome="C1 — Voucher")
    piano(w, s)
    conferma(w, s, prepara(w, s, dt.date(2025, 3, 1)))
    with ambito_scope(w.ambito, actor=w.operatore):
        carica_demo(ambito=w.ambito, actor=w.operatore)
        assert mappatura_per(ambito=w.ambito, tipo_oggetto="misure.strumento")[str(c1.pk)].ddn_intervento == "C1"
    b2 = produci(w, django_capture_on_commit_callbacks, codice="b2_trimestrale")
    assert b2.job.stato == StatoJob.COMPLETATO, b2.anomalie
    assert [(r["strumento"], r["mesi"]) for r in righe_csv(contenuto(b2))] == [("BCF", "1")]
    sheet = produci(w, django_capture_on_commit_callbacks, codice="dopo_di_noi")
    assert sheet.job.stato == StatoJob.COMPLETATO, sheet.anomalie
    assert len(righe_csv(contenuto(sheet))) == 7
def test_the_demo_completes_what_the_siuss_file_needs(mondo, django_capture_on_commit_callbacks, settings) -> None:
    """The returns' demo gives the B2 strumenti their benefit code (A1.11) and the Ambito its ente data; misure's
    demo (erogazioni) gives the domande with a plan their SINA assessment: with both, in seed_demo's order
    (misure before rendicontazione), the demo's SIUSS file is produced and valid. Without misure's assessments the
    file is still refused, for the SINA block only."""
    from ambito.jobs.models import StatoJob
    from misure.demo.erogazioni import valutazioni_sina
    from rendicontazione.codici import CARTELLA_SIUSS
    from tests.rendicontazione.helpers import contenuto, produci
    from tests.rendicontazione.siuss_mondo import mondo_siuss

    settings.RENDICONTAZIONE_SIUSS_XSD_DIR = str(CARTELLA_SIUSS)
    w = mondo.a
    m = mondo_siuss(w, con_sina=False, mappato=False, configurato=False)
    with ambito_scope(w.ambito, actor=w.operatore):
        m.prova.misura.codice = "b2"
        m.prova.misura.save()
    prima = produci(w, django_capture_on_commit_callbacks, codice="siuss", formato="xml")
    assert prima.job.stato == StatoJob.FALLITO
    with ambito_scope(w.ambito, actor=w.operatore):
        carica_demo(ambito=w.ambito, actor=w.operatore)
    senza_sina = produci(w, django_capture_on_commit_callbacks, codice="siuss", formato="xml")
    assert senza_sina.job.stato == StatoJob.FALLITO
    assert {a["codice"] for a in senza_sina.anomalie if a["gravita"] == "errore"} == {"sina_mancante"}
    with ambito_scope(w.ambito, actor=w.operatore):
        assert valutazioni_sina(ambito=w.ambito, actor=w.operatore) > 0  # misure's demo
        assert valutazioni_sina(ambito=w.ambito, actor=w.operatore) == 0  # idempotent
        carica_demo(ambito=w.ambito, actor=w.operatore)  # idempotent
    invio = produci(w, django_capture_on_commit_callbacks, codice="siuss", formato="xml")
    assert invio.job.stato == StatoJob.COMPLETATO, invio.anomalie
    assert b"A1.11" in contenuto(invio)
