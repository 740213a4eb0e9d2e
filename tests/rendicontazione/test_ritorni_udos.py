"""The returns read from udos: the FSR consuntivo per unit and the FSR assignment plan (with fondi's ledger), the
register of units. Files parsed back against the fixture's own figures; each check's error kind; isolation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django_scopes import scopes_disabled

from ambito.jobs.models import StatoJob
from ambito.tenancy import ambito_scope
from fondi import services as fondi_services
from fondi.models import Movimento, TipoDestinazione
from rendicontazione.registry import ritorni
from tests.fondi.helpers import D, assegnazione, atto, determina_di_liquidazione, quota
from tests.rendicontazione.helpers import contenuto, euro, produci, righe_csv, righe_xlsx
from tests.udos import helpers
from udos import services as udos_services
from udos.models import ConsuntivoFSR, UnitaOfferta

pytestmark = pytest.mark.django_db


@pytest.fixture
def fsr(mondo):
    """Lodi: a nido (AFAM-N1, capacity 20) and a CAG (AFAM-C1, capacity 30) with their 2025 FSR accounts; the
    nido granted 40,000 (committed with it) of the FSR 2025 and paid 15,000.50; the CAG not yet assigned. The FSR
    2025 also pays the office's running costs (20,000 allocated)."""
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        nido = helpers.unita_attiva(w, denominazione="Nido Arcobaleno", capacita=20, codice_afam="AFAM-N1")
        cag = helpers.unita_attiva(w, denominazione="CAG Il Ponte", codice="CAG", capacita=30, codice_afam="AFAM-C1")
        c_nido = udos_services.consuntivo_create(unita=nido, actor=w.operatore, anno=2025, utenti=28, giornate=220,
                                                 costi=D("310000.00"), ricavi=D("262500.00"))
        udos_services.consuntivo_create(unita=cag, actor=w.operatore, anno=2025, utenti=30, giornate=200,
                                        costi=D("50000.00"), ricavi=D("20000.00"))
        a = assegnazione(w.ambito, w.operatore, codice="FSR", annualita=2025, importo="500000.00")
        c_nido = udos_services.contributo_assign(consuntivo=c_nido, actor=w.operatore, assegnazione=a,
                                                 importo=D("40000.00"), atto=atto(w.ambito),
                                                 data_contabile=dt.date(2025, 11, 1))
        udos_services.contributo_liquidate(consuntivo=c_nido, actor=w.operatore, importo=D("15000.50"),
                                           data_contabile=dt.date(2025, 12, 1),
                                           atto=determina_di_liquidazione(w.ambito))
        quota(a, w.operatore, importo="20000.00", tipo=TipoDestinazione.SPESE_AMMINISTRATIVE,
              descrizione="Gestione dell'Ufficio di Piano", area="")
    return w, nido, cag, c_nido


def test_the_fsr_consuntivo_lists_each_units_accounts_and_the_ledgers_contribution(
        fsr, django_capture_on_commit_callbacks):
    w, _nido, _cag, _c = fsr
    invio = produci(w, django_capture_on_commit_callbacks, codice="fsr_consuntivo", anno=2025)
    assert invio.job.stato == StatoJob.COMPLETATO, invio.anomalie
    righe = {r["codice_afam"]: r for r in righe_csv(contenuto(invio))}
    assert list(righe["AFAM-N1"]) == [c.nome for c in ritorni()["fsr_consuntivo"].tracciato]
    nido, cag = righe["AFAM-N1"], righe["AFAM-C1"]
    assert (nido["area"], nido["utenti"], nido["giornate"], cag["codice_tipologia"]) == (
        "prima_infanzia", "28", "220", "CAG")
    assert (euro(nido["sbilancio"]), euro(nido["contributo"]), euro(nido["impegnato"]), euro(nido["liquidato"])) == (
        Decimal("47500.00"), Decimal("40000.00"), Decimal("40000.00"), Decimal("15000.50"))
    assert cag["contributo"] == "" and euro(cag["impegnato"]) == 0
    assert sum(euro(r["costi"]) for r in righe.values()) == Decimal("360000.00")
    # the unassigned CAG is a warning, not an error
    assert [(a["codice"], a["gravita"]) for a in invio.anomalie] == [("contributo_non_assegnato", "avviso")]


def test_the_fsr_consuntivo_counts_commitments_and_payments_at_the_periods_end(
        fsr, django_capture_on_commit_callbacks):
    """A payment dated after 31/12 of the year (the contributions are often paid the next year) does not change
    the year's file: committed and paid are the ledger's movements dated up to the period's end."""
    w, _nido, _cag, c_nido = fsr
    prima = produci(w, django_capture_on_commit_callbacks, codice="fsr_consuntivo", anno=2025)
    assert prima.job.stato == StatoJob.COMPLETATO, prima.anomalie
    with ambito_scope(w.ambito, actor=w.operatore):
        udos_services.contributo_liquidate(consuntivo=c_nido, actor=w.operatore, importo=D("9000.00"),
                                           data_contabile=dt.date(2026, 1, 15),
                                           atto=determina_di_liquidazione(w.ambito))
    dopo = produci(w, django_capture_on_commit_callbacks, codice="fsr_consuntivo", anno=2025)
    assert dopo.job.stato == StatoJob.COMPLETATO, dopo.anomalie
    assert contenuto(dopo) == contenuto(prima)
    nido = {r["codice_afam"]: r for r in righe_csv(contenuto(dopo))}["AFAM-N1"]
    assert (euro(nido["impegnato"]), euro(nido["liquidato"])) == (Decimal("40000.00"), Decimal("15000.50"))
    with scopes_disabled():  # the 2026 payment is in the ledger, and counts in the next year's file
        assert Movimento.objects.filter(quota_id=c_nido.quota_id, tipo="liquidazione").count() == 2


def test_the_fsr_consuntivo_stops_on_a_missing_afam_a_ledger_mismatch_and_a_contribution_over_the_deficit(
        fsr, django_capture_on_commit_callbacks):
    w, nido, _cag, c_nido = fsr
    with ambito_scope(w.ambito, actor=w.operatore):
        UnitaOfferta.objects.filter(pk=nido.pk).update(codice_afam="")
        fondi_services.disimpegno_create(quota=c_nido.quota, importo=D("5000.00"), data_contabile=dt.date(2025, 12, 2),
                                         actor=w.operatore)
        fondi_services.quota_resize(quota=c_nido.quota, nuovo_importo=D("35000.00"), atto=atto(w.ambito),
                                    data_contabile=dt.date(2025, 12, 2), motivo="Economia", actor=w.operatore)
    invio = produci(w, django_capture_on_commit_callbacks, codice="fsr_consuntivo", anno=2025)
    assert invio.job.stato == StatoJob.FALLITO
    errori = sorted((a["codice"], a["campo"]) for a in invio.anomalie if a["gravita"] == "errore")
    # contributions 40,000 in udos, 35,000 allocated in the ledger; committed agrees (35,000 both ways)
    assert errori == [("obbligatorio", "codice_afam"), ("totale_non_corrispondente", "contributo")]
    assert next(a for a in invio.anomalie if a["codice"] == "obbligatorio")["url"] == (
        f"/a/{w.ambito.slug}/udos/unita/{nido.pk}/")
    with ambito_scope(w.ambito, actor=w.operatore):
        ConsuntivoFSR.objects.filter(pk=c_nido.pk).update(contributo=D("50000.00"))  # over the 47,500 deficit
    invio = produci(w, django_capture_on_commit_callbacks, codice="fsr_consuntivo", anno=2025)
    assert "oltre_sbilancio" in {a["codice"] for a in invio.anomalie}


def test_the_fsr_plan_lists_the_years_quotas_by_destination_and_agrees_with_the_ledger(
        fsr, django_capture_on_commit_callbacks):
    w, nido, _cag, _c = fsr
    invio = produci(w, django_capture_on_commit_callbacks, codice="fsr_piano", anno=2025, formato="xlsx")
    assert invio.job.stato == StatoJob.COMPLETATO, invio.anomalie
    intestazione, *righe = righe_xlsx(contenuto(invio))
    assert len(intestazione) == len(ritorni()["fsr_piano"].tracciato)
    per_destinazione = {r[1]: r for r in righe}
    assert set(per_destinazione) == {"udos", "spese_amministrative"}
    unita = per_destinazione["udos"]
    assert (unita[3], unita[4]) == ("AFAM-N1", "Nido Arcobaleno")
    assert [Decimal(str(x)) for x in unita[6:9]] == [Decimal("40000"), Decimal("40000"), Decimal("15000.5")]
    assert sum(Decimal(str(r[6])) for r in righe) == Decimal("60000")  # programmed: 40,000 + 20,000
    with ambito_scope(w.ambito, actor=w.operatore):
        UnitaOfferta.objects.filter(pk=nido.pk).update(codice_afam="")
    invio = produci(w, django_capture_on_commit_callbacks, codice="fsr_piano", anno=2025)
    assert [a["codice"] for a in invio.anomalie] == ["afam_mancante"]
    assert invio.job.stato == StatoJob.FALLITO


def test_the_register_return_lists_the_years_units_and_checks_places_against_capacity(
        fsr, django_capture_on_commit_callbacks):
    w, nido, _cag, _c = fsr
    with ambito_scope(w.ambito, actor=w.operatore):
        helpers.unita_attiva(w, denominazione="Micronido Senza Codice", codice="MICRONIDO", capacita=8)
    invio = produci(w, django_capture_on_commit_callbacks, codice="registro_udo", anno=2025)
    assert invio.job.stato == StatoJob.COMPLETATO, invio.anomalie
    righe = {r["denominazione"]: r for r in righe_csv(contenuto(invio))}
    assert set(righe) == {"Nido Arcobaleno", "CAG Il Ponte", "Micronido Senza Codice"}
    assert sum(int(r["capacita"]) for r in righe.values()) == 58
    assert (righe["Nido Arcobaleno"]["codice_tipologia"], righe["Nido Arcobaleno"]["stato"],
            righe["Nido Arcobaleno"]["data_inizio_attivita"]) == ("NIDO", "attiva", "03/03/2025")
    assert [(a["codice"], a["gravita"]) for a in invio.anomalie] == [("afam_mancante", "avviso")]
    assert produci(w, django_capture_on_commit_callbacks, codice="registro_udo", anno=2024).job.stato == (
        StatoJob.COMPLETATO)  # no unit had started in 2024: an empty register
    with ambito_scope(w.ambito, actor=w.operatore):
        UnitaOfferta.objects.filter(pk=nido.pk).update(posti_accreditati=25)  # a later CPE reduced it to 20
    invio = produci(w, django_capture_on_commit_callbacks, codice="registro_udo", anno=2025)
    assert invio.job.stato == StatoJob.FALLITO
    assert [a["codice"] for a in invio.anomalie if a["gravita"] == "errore"] == ["posti_oltre_capacita"]


def test_another_ambito_sees_none_of_these_units(fsr, mondo, django_capture_on_commit_callbacks):
    altro = mondo.b
    for codice in ("fsr_consuntivo", "fsr_piano", "registro_udo"):
        invio = produci(altro, django_capture_on_commit_callbacks, codice=codice, anno=2025)
        assert invio.job.stato == StatoJob.COMPLETATO, (codice, invio.anomalie)
        assert righe_csv(contenuto(invio)) == [], codice
    with scopes_disabled():
        assert ConsuntivoFSR.objects.filter(ambito=mondo.a.ambito).count() == 2
