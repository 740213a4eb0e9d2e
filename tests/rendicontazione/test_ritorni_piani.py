"""The returns read from piani: the Piano di Zona monitoring and the Scheda Conoscenza. Files parsed back against
the fixture's own figures; each check's error kind; another Ambito sees nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ambito.jobs.models import StatoJob
from ambito.tenancy import ambito_scope
from fondi import services as fondi_services
from piani import services as piani_services
from piani.models import StatoPiano
from rendicontazione.registry import ritorni
from tests.fondi.helpers import D, assegnazione, determina_di_liquidazione
from tests.piani import helpers as h
from tests.rendicontazione.helpers import contenuto, euro, produci, righe_csv, righe_xml

pytestmark = pytest.mark.django_db


@pytest.fixture
def pdz(mondo):
    """Lodi's plan 2025–2027 (a draft): objective OS1 (area A) with an indicator (target 500, reached 520.5) and
    assessed "in corso", OS2 (area J) without indicators; the project "Emporio solidale" (areas A, C) with an
    indicator (target 100, reached 80), a 2025 budget of 30,000 + 5,000 (and 1,000 in 2026), a FNPS quota of
    12,000 (8,000 committed, 3,000.50 paid in 2025); the project "Sportello casa" (area B) without budget. The
    2025 period is closed."""
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.responsabile):
        p = h.piano(w.ambito, w.responsabile)
        os1 = h.obiettivo(p, w.responsabile, "Ridurre la povertà")
        piani_services.obiettivo_create(piano=p, actor=w.responsabile, titolo="Più autonomia per i disabili",
                                        codice="OS2", macro_aree=h.aree(p, "J"))
        emporio = piani_services.progetto_create(piano=p, actor=w.responsabile, titolo="Emporio solidale",
                                                 macro_aree=h.aree(p, "A", "C"), obiettivi=[os1], utenti_stimati=120)
        h.progetto(p, w.responsabile, "Sportello casa", codici=("B",))
        h.indicatore(emporio, w.responsabile, "Famiglie seguite", target={2025: Decimal("100")})
        accessi = piani_services.indicatore_create(actor=w.responsabile, obiettivo=os1, nome="Accessi allo sportello",
                                                   unita="accessi", target={2025: Decimal("500")})
        periodo = h.periodo(p, w.responsabile, 2025)
        for indicatore, valore in ((emporio.indicatori.get(), "80"), (accessi, "520.5")):
            piani_services.valore_set(indicatore=indicatore, periodo=periodo, actor=w.responsabile,
                                      valore=Decimal(valore))
        piani_services.valutazione_set(obiettivo=os1, periodo=periodo, actor=w.responsabile, stato="in_corso",
                                       motivazione="Avviato lo sportello")
        periodo = piani_services.periodo_close(periodo=periodo, actor=w.responsabile)
        for anno, fonte, importo in ((2025, "FNPS", "30000.00"), (2025, "Comuni", "5000.00"),
                                     (2026, "FNPS", "1000.00")):
            piani_services.budget_set(progetto=emporio, actor=w.responsabile, anno=anno, fonte=fonte,
                                      importo=D(importo))
        fnps = assegnazione(w.ambito, w.operatore, codice="FNPS", annualita=2025, importo="90000.00")
        q = piani_services.progetto_quota_create(progetto=emporio, actor=w.responsabile, assegnazione=fnps,
                                                 importo=D("12000.00"), atto=h.atto(w.ambito),
                                                 data_contabile=dt.date(2025, 3, 1))
        fondi_services.impegno_create(quota=q, importo=D("8000.00"), data_contabile=dt.date(2025, 4, 1),
                                      actor=w.operatore)
        fondi_services.liquidazione_create(quota=q, importo=D("3000.50"), data_contabile=dt.date(2025, 5, 1),
                                           actor=w.operatore, atto=determina_di_liquidazione(w.ambito))
    return w, p, periodo, emporio


def test_the_monitoring_lists_objectives_and_indicators_with_targets_and_values(
        pdz, django_capture_on_commit_callbacks):
    w, _p, _periodo, _emporio = pdz
    invio = produci(w, django_capture_on_commit_callbacks, codice="monitoraggio_pdz", anno=2025, formato="xml")
    assert invio.job.stato == StatoJob.COMPLETATO, invio.anomalie
    righe = righe_xml(contenuto(invio))
    assert list(righe[0]) == [c.nome for c in ritorni()["monitoraggio_pdz"].tracciato]
    per_riga = {(r["codice_obiettivo"], r["indicatore"]): r for r in righe}
    assert set(per_riga) == {("", "Famiglie seguite"), ("OS1", "Accessi allo sportello"), ("OS2", "")}
    famiglie, accessi, os2 = per_riga["", "Famiglie seguite"], per_riga["OS1", "Accessi allo sportello"], per_riga[
        "OS2", ""]
    assert (famiglie["progetto"], Decimal(famiglie["target"]), Decimal(famiglie["valore"]),
            Decimal(famiglie["scostamento"])) == ("Emporio solidale", Decimal("100"), Decimal("80"), Decimal("-20"))
    assert (accessi["stato_obiettivo"], Decimal(accessi["valore"])) == ("in_corso", Decimal("520.5"))
    assert (os2["stato_obiettivo"], os2["valore"]) == ("non_avviato", "")
    assert {r["periodo"] for r in righe} == {"2025"}
    assert sum(Decimal(r["valore"]) for r in righe if r["valore"]) == Decimal("600.5")


def test_the_monitoring_refuses_open_periods_missing_targets_and_values(pdz, django_capture_on_commit_callbacks):
    w, _p, periodo, emporio = pdz
    with ambito_scope(w.ambito, actor=w.responsabile):
        piani_services.periodo_reopen(periodo=periodo, actor=w.responsabile, motivo="Correzione")
        h.indicatore(emporio, w.responsabile, "Volontari attivi", target={2026: Decimal("10")})
    invio = produci(w, django_capture_on_commit_callbacks, codice="monitoraggio_pdz", anno=2025)
    assert invio.job.stato == StatoJob.FALLITO
    assert sorted(a["codice"] for a in invio.anomalie) == ["periodo_aperto", "target_mancante"]
    assert next(a for a in invio.anomalie if a["codice"] == "periodo_aperto")["url"] == (
        f"/a/{w.ambito.slug}/piani/periodi/{periodo.pk}/")
    with ambito_scope(w.ambito, actor=w.responsabile):
        piani_services.periodo_close(periodo=periodo, actor=w.responsabile)
    invio = produci(w, django_capture_on_commit_callbacks, codice="monitoraggio_pdz", anno=2025)
    assert sorted(a["codice"] for a in invio.anomalie) == ["target_mancante", "valore_mancante"]
    invio = produci(w, django_capture_on_commit_callbacks, codice="monitoraggio_pdz", anno=2027)
    assert [a["codice"] for a in invio.anomalie] == ["periodo_mancante"]
    invio = produci(w, django_capture_on_commit_callbacks, codice="monitoraggio_pdz", anno=2022)
    assert [a["codice"] for a in invio.anomalie] == ["piano_mancante"]


def test_the_scheda_conoscenza_needs_an_approved_plan_and_lists_each_project(
        pdz, django_capture_on_commit_callbacks):
    w, p, _periodo, _emporio = pdz
    invio = produci(w, django_capture_on_commit_callbacks, codice="scheda_conoscenza_pdz", anno=2025)
    assert invio.job.stato == StatoJob.FALLITO
    assert [a["codice"] for a in invio.anomalie if a["gravita"] == "errore"] == ["piano_non_approvato"]
    with ambito_scope(w.ambito, actor=w.responsabile):
        p = piani_services.piano_transition(piano=p, actor=w.responsabile, stato=StatoPiano.IN_CONSULTAZIONE)
        piani_services.piano_transition(piano=p, actor=w.responsabile, stato=StatoPiano.APPROVATO_ASSEMBLEA,
                                        atto=h.atto(w.ambito))
    invio = produci(w, django_capture_on_commit_callbacks, codice="scheda_conoscenza_pdz", anno=2025)
    assert invio.job.stato == StatoJob.COMPLETATO, invio.anomalie
    righe = {r["progetto"]: r for r in righe_csv(contenuto(invio))}
    emporio, casa = righe["Emporio solidale"], righe["Sportello casa"]
    assert (emporio["macroarea"], emporio["altre_macroaree"], emporio["obiettivi"], emporio["utenti_stimati"]) == (
        "A", "C", "OS1", "120")
    assert [euro(emporio[c]) for c in ("budget_previsto", "allocato", "impegnato", "liquidato")] == [
        Decimal("35000.00"), Decimal("12000.00"), Decimal("8000.00"), Decimal("3000.50")]
    assert (casa["macroarea"], euro(casa["budget_previsto"])) == ("B", Decimal("0"))
    assert [(a["codice"], a["gravita"]) for a in invio.anomalie] == [("budget_mancante", "avviso")]
    with ambito_scope(w.ambito, actor=w.responsabile):  # an Ambito's own area is not a regional code
        locale = piani_services.macroarea_create(ambito=w.ambito, actor=w.responsabile, triennio=2025, codice="Z",
                                                 denominazione="Area locale")
        piani_services.progetto_create(piano=p, actor=w.responsabile, titolo="Progetto locale", macro_aree=[locale])
    invio = produci(w, django_capture_on_commit_callbacks, codice="scheda_conoscenza_pdz", anno=2025)
    assert [(a["codice"], a["campo"]) for a in invio.anomalie if a["gravita"] == "errore"] == [
        ("codice_non_ammesso", "macroarea")]


def test_another_ambito_sees_no_plan(pdz, mondo, django_capture_on_commit_callbacks):
    for codice in ("monitoraggio_pdz", "scheda_conoscenza_pdz"):
        invio = produci(mondo.b, django_capture_on_commit_callbacks, codice=codice, anno=2025)
        assert [a["codice"] for a in invio.anomalie] == ["piano_mancante"], codice
