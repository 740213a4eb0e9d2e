"""The ISTAT survey "spesa sociale dei comuni": spending from the ledger and users from the domande, by comune,
ISTAT area and service through the mapping; the produced file parsed back against independent SQL totals; each
claimed check caught."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection

from ambito.jobs.models import StatoJob
from ambito.tenancy import ambito_scope
from fondi import services as fondi_services
from fondi.models import TipoDestinazione
from misure.models import StatoDomanda
from rendicontazione import services
from tests.fondi.helpers import D, assegnazione, determina_di_liquidazione, quota
from tests.misure.domande.helpers import bando_b2
from tests.rendicontazione.helpers import contenuto, euro, mappa, produci, righe_csv, righe_xlsx
from tests.rendicontazione.test_cruscotto_misure import domanda

pytestmark = pytest.mark.django_db


def paga(w, q, importo: str, data: dt.date) -> None:
    fondi_services.liquidazione_create(quota=q, importo=D(importo), data_contabile=data, actor=w.operatore,
                                       atto=determina_di_liquidazione(w.ambito))


@pytest.fixture
def indagine(mondo):
    """SAD in comune 0 (1,000 + 500 paid in 2025, 200 in 2026), a family service of the whole Ambito (300 in 2025);
    B2 caregiver domande: 3 financed in comune 0, one waiting (not a user), one ceased in 2024 (not a user)."""
    w = mondo.a
    c0 = w.comuni[0]
    with ambito_scope(w.ambito, actor=w.operatore):
        a = assegnazione(w.ambito, w.operatore, codice="FNPS", annualita=2024, importo="50000.00")
        sad = quota(a, w.operatore, importo="5000.00", tipo=TipoDestinazione.COMUNE, descrizione="SAD", comune=c0)
        famiglia = quota(a, w.operatore, importo="5000.00", descrizione="Centro per la famiglia")
        for q in (sad, famiglia):
            fondi_services.impegno_create(quota=q, importo=D("3000.00"), data_contabile=dt.date(2025, 3, 1),
                                          actor=w.operatore)
        paga(w, sad, "200.00", dt.date(2026, 1, 15))
        paga(w, sad, "1000.00", dt.date(2025, 4, 1))
        paga(w, sad, "500.00", dt.date(2025, 9, 1))
        paga(w, famiglia, "300.00", dt.date(2025, 5, 1))
        prova = bando_b2(w.ambito)
        for _i in range(3):
            domanda(w, prova, c0, StatoDomanda.FINANZIATA)
        domanda(w, prova, c0, StatoDomanda.LISTA_ATTESA)
        chiusa = domanda(w, prova, c0, StatoDomanda.CESSATA, presentata=dt.datetime(2024, 1, 10, tzinfo=dt.UTC))
        chiusa.chiusa_il = dt.datetime(2024, 10, 1, tzinfo=dt.UTC)
        chiusa.save()
    return w, sad, famiglia, prova


def mappa_strumento(w, strumento_id: int, **codici: str) -> None:
    with ambito_scope(w.ambito, actor=w.operatore):
        services.voce_mappatura_create(ambito=w.ambito, actor=w.operatore, tipo_oggetto="misure.strumento",
                                       chiave_oggetto=str(strumento_id), descrizione="Buono caregiver", **codici)


def sql_uno(w, query: str, *parametri):
    with ambito_scope(w.ambito), connection.cursor() as cursor:
        cursor.execute(query, [w.ambito.pk, *parametri])
        return cursor.fetchone()[0]


def test_the_file_parsed_back_equals_independent_totals(indagine, django_capture_on_commit_callbacks):
    w, sad, famiglia, prova = indagine
    mappa(w, sad, istat_area="ELD", istat_servizio="HOMECARE")
    mappa(w, famiglia, istat_area="FAM", istat_servizio="PSW")
    mappa_strumento(w, prova.caregiver.strumento_id, istat_area="ELD", istat_servizio="HOMECARE")
    invio = produci(w, django_capture_on_commit_callbacks, codice="istat_spesa_sociale")
    assert invio.job.stato == StatoJob.COMPLETATO, invio.anomalie
    righe = {(r["comune"], r["area"], r["servizio"]): r for r in righe_csv(contenuto(invio))}
    c0 = w.comuni[0]
    assert set(righe) == {(c0.codice_istat, "ELD", "HOMECARE"), ("", "FAM", "PSW")}
    sad_riga = righe[c0.codice_istat, "ELD", "HOMECARE"]
    assert (euro(sad_riga["spesa_comuni"]), sad_riga["utenti"], sad_riga["denominazione"]) == (
        Decimal("1500.00"), "3", c0.denominazione)
    assert euro(righe["", "FAM", "PSW"]["spesa_totale"]) == Decimal("300.00")
    assert {euro(r["compartecipazione_utenti"]) for r in righe.values()} == {Decimal(0)}  # not available
    pagato = sql_uno(w, "SELECT sum(importo * segno) FROM fondi_movimento WHERE ambito_id = %s "
                        "AND voce = 'liquidato' AND extract(year FROM data_contabile) = %s", 2025)
    assert sum(euro(r["spesa_comuni"]) for r in righe.values()) == pagato == Decimal("1800.00")
    persone = sql_uno(w, "SELECT count(DISTINCT beneficiario_id) FROM misure_domanda WHERE ambito_id = %s AND "
                         "stato IN ('finanziata','attiva','sospesa','cessata') AND (chiusa_il IS NULL OR "
                         "extract(year FROM chiusa_il) >= %s)", 2025)
    assert sum(int(r["utenti"]) for r in righe.values()) == persone == 3
    xlsx = produci(w, django_capture_on_commit_callbacks, codice="istat_spesa_sociale", formato="xlsx")
    assert len(righe_xlsx(contenuto(xlsx))) == 3  # header + the same two rows


def test_an_unmapped_quota_and_strumento_are_each_an_error_with_its_link(indagine,
                                                                         django_capture_on_commit_callbacks):
    w, sad, _famiglia, prova = indagine
    mappa(w, sad, istat_area="ELD", istat_servizio="HOMECARE")
    invio = produci(w, django_capture_on_commit_callbacks, codice="istat_spesa_sociale")
    assert invio.job.stato == StatoJob.FALLITO
    codici = sorted(a["codice"] for a in invio.anomalie)
    assert codici == ["quota_non_mappata", "strumento_non_mappato", "totale_non_corrispondente",
                      "totale_non_corrispondente"]
    quota_anomalia = next(a for a in invio.anomalie if a["codice"] == "quota_non_mappata")
    assert "«Centro per la famiglia»" in quota_anomalia["messaggio"]
    assert "tipo_oggetto=fondi.quota" in quota_anomalia["url"]
    strumento = next(a for a in invio.anomalie if a["codice"] == "strumento_non_mappato")
    assert f"chiave_oggetto={prova.caregiver.strumento_id}" in strumento["url"]


def test_a_mapping_without_a_service_is_a_missing_field(indagine, django_capture_on_commit_callbacks):
    w, sad, famiglia, prova = indagine
    mappa(w, sad, istat_area="ELD", istat_servizio="HOMECARE")
    mappa(w, famiglia, istat_area="FAM")  # no service: the quota cannot be placed
    mappa_strumento(w, prova.caregiver.strumento_id, istat_area="ELD", istat_servizio="HOMECARE")
    invio = produci(w, django_capture_on_commit_callbacks, codice="istat_spesa_sociale")
    assert invio.job.stato == StatoJob.FALLITO
    assert "quota_non_mappata" in {a["codice"] for a in invio.anomalie}
