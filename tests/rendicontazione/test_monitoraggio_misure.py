"""The regional monitoring returns built on misure's payments: FNA Misura B2 (``b2_trimestrale``) and Dopo di Noi
(``dopo_di_noi``). Payments made through the erogazioni services (monthly runs confirmed by two people, one fondi
liquidazione per run × quota × comune); each produced file parsed back against independent SQL sums over the
payments and the ledger; each claimed check caught; another Ambito sees nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django_scopes import scopes_disabled

from ambito.audit.models import AccessoDatiSensibili
from ambito.jobs.models import StatoJob
from ambito.tenancy import ambito_scope
from misure.models import Domanda
from misure.services import domande as domande_services
from rendicontazione import services
from rendicontazione.models import VoceMappatura
from tests.misure.domande.helpers import attestazione_isee, valuta_finta
from tests.misure.erogazioni.helpers import conferma, piano, prepara, scenario
from tests.rendicontazione.helpers import contenuto, euro, produci, righe_csv, righe_xml

pytestmark = pytest.mark.django_db


@pytest.fixture
def pagati(mondo, monkeypatch):
    """Three B2 caregiver plans (100 €/month): A and B in comune 0 (B from February), C in comune 1 with an ISEE
    attestation of 9,500 € (a later one, issued after the quarter, is not the quarter's); runs of January–April
    confirmed. Q1: A 3 months, B 2, C 3 = 800 €; April: 300 €."""
    monkeypatch.setattr(domande_services, "_valuta_domanda", valuta_finta)
    w = mondo.a
    s = scenario(w)
    a = piano(w, s, cognome="Alfa")
    b = piano(w, s, cognome="Beta", mese_inizio=dt.date(2025, 2, 1))
    c = piano(w, s, cognome="Gamma", comune=w.comuni[1])
    with ambito_scope(w.ambito):
        attestazione_isee(w.ambito, c.beneficiario, Decimal("9500.00"), rilasciata_il=dt.date(2025, 1, 10),
                          scade_il=dt.date(2025, 12, 31))
        attestazione_isee(w.ambito, c.beneficiario, Decimal("30000.00"), rilasciata_il=dt.date(2025, 5, 10),
                          scade_il=dt.date(2026, 5, 9))
    for mese in (1, 2, 3, 4):
        conferma(w, s, prepara(w, s, dt.date(2025, mese, 1)))
    return w, s, {"a": a, "b": b, "c": c}


def mappa_strumento(w, strumento_id: int, **codici: str) -> None:
    with ambito_scope(w.ambito, actor=w.operatore):
        services.voce_mappatura_create(ambito=w.ambito, actor=w.operatore, tipo_oggetto="misure.strumento",
                                       chiave_oggetto=str(strumento_id), descrizione="Buono caregiver", **codici)


def sql(w, query: str, *parametri):
    with ambito_scope(w.ambito), connection.cursor() as cursor:
        cursor.execute(query, [w.ambito.pk, *parametri])
        return cursor.fetchone()[0]


PAGATO_SQL = ("SELECT sum(importo) FROM misure_pagamento WHERE ambito_id = %s AND mese BETWEEN %s AND %s")
LIQUIDATO_SQL = ("SELECT sum(m.importo * m.segno) FROM fondi_movimento m JOIN misure_distinta d ON d.id = m.object_id "
                 "JOIN django_content_type t ON t.id = m.content_type_id AND t.model = 'distinta' "
                 "WHERE m.ambito_id = %s AND m.tipo = 'liquidazione' AND d.mese BETWEEN %s AND %s")


def b2(w, capture, s, *, periodo: int = 1, formato: str = "csv", **parametri):
    return produci(w, capture, codice="b2_trimestrale", periodo=periodo, formato=formato,
                   parametri={"misura": s.prova.misura.codice, **parametri})


# --- FNA B2 ------------------------------------------------------------------------------------------------------


def test_the_b2_file_parsed_back_equals_the_payments_and_the_ledger(pagati, django_capture_on_commit_callbacks,
                                                                    client_per):
    w, s, piani = pagati
    mappa_strumento(w, s.prova.caregiver.strumento_id, b2_strumento="BCF")
    invio = b2(w, django_capture_on_commit_callbacks, s)
    assert invio.job.stato == StatoJob.COMPLETATO, invio.anomalie
    righe = righe_csv(contenuto(invio))
    assert list(righe[0]) == ["comune", "denominazione", "codice_fiscale", "sesso", "data_nascita", "strumento",
                              "strumento_locale", "mesi", "primo_mese", "ultimo_mese", "importo", "indebiti",
                              "isee_tipo", "isee_valore", "isee_fonte"]
    per_cf = {r["codice_fiscale"]: r for r in righe}
    a, b, c = (piani[k].beneficiario for k in "abc")
    assert {cf: (r["mesi"], euro(r["importo"]), r["strumento"]) for cf, r in per_cf.items()} == {
        a.codice_fiscale: ("3", Decimal("300.00"), "BCF"), b.codice_fiscale: ("2", Decimal("200.00"), "BCF"),
        c.codice_fiscale: ("3", Decimal("300.00"), "BCF")}
    assert (per_cf[c.codice_fiscale]["comune"], per_cf[c.codice_fiscale]["primo_mese"]) == (
        w.comuni[1].codice_istat, "01/01/2025")
    # ISEE: C's attestation issued by the quarter's end (not the later one); A's declared one
    assert (euro(per_cf[c.codice_fiscale]["isee_valore"]), per_cf[c.codice_fiscale]["isee_fonte"]) == (
        Decimal("9500.00"), "attestazione")
    assert (euro(per_cf[a.codice_fiscale]["isee_valore"]), per_cf[a.codice_fiscale]["isee_fonte"]) == (
        Decimal("12000.00"), "dichiarato")
    dal, al = dt.date(2025, 1, 1), dt.date(2025, 3, 31)
    totale = sum(euro(r["importo"]) for r in righe)
    assert totale == sql(w, PAGATO_SQL, dal, al) == sql(w, LIQUIDATO_SQL, dal, al) == Decimal("800.00")
    # the ISEE read once per record, logged
    with scopes_disabled():
        letture = AccessoDatiSensibili.objects.filter(contesto="Monitoraggio FNA B2 1° trimestre 2025")
        assert sorted(letture.values_list("utente_id", "campi")) == sorted(
            [(w.operatore.pk, ["tipo_isee", "valore_isee"]), (w.operatore.pk, ["isee_valore"]),
             (w.operatore.pk, ["isee_valore"])])
    # periodic (from January) for the second quarter: January–June
    progressivo = b2(w, django_capture_on_commit_callbacks, s, periodo=2, formato="xml", intervallo="progressivo")
    righe_p = righe_xml(contenuto(progressivo))
    assert sum(Decimal(r["importo"]) for r in righe_p) == sql(w, PAGATO_SQL, dal, dt.date(2025, 6, 30)) == Decimal(
        "1100.00")
    assert {r["codice_fiscale"]: r["isee_valore"] for r in righe_p}[c.codice_fiscale] == "30000.00"
    # the production page names its parameters as the form does
    pagina = client_per(w.operatore).get(f"/a/{w.ambito.slug}/rendicontazione/invii/{progressivo.pk}/")
    testo = pagina.content.decode()
    assert "Mesi considerati" in testo and "Da gennaio alla fine del trimestre" in testo and "intervallo" not in testo


def test_each_b2_check_stops_the_file_with_its_link(pagati, django_capture_on_commit_callbacks, monkeypatch):
    w, s, piani = pagati
    invio = b2(w, django_capture_on_commit_callbacks, s)  # the strumento is not mapped
    assert invio.job.stato == StatoJob.FALLITO
    assert {(a["codice"], a["campo"]) for a in invio.anomalie} == {("obbligatorio", "strumento")}
    assert f"chiave_oggetto={s.prova.caregiver.strumento_id}" in invio.anomalie[0]["url"]
    with ambito_scope(w.ambito):  # a row written before the list changed, and a person with no ISEE at all
        VoceMappatura.objects.create(ambito=w.ambito, tipo_oggetto="misure.strumento", descrizione="Vecchio",
                                     chiave_oggetto=str(s.prova.caregiver.strumento_id), b2_strumento="XYZ")
        Domanda.objects.filter(pk=piani["b"].domanda_id).update(isee_valore=None)
    invio = b2(w, django_capture_on_commit_callbacks, s)
    anomalie = {(a["codice"], a["campo"]): a for a in invio.anomalie}
    assert set(anomalie) == {("codice_non_ammesso", "strumento"), ("obbligatorio", "isee_valore")}
    assert len([a for a in invio.anomalie if a["codice"] == "codice_non_ammesso"]) == 3
    assert f"/beneficiari/{piani['b'].beneficiario_id}/" in anomalie["obbligatorio", "isee_valore"]["url"]
    with ambito_scope(w.ambito):
        VoceMappatura.objects.filter(ambito=w.ambito).update(b2_strumento="BCF")
        Domanda.objects.filter(pk=piani["b"].domanda_id).update(isee_valore=Decimal("15000.00"))
    from misure.selectors import monitoraggio
    from rendicontazione.ritorni import fna_b2

    vero = fna_b2.liquidato_delle_distinte
    monkeypatch.setattr(fna_b2, "liquidato_delle_distinte", lambda **k: vero(**k) + Decimal("0.01"))
    blocchi = monitoraggio.pagamenti_per_beneficiario

    def pagato_due_volte(**kwargs):  # the first person paid twice for one month (two domande, same strumento)
        for n, blocco in enumerate(blocchi(**kwargs)):
            yield [r._replace(pagamenti=r.pagamenti + 1) if n == i == 0 else r
                   for i, r in enumerate(blocco)]

    monkeypatch.setattr(monitoraggio, "pagamenti_per_beneficiario", pagato_due_volte)
    with scopes_disabled():
        letture_prima = AccessoDatiSensibili.objects.filter(contesto__startswith="Monitoraggio FNA B2").count()
    invio = b2(w, django_capture_on_commit_callbacks, s)
    assert invio.job.stato == StatoJob.FALLITO and not invio.job.risultato
    anomalie = {a["codice"]: a for a in invio.anomalie}
    assert sorted(anomalie) == ["mesi_non_corrispondenti", "totale_non_corrispondente"]
    assert "800,00 €" in anomalie["totale_non_corrispondente"]["messaggio"]
    assert anomalie["mesi_non_corrispondenti"]["riga"] == 1
    assert "/beneficiari/" in anomalie["mesi_non_corrispondenti"]["url"]
    with scopes_disabled():  # the rows were read once, checked on their way into the file: the reads are logged
        letture = AccessoDatiSensibili.objects.filter(contesto__startswith="Monitoraggio FNA B2").count()
        assert letture - letture_prima == 3
    monkeypatch.undo()
    monkeypatch.setattr(domande_services, "_valuta_domanda", valuta_finta)
    with django_capture_on_commit_callbacks(execute=True), ambito_scope(w.ambito):  # nobody to log the reads for
        senza = services.invio_create(ambito=w.ambito, actor=None, codice="b2_trimestrale", anno=2025, periodo=1,
                                      formato="csv", parametri={"misura": s.prova.misura.codice})
    with scopes_disabled():
        senza.job.refresh_from_db()
    assert senza.job.stato == StatoJob.FALLITO and "deve produrlo una persona" in senza.job.errore


def test_another_ambito_sees_no_payment(pagati, mondo, django_capture_on_commit_callbacks):
    _w, s, _piani = pagati
    invio = produci(mondo.b, django_capture_on_commit_callbacks, codice="b2_trimestrale",
                    parametri={"misura": s.prova.misura.codice})
    assert invio.job.stato == StatoJob.COMPLETATO, invio.anomalie
    assert righe_csv(contenuto(invio)) == []
    ddn = produci(mondo.b, django_capture_on_commit_callbacks, codice="dopo_di_noi",
                  parametri={"misura": s.prova.misura.codice})
    assert {r["beneficiari"] for r in righe_csv(contenuto(ddn))} == {"0"}


# --- Dopo di Noi -------------------------------------------------------------------------------------------------


def test_the_dopo_di_noi_sheet_has_every_code_and_the_ledgers_spend(pagati, django_capture_on_commit_callbacks):
    """The same payments read as a Dopo di Noi measure (its code is a parameter): the strumento mapped to C1."""
    w, s, _piani = pagati
    mappa_strumento(w, s.prova.caregiver.strumento_id, ddn_intervento="C1")
    invio = produci(w, django_capture_on_commit_callbacks, codice="dopo_di_noi",
                    parametri={"misura": s.prova.misura.codice})
    assert invio.job.stato == StatoJob.COMPLETATO, invio.anomalie
    righe = {r["intervento"]: r for r in righe_csv(contenuto(invio))}
    assert list(righe) == ["A", "B1", "B2", "C1", "C2", "D", "E"]
    dal, al = dt.date(2025, 1, 1), dt.date(2025, 6, 30)
    persone = sql(w, "SELECT count(DISTINCT beneficiario_id) FROM misure_pagamento WHERE ambito_id = %s "
                     "AND mese BETWEEN %s AND %s", dal, al)
    assert (righe["C1"]["beneficiari"], euro(righe["C1"]["spesa"]), righe["C1"]["strumenti"]) == (
        str(persone), sql(w, LIQUIDATO_SQL, dal, al), "Buono caregiver familiare")
    assert (persone, euro(righe["C1"]["spesa"])) == (3, Decimal("1100.00"))
    assert {(r["beneficiari"], r["spesa"]) for k, r in righe.items() if k != "C1"} == {("0", "0,00")}


def test_each_dopo_di_noi_check_is_caught(pagati, django_capture_on_commit_callbacks):
    w, s, _piani = pagati
    parametri = {"misura": s.prova.misura.codice}
    invio = produci(w, django_capture_on_commit_callbacks, codice="dopo_di_noi", parametri=parametri)
    assert invio.job.stato == StatoJob.FALLITO
    assert sorted(a["codice"] for a in invio.anomalie) == ["strumento_non_mappato", "totale_non_corrispondente"]
    mancante = next(a for a in invio.anomalie if a["codice"] == "strumento_non_mappato")
    assert "«Buono caregiver familiare»" in mancante["messaggio"]
    assert f"chiave_oggetto={s.prova.caregiver.strumento_id}" in mancante["url"]
    with ambito_scope(w.ambito):  # a code the regional list does not have (written before the list changed)
        VoceMappatura.objects.create(ambito=w.ambito, tipo_oggetto="misure.strumento", descrizione="Vecchio",
                                     chiave_oggetto=str(s.prova.caregiver.strumento_id), ddn_intervento="F")
    invio = produci(w, django_capture_on_commit_callbacks, codice="dopo_di_noi", parametri=parametri)
    assert [(a["codice"], a["riga"]) for a in invio.anomalie] == [("codice_non_ammesso", 8)]


def test_the_mapping_refuses_codes_outside_the_lists(pagati):
    from ambito.errors import RegolaViolata

    w, s, _piani = pagati
    for campo in ("ddn_intervento", "b2_strumento"):
        with pytest.raises(RegolaViolata) as errore:
            mappa_strumento(w, s.prova.caregiver.strumento_id, **{campo: "ZZ"})
        assert errore.value.campo == campo
