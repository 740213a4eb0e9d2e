"""The Fondo Sociale Regionale by the Assemblea's criteria: an area's share split among its units in proportion
to utenti × giornate, capped by each deficit; the contribution cannot exceed it; the FSR export per unit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django_scopes import scopes_disabled

from ambito.errors import RegolaViolata
from ambito.jobs.models import Job, StatoJob
from ambito.jobs.services import job_create
from ambito.tenancy import ambito_scope
from tests.fondi.helpers import assegnazione, atto
from tests.jobs.conftest import leggi_risultato, righe_xlsx
from tests.udos import helpers
from udos import selectors, services
from udos.scadenze import scadenze_cpe

pytestmark = pytest.mark.django_db


def consuntivo(w, nome: str, utenti: int, giornate: int, costi: str, ricavi: str, codice: str = "NIDO"):
    unita = helpers.unita_attiva(w, denominazione=nome, codice=codice, capacita=20,
                                 codice_afam=f"AFAM-{helpers.next_numero()}")
    return services.consuntivo_create(unita=unita, actor=w.operatore, anno=2025, utenti=utenti, giornate=giornate,
                                      costi=Decimal(costi), ricavi=Decimal(ricavi))


def test_the_area_share_is_split_by_users_times_days_and_capped_by_the_deficit(mondo):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        grande = consuntivo(w, "Nido grande", 40, 220, "300000", "200000")   # weight 8800, deficit 100000
        piccolo = consuntivo(w, "Nido piccolo", 10, 220, "80000", "79000")   # weight 2200, deficit 1000
        cag = consuntivo(w, "CAG", 30, 200, "50000", "20000", codice="CAG")  # no criterion for "minori"
        delibera = atto(w.ambito)
        services.criterio_fsr_set(ambito=w.ambito, actor=w.operatore, anno=2025, area="prima_infanzia",
                                  importo=Decimal("33333.33"), atto=delibera)
        proposte = {p.consuntivo.pk: p.importo for p in selectors.contributi_proposti(ambito=w.ambito, anno=2025)}
        assert proposte[grande.pk] == Decimal("26666.66")  # 33333.33 × 8800 / 11000, rounded down
        assert proposte[piccolo.pk] == Decimal("1000.00")  # 6666.66 capped by the deficit
        assert proposte[cag.pk] is None
        fsr = assegnazione(w.ambito, w.operatore, codice="FSR", importo="500000.00")
        with pytest.raises(RegolaViolata, match=r"supera quello dei criteri dell'Assemblea \(26\.666,66") as e:
            services.contributo_assign(consuntivo=grande, actor=w.operatore, assegnazione=fsr,
                                       importo=Decimal("26666.67"), atto=delibera, data_contabile=dt.date(2025, 11, 1))
        assert e.value.codice == "oltre_criteri"
        services.contributo_assign(consuntivo=grande, actor=w.operatore, assegnazione=fsr,
                                   importo=Decimal("26666.66"), atto=delibera, data_contabile=dt.date(2025, 11, 1))
        # a new act replaces the share, with its history
        services.criterio_fsr_set(ambito=w.ambito, actor=w.operatore, anno=2025, area="prima_infanzia",
                                  importo=Decimal("40000.00"), atto=atto(w.ambito))
        criterio = selectors.criterio_fsr_list(ambito=w.ambito, anno=2025).get()
        assert [h.importo for h in criterio.history.order_by("history_date")] == [Decimal("33333.33"),
                                                                                 Decimal("40000.00")]


def test_the_fsr_page_shows_criteria_and_proposals_and_the_export_lists_every_unit(
        mondo, client_per, django_capture_on_commit_callbacks):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        consuntivo(w, "Nido Pagina", 20, 200, "90000", "60000")
        delibera = atto(w.ambito)
    client = client_per(w.operatore)
    salvato = client.post(f"/a/{w.ambito.slug}/udos/fsr/criteri/", {
        "anno": "2025", "area": "prima_infanzia", "importo": "12.000,00", "atto": delibera.pk}, follow=True)
    html = salvato.content.decode()
    assert "Criterio FSR 2025 salvato: Prima infanzia." in html
    assert "Prima infanzia: 12.000,00" in html and "Nido Pagina" in html
    with django_capture_on_commit_callbacks(execute=True), ambito_scope(w.ambito, actor=w.operatore):
        job = job_create(ambito=w.ambito, actor=w.operatore, tipo="udos.esporta_fsr", parametri={"formato": "xlsx"})
    with scopes_disabled():
        job = Job.objects.get(pk=job.pk)
    assert job.stato == StatoJob.COMPLETATO
    righe = righe_xlsx(leggi_risultato(job))
    assert righe[0][:4] == ("Anno", "Codice AFAM", "Tipologia", "Unità")
    assert [(r[0], r[3], r[8]) for r in righe[1:]] == [(2025, "Nido Pagina", 30000)]


def test_the_yearly_call_sets_the_reference_date_and_the_deadline_of_the_accounts(mondo, client_per):
    from ambito.formato import oggi

    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        with pytest.raises(RegolaViolata, match="La data di riferimento segue l'anno rendicontato") as e:
            services.avviso_fsr_create(ambito=w.ambito, actor=w.operatore, anno=2025,
                                       data_riferimento=dt.date(2025, 9, 30), scadenza=dt.date(2026, 10, 17))
        assert e.value.campo == "data_riferimento"
        ieri = oggi() - dt.timedelta(days=1)
        services.avviso_fsr_create(ambito=w.ambito, actor=w.operatore, anno=2025,
                                   data_riferimento=dt.date(2026, 1, 1), scadenza=ieri)
        with pytest.raises(RegolaViolata, match="Il termine dell'avviso FSR 2025 è scaduto il") as e:
            consuntivo(w, "Nido in ritardo", 20, 200, "90000", "60000")
        assert e.value.codice == "avviso_scaduto"
        termini = {s.chiave: s for s in scadenze_cpe(ambito=w.ambito, dal=ieri, al=ieri, oggi=oggi())}
        avviso = next(t for k, t in termini.items() if k.startswith("avviso:"))
        assert (avviso.titolo, avviso.capacita) == ("Consuntivi dell'avviso FSR 2025", "udos.presenta")
    html = client_per(w.operatore).get(f"/a/{w.ambito.slug}/udos/fsr/").content.decode()
    assert "FSR 2025: unità attive al 01/01/2026, consuntivi entro il" in html
