"""The plan's rules, through its services: states, areas, objectives, projects, the Accordo, monitoring."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ambito.atti.models import TipoAtto
from ambito.errors import Conflitto, RegolaViolata
from ambito.tenancy import ambito_scope
from piani import selectors, services
from piani.models import (
    MacroArea,
    PeriodoMonitoraggio,
    PianoDiZona,
    StatoPiano,
    TipoEvento,
    ValoreIndicatore,
)
from tests.piani import helpers as h

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(mondo):
    return mondo.a


def test_a_new_plan_gets_the_ten_areas_a_to_j_of_its_triennio_once(w):
    with ambito_scope(w.ambito, actor=w.responsabile):
        piano = h.piano(w.ambito, w.responsabile, triennio=2021)
        aree = list(selectors.macroarea_list(ambito=w.ambito, triennio=2021))
        assert [a.codice for a in aree] == list("ABCDEFGHIJ")
        assert aree[0].denominazione == "Contrasto alla povertà e all'emarginazione sociale"
        assert aree[-1].denominazione == "Interventi a favore di persone con disabilità"
        services.macroarea_update(area=aree[5], actor=w.responsabile, codice="F", ordine=5,
                                  denominazione="Digitalizzazione e sistemi informativi")
        services.macroaree_seed(ambito=w.ambito, actor=w.responsabile, triennio=2021)  # edited areas are kept
        assert MacroArea.objects.get(pk=aree[5].pk).denominazione == "Digitalizzazione e sistemi informativi"
        assert MacroArea.objects.filter(ambito=w.ambito, triennio=2021).count() == 10
        with pytest.raises(RegolaViolata) as doppio:
            services.piano_create(ambito=w.ambito, actor=w.responsabile, triennio=2021, titolo="Altro")
        assert doppio.value.campo == "triennio" and piano.periodo == "2021–2023"


def test_the_plan_moves_only_along_its_states_and_approval_needs_the_assemblea_s_act(w):
    with ambito_scope(w.ambito, actor=w.responsabile):
        piano = h.piano(w.ambito, w.responsabile)
        with pytest.raises(Conflitto):
            services.piano_transition(piano=piano, actor=w.responsabile, stato=StatoPiano.VIGENTE)
        services.piano_transition(piano=piano, actor=w.responsabile, stato=StatoPiano.IN_CONSULTAZIONE)
        with pytest.raises(RegolaViolata) as senza_atto:
            services.piano_transition(piano=piano, actor=w.responsabile, stato=StatoPiano.APPROVATO_ASSEMBLEA)
        assert senza_atto.value.campo == "atto"
        determina = h.atto(w.ambito, TipoAtto.DETERMINA_CAPOFILA)
        with pytest.raises(RegolaViolata):
            services.piano_transition(piano=piano, actor=w.responsabile, stato=StatoPiano.APPROVATO_ASSEMBLEA,
                                      atto=determina)
        delibera = h.atto(w.ambito)
        piano = services.piano_transition(piano=piano, actor=w.responsabile, stato=StatoPiano.APPROVATO_ASSEMBLEA,
                                          atto=delibera)
        assert piano.stato == StatoPiano.APPROVATO_ASSEMBLEA and piano.atto_approvazione == delibera
        with pytest.raises(RegolaViolata) as senza_accordo:
            services.piano_transition(piano=piano, actor=w.responsabile, stato=StatoPiano.ADP_SOTTOSCRITTO)
        assert senza_accordo.value.codice == "accordo_mancante"
        storia = [v.stato for v in PianoDiZona.history.filter(id=piano.pk).order_by("history_date")]
        assert storia == ["bozza", "in_consultazione", "approvato_assemblea"]


def test_the_accordo_is_extended_by_an_act_that_moves_its_end_forward(w):
    """Azzate: the AdP extended to cover the gap between two trienni."""
    with ambito_scope(w.ambito, actor=w.responsabile):
        piano = h.piano(w.ambito, w.responsabile, triennio=2021)
        accordo = h.atto(w.ambito, TipoAtto.ACCORDO_PROGRAMMA, data=dt.date(2021, 12, 20))
        services.accordo_set(piano=piano, actor=w.responsabile, atto=accordo, valido_al=dt.date(2023, 12, 31))
        with pytest.raises(RegolaViolata) as indietro:
            services.evento_create(piano=piano, actor=w.responsabile, tipo=TipoEvento.PROROGA, anno=2023,
                                   atto=h.atto(w.ambito), valido_al=dt.date(2023, 6, 30))
        assert indietro.value.campo == "valido_al"
        proroga = h.atto(w.ambito, data=dt.date(2023, 12, 15), oggetto="Proroga AdP al 2024")
        services.evento_create(piano=piano, actor=w.responsabile, tipo=TipoEvento.PROROGA, anno=2024, atto=proroga,
                               valido_al=dt.date(2024, 12, 31), descrizione="Anno ponte 2024")
        piano.refresh_from_db()
        assert piano.accordo_valido_al == dt.date(2024, 12, 31)
        assert [v.accordo_valido_al for v in PianoDiZona.history.filter(id=piano.pk).order_by("history_date")][-2:] == [
            dt.date(2023, 12, 31), dt.date(2024, 12, 31)]


def test_objectives_and_projects_live_in_areas_of_their_own_triennio(w):
    with ambito_scope(w.ambito, actor=w.responsabile):
        piano = h.piano(w.ambito, w.responsabile)
        vecchio = h.piano(w.ambito, w.responsabile, triennio=2021)
        with pytest.raises(RegolaViolata) as nessuna:
            services.obiettivo_create(piano=piano, actor=w.responsabile, titolo="Senza area", macro_aree=[])
        assert nessuna.value.campo == "macro_aree"
        with pytest.raises(RegolaViolata):
            services.progetto_create(piano=piano, actor=w.responsabile, titolo="Area del 2021",
                                     macro_aree=h.aree(vecchio, "A"))
        strategico = h.obiettivo(piano, w.responsabile, codici=("D", "E"))
        assert sorted(a.codice for a in strategico.macro_aree.all()) == ["D", "E"]
        with pytest.raises(RegolaViolata) as orfano:
            services.obiettivo_create(piano=piano, actor=w.responsabile, titolo="Specifico", tipo="specifico",
                                      macro_aree=h.aree(piano, "D"))
        assert orfano.value.campo == "padre"
        specifico = services.obiettivo_create(piano=piano, actor=w.responsabile, titolo="Specifico", tipo="specifico",
                                              padre=strategico, macro_aree=h.aree(piano, "D"))
        assert list(strategico.specifici.all()) == [specifico]
        with pytest.raises(RegolaViolata) as lungo:
            services.progetto_create(piano=piano, actor=w.responsabile, titolo="x" * 251, macro_aree=h.aree(piano))
        assert "251" in lungo.value.messaggio


def test_a_closed_period_is_frozen_until_the_responsabile_reopens_it_with_a_reason(w):
    with ambito_scope(w.ambito, actor=w.responsabile):
        piano = h.piano(w.ambito, w.responsabile)
        indicatore = h.indicatore(h.progetto(piano, w.responsabile), w.responsabile)
        obiettivo = h.obiettivo(piano, w.responsabile)
        periodo = h.periodo(piano, w.responsabile)
        services.valore_set(indicatore=indicatore, periodo=periodo, actor=w.operatore, valore=Decimal("40"))
        services.periodo_close(periodo=periodo, actor=w.responsabile)
        with pytest.raises(Conflitto) as chiuso:
            services.valore_set(indicatore=indicatore, periodo=periodo, actor=w.operatore, valore=Decimal("99"))
        assert chiuso.value.codice == "periodo_chiuso"
        with pytest.raises(Conflitto):
            services.valutazione_set(obiettivo=obiettivo, periodo=periodo, actor=w.operatore, stato="raggiunto")
        with pytest.raises(RegolaViolata) as senza_motivo:
            services.periodo_reopen(periodo=periodo, actor=w.responsabile, motivo=" ")
        assert senza_motivo.value.campo == "motivo"
        services.periodo_reopen(periodo=periodo, actor=w.responsabile, motivo="Dato ATS arrivato in ritardo")
        services.valore_set(indicatore=indicatore, periodo=periodo, actor=w.operatore, valore=Decimal("99"))
        assert ValoreIndicatore.objects.get(indicatore=indicatore).valore == 99
        storia = list(PeriodoMonitoraggio.history.filter(id=periodo.pk).order_by("history_date"))
        assert [(v.chiuso, v.motivo_riapertura) for v in storia] == [
            (False, ""), (True, ""), (False, "Dato ATS arrivato in ritardo")]
        assert storia[-1].history_user == w.responsabile
        valori = ValoreIndicatore.history.filter(indicatore_id=indicatore.pk).order_by("history_date")
        assert [v.valore for v in valori] == [40, 99]


def test_an_objective_status_per_period_becomes_its_current_status(w):
    with ambito_scope(w.ambito, actor=w.responsabile):
        piano = h.piano(w.ambito, w.responsabile)
        obiettivo = h.obiettivo(piano, w.responsabile)
        periodo = h.periodo(piano, w.responsabile)
        services.valutazione_set(obiettivo=obiettivo, periodo=periodo, actor=w.operatore,
                                 stato="parzialmente_raggiunto", motivazione="Avvio ritardato")
        obiettivo.refresh_from_db()
        assert (obiettivo.stato, obiettivo.motivazione_stato) == ("parzialmente_raggiunto", "Avvio ritardato")
        with pytest.raises(RegolaViolata):
            services.periodo_create(piano=piano, actor=w.responsabile, anno=2031)


def test_an_indicator_is_computed_only_by_a_registered_query(w):
    with ambito_scope(w.ambito, actor=w.responsabile):
        piano = h.piano(w.ambito, w.responsabile)
        obiettivo = h.obiettivo(piano, w.responsabile)
        with pytest.raises(RegolaViolata) as ignoto:
            services.indicatore_create(actor=w.responsabile, obiettivo=obiettivo, nome="x", unita="n",
                                       fonte="calcolato", calcolo="SELECT 1")
        assert ignoto.value.campo == "calcolo"
        with pytest.raises(RegolaViolata):
            services.indicatore_create(actor=w.responsabile, obiettivo=obiettivo, nome="x", unita="n",
                                       target={2031: Decimal(1)})
