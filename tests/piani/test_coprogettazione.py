"""Co-design with the Terzo Settore (art. 55 CTS; Cinisello, Azzate and Lodi's seeds): notice → selection of the
enti → the table (a core collegial body) → the convenzione with its budget, partners and reporting dates, which
reach the core's deadline calendar."""

from __future__ import annotations

import datetime as dt

import pytest

from ambito.atti.models import AttoCollegamento, TipoAtto
from ambito.errors import Conflitto, RegolaViolata
from ambito.organi.models import TipoOrgano
from ambito.organi.services import organo_create
from ambito.scadenze.registry import tipi_registrati
from ambito.tenancy import ambito_scope
from ambito.territorio.models import Ente, TipoEnte
from piani import services
from piani.scadenze import CODICE, scadenze_convenzioni
from tests.fondi.helpers import D, assegnazione
from tests.piani import helpers as h

pytestmark = pytest.mark.django_db


def test_a_co_design_goes_from_notice_to_convenzione_with_budget_and_reporting_dates(mondo, client_per):
    w = mondo.a
    ets = [Ente.objects.create(tipo=TipoEnte.ETS, denominazione=f"Cooperativa sociale {n}", numero_runts=f"R{n}")
           for n in ("Alfa", "Beta")]
    with ambito_scope(w.ambito, actor=w.responsabile):
        avviso = h.atto(w.ambito, TipoAtto.AVVISO, oggetto="Avviso di co-progettazione dimissioni protette")
        procedura = services.coprogettazione_create(
            ambito=w.ambito, actor=w.responsabile, tipo="coprogettazione", oggetto="Dimissioni protette",
            responsabile_procedimento="Dott.ssa Rossi", avviso=avviso, scadenza_candidature=dt.date(2025, 4, 30))
        services.coprogettazione_transition(procedura=procedura, actor=w.responsabile, stato="selezione")
        with pytest.raises(RegolaViolata) as senza_enti:
            services.coprogettazione_transition(procedura=procedura, actor=w.responsabile, stato="tavolo")
        assert "Nessun ente ammesso" in senza_enti.value.messaggio
        services.ente_candidatura_set(procedura=procedura, actor=w.responsabile, ente=ets[0], esito="ammesso",
                                      ruolo="Capofila della gestione")
        with pytest.raises(RegolaViolata) as senza_motivo:
            services.ente_candidatura_set(procedura=procedura, actor=w.responsabile, ente=ets[1],
                                          esito="non_ammesso")
        assert senza_motivo.value.campo == "motivazione"
        services.ente_candidatura_set(procedura=procedura, actor=w.responsabile, ente=ets[1], esito="non_ammesso",
                                      motivazione="Requisiti di esperienza non dimostrati")
        tavolo = organo_create(ambito=w.ambito, actor=w.responsabile, tipo=TipoOrgano.TAVOLO_TEMATICO,
                               nome="Tavolo di co-progettazione dimissioni protette")
        services.coprogettazione_transition(procedura=procedura, actor=w.responsabile, stato="tavolo", tavolo=tavolo)
        convenzione = h.atto(w.ambito, TipoAtto.CONVENZIONE, oggetto="Convenzione dimissioni protette")
        with pytest.raises(RegolaViolata):
            services.coprogettazione_transition(procedura=procedura, actor=w.responsabile, stato="convenzione",
                                                convenzione=avviso)
        services.coprogettazione_transition(procedura=procedura, actor=w.responsabile, stato="convenzione",
                                            convenzione=convenzione, esito="Servizio co-gestito per 24 mesi.")
        with pytest.raises(Conflitto):
            services.ente_candidatura_set(procedura=procedura, actor=w.responsabile, ente=ets[1], esito="ammesso")
        quota = services.coprogettazione_quota_create(
            procedura=procedura, actor=w.responsabile, assegnazione=assegnazione(w.ambito, w.responsabile),
            importo=D("48000.00"), atto=convenzione, data_contabile=dt.date(2025, 6, 1))
        services.scadenza_rendicontazione_create(procedura=procedura, actor=w.responsabile,
                                                 data=dt.date(2026, 12, 31), descrizione="Relazione annuale")
        assert quota.oggetto == procedura
        assert AttoCollegamento.objects.filter(atto=convenzione, object_id=procedura.pk).exists()
        scadenze = list(scadenze_convenzioni(ambito=w.ambito, dal=dt.date(2026, 1, 1), al=dt.date(2027, 1, 31),
                                             oggi=dt.date(2026, 11, 30)))
    assert CODICE in {t.codice for t in tipi_registrati()}
    assert [s.titolo for s in scadenze] == ["Relazione annuale — Dimissioni protette"]

    pagina = client_per(w.sindaco).get(procedura.get_absolute_url()).content.decode()
    assert "Cooperativa sociale Alfa" in pagina and "Capofila della gestione" in pagina
    assert "Requisiti di esperienza non dimostrati" in pagina and "48.000,00" in pagina
    assert "Tavolo di co-progettazione dimissioni protette" in pagina and "Relazione annuale" in pagina


def test_the_notice_is_published_online_only_with_a_second_person_s_approval(mondo, client_per):
    from ambito.approvazioni.models import RichiestaApprovazione

    w = mondo.a
    with ambito_scope(w.ambito, actor=w.responsabile):
        avviso = h.atto(w.ambito, TipoAtto.AVVISO, oggetto="Avviso di co-programmazione")
        procedura = services.coprogettazione_create(ambito=w.ambito, actor=w.responsabile, tipo="coprogrammazione",
                                                    oggetto="Politiche giovanili", responsabile_procedimento="RUP",
                                                    avviso=avviso)
    oggi = dt.date.today()
    r = client_per(w.operatore).post(f"/a/{w.ambito.slug}/piani/coprogettazione/{procedura.pk}/avviso-online/", {
        "dal": oggi.strftime("%d/%m/%Y"), "al": (oggi + dt.timedelta(days=30)).strftime("%d/%m/%Y")}, follow=True)
    assert "la approva una seconda persona" in r.content.decode()
    with ambito_scope(w.ambito):
        avviso.refresh_from_db()
        assert avviso.pubblicazione_dal is None  # not online until approved
        assert RichiestaApprovazione.objects.filter(ambito=w.ambito, object_id=avviso.pk).count() == 1
