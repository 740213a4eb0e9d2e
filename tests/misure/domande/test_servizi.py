"""The domande services, rule by rule: draft, duplicate guard, submission with protocol, documents, evaluation,
workflow with reasons, timeline and notifications, procedure clock, override, assessment and progetto."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from ambito.audit.sensibili import modelli_sensibili
from ambito.errors import RegolaViolata
from ambito.notifiche.models import Notifica
from ambito.tenancy import ambito_scope
from misure.models import (
    ContatoreProtocollo,
    Domanda,
    EsitoRegola,
    EventoDomanda,
    ProgettoIndividuale,
    StatoBando,
    StatoDomanda,
    Valutazione,
)
from misure.selectors import domande as selectors
from misure.services import domande as services
from misure.services import valutazioni
from tests.misure.domande.helpers import ESEGUIBILE, bando_b2, domanda, pdf, presentata

pytestmark = pytest.mark.django_db
OGGI = dt.date(2025, 3, 10)


def transizione(w, d, azione, *, actor=None, motivo="", oggi=OGGI):
    with ambito_scope(w.ambito, actor=actor or w.operatore):
        return services.domanda_transition(domanda=d, azione=azione, actor=actor or w.operatore, motivo=motivo,
                                           oggi=oggi)


class TestBozza:
    def test_an_assistente_drafts_for_a_resident_of_their_comune(self, mondo, prova, ben_x):
        d = domanda(mondo.a, prova, ben_x)
        assert (d.stato, d.comune, d.assistente_sociale) == (StatoDomanda.BOZZA, mondo.a.comuni[0],
                                                             mondo.a.assistente_1)
        assert d.protocollo_numero is None
        with ambito_scope(mondo.a.ambito):
            assert [e.a_stato for e in EventoDomanda.objects.filter(domanda=d)] == [StatoDomanda.BOZZA]

    def test_an_assistente_cannot_file_for_a_resident_of_another_comune(self, mondo, prova, ben_y):
        with pytest.raises(RegolaViolata, match="residenti dei comuni in cui lavori"):
            domanda(mondo.a, prova, ben_y, actor=mondo.a.assistente_1)
        with ambito_scope(mondo.a.ambito):
            assert not Domanda.objects.exists()

    def test_the_office_files_for_any_comune(self, mondo, prova, ben_y):
        d = domanda(mondo.a, prova, ben_y, actor=mondo.a.operatore)
        assert d.comune == mondo.a.comuni[1] and d.assistente_sociale is None

    def test_a_role_without_the_capability_is_refused(self, mondo, prova, ben_x):
        with pytest.raises(PermissionDenied):
            domanda(mondo.a, prova, ben_x, actor=mondo.a.sindaco)

    def test_one_open_domanda_per_beneficiary_bando_and_strumento(self, mondo, prova, ben_x):
        domanda(mondo.a, prova, ben_x)
        with pytest.raises(RegolaViolata, match="già una domanda aperta") as exc:
            domanda(mondo.a, prova, ben_x)
        assert exc.value.codice == "domanda_duplicata"
        domanda(mondo.a, prova, ben_x, strumento=prova.assistente)  # another strumento is another domanda

    def test_the_database_holds_the_guard_if_the_check_is_bypassed(self, mondo, prova, ben_x, monkeypatch):
        domanda(mondo.a, prova, ben_x)
        monkeypatch.setattr(selectors, "domanda_aperta_per", lambda **kw: None)
        with pytest.raises(RegolaViolata, match="già una domanda aperta"):
            domanda(mondo.a, prova, ben_x)

    def test_a_closed_domanda_does_not_block_a_new_one(self, mondo, prova, ben_x):
        d = presentata(mondo.a, prova, ben_x, oggi=OGGI)
        transizione(mondo.a, d, "ritira", actor=mondo.a.assistente_1, motivo="Trasferita in RSA")
        assert domanda(mondo.a, prova, ben_x).stato == StatoDomanda.BOZZA

    def test_a_draft_bando_takes_no_domande(self, mondo, ben_x):
        with ambito_scope(mondo.a.ambito):
            bozza = bando_b2(mondo.a.ambito, stato=StatoBando.BOZZA)
        with pytest.raises(RegolaViolata, match="non è aperto"):
            domanda(mondo.a, bozza, ben_x)

    @pytest.mark.parametrize("dati, campo", [
        ({"isee_valore": Decimal("-1.00")}, "isee_valore"),
        ({"isee_valore": Decimal("10.001")}, "isee_valore"),
        ({"isee_tipo": "", "isee_valore": Decimal("10.00")}, "isee_tipo"),
        ({"invalidita_percentuale": 140}, "invalidita_percentuale"),
        ({"condizioni": {"caregiver_solo": "forse"}}, "condizioni"),
        ({"benefici_dichiarati": "b1"}, "benefici_dichiarati"),
        ({"protocollo_capofila": "x" * 41}, "protocollo_capofila"),
    ])
    def test_declared_data_are_checked_with_a_message_on_the_field(self, mondo, prova, ben_x, dati, campo):
        with pytest.raises(RegolaViolata) as exc:
            domanda(mondo.a, prova, ben_x, **dati)
        assert exc.value.campo == campo

    def test_a_draft_is_corrected_and_nothing_changed_writes_nothing(self, mondo, prova, ben_x):
        d = domanda(mondo.a, prova, ben_x)
        with ambito_scope(mondo.a.ambito, actor=mondo.a.assistente_1):
            storia = d.history.count()
            services.domanda_update(domanda=d, actor=mondo.a.assistente_1, isee_valore=Decimal("12000.00"))
            assert d.history.count() == storia
            services.domanda_update(domanda=d, actor=mondo.a.assistente_1, isee_valore=Decimal("9000.00"),
                                    strumento=prova.assistente)
            d.refresh_from_db()
            assert (d.isee_valore, d.strumento) == (Decimal("9000.00"), prova.assistente)


class TestPresentazione:
    def test_submission_gives_protocol_version_deadline_and_evaluation(self, mondo, prova, ben_x):
        d = presentata(mondo.a, prova, ben_x, oggi=OGGI)
        assert d.stato == StatoDomanda.PRESENTATA
        assert (d.protocollo_anno, d.protocollo_numero) == (2025, 1)
        assert d.versione_regole == prova.versione
        assert d.scadenza_istruttoria == OGGI + dt.timedelta(days=30)
        assert d.punteggio == Decimal("88.00")
        with ambito_scope(mondo.a.ambito):
            righe = list(EsitoRegola.objects.filter(domanda=d).values_list("tipo", "codice", "esito"))
            assert righe == [("ammissibilita", "isee", "soddisfatta"), ("incompatibilita", "b1", "soddisfatta")]
            assert ContatoreProtocollo.objects.get(ambito=mondo.a.ambito, anno=2025).ultimo == 1

    def test_numbers_follow_each_other_per_ambito_and_restart_each_year(self, mondo, prova, ben_x, ben_y):
        a = presentata(mondo.a, prova, ben_x, oggi=dt.date(2025, 12, 31))
        b = presentata(mondo.a, prova, ben_y, actor=mondo.a.assistente_2, oggi=dt.date(2025, 12, 31))
        with ambito_scope(mondo.a.ambito):
            altro = bando_b2(mondo.a.ambito)
        c = presentata(mondo.a, altro, ben_x, oggi=dt.date(2026, 1, 2))
        assert [(x.protocollo_anno, x.protocollo_numero) for x in (a, b, c)] == [(2025, 1), (2025, 2), (2026, 1)]

    def test_required_documents_must_be_attached_first(self, mondo, prova, ben_x):
        d = domanda(mondo.a, prova, ben_x, strumento=prova.assistente)
        with ambito_scope(mondo.a.ambito, actor=mondo.a.assistente_1):
            with pytest.raises(RegolaViolata, match="Contratto di lavoro registrato INPS") as exc:
                services.domanda_submit(domanda=d, actor=mondo.a.assistente_1, oggi=OGGI)
            assert exc.value.codice == "documenti_mancanti"
            assert not ContatoreProtocollo.objects.filter(ambito=mondo.a.ambito).exists()
            services.documento_domanda_set(domanda=d, documento=prova.contratto, file=pdf(),
                                           actor=mondo.a.assistente_1)
            d = services.domanda_submit(domanda=d, actor=mondo.a.assistente_1, oggi=OGGI)
        assert d.protocollo_numero == 1

    def test_a_renamed_executable_is_refused_as_a_document(self, mondo, prova, ben_x):
        d = domanda(mondo.a, prova, ben_x, strumento=prova.assistente)
        falso = SimpleUploadedFile("contratto.pdf", ESEGUIBILE, content_type="application/pdf")
        with ambito_scope(mondo.a.ambito, actor=mondo.a.assistente_1), pytest.raises(RegolaViolata) as exc:
            services.documento_domanda_set(domanda=d, documento=prova.contratto, file=falso,
                                           actor=mondo.a.assistente_1)
        assert exc.value.codice == "tipo_file_non_ammesso"

    def test_a_failed_submission_gives_its_number_back(self, mondo, prova, ben_x, ben_y, monkeypatch):
        d = domanda(mondo.a, prova, ben_x)

        def guasto(domanda, *, oggi):
            raise RuntimeError("engine down")

        monkeypatch.setattr(services, "_valuta_domanda", guasto)
        with ambito_scope(mondo.a.ambito), pytest.raises(RuntimeError):
            services.domanda_submit(domanda=d, actor=mondo.a.assistente_1, oggi=OGGI)
        monkeypatch.undo()
        from tests.misure.domande.helpers import valuta_finta
        monkeypatch.setattr(services, "_valuta_domanda", valuta_finta)
        assert presentata(mondo.a, prova, ben_y, actor=mondo.a.assistente_2, oggi=OGGI).protocollo_numero == 1

    def test_submitting_twice_is_a_conflict(self, mondo, prova, ben_x):
        d = presentata(mondo.a, prova, ben_x, oggi=OGGI)
        with ambito_scope(mondo.a.ambito), pytest.raises(RegolaViolata, match="già stata presentata"):
            services.domanda_submit(domanda=d, actor=mondo.a.assistente_1, oggi=OGGI)

    def test_the_capofila_protocol_is_recorded_beside_after_submission(self, mondo, prova, ben_x):
        d = presentata(mondo.a, prova, ben_x, oggi=OGGI)
        with ambito_scope(mondo.a.ambito, actor=mondo.a.operatore):
            with pytest.raises(RegolaViolata, match="data del protocollo") as exc:
                services.domanda_set_protocollo_capofila(domanda=d, actor=mondo.a.operatore, numero="2025/77",
                                                         data=None)
            assert exc.value.campo == "data_protocollo_capofila"
            d = services.domanda_set_protocollo_capofila(domanda=d, actor=mondo.a.operatore, numero="2025/77",
                                                         data=OGGI)
        assert (d.protocollo_numero, d.protocollo_capofila, d.data_protocollo_capofila) == (1, "2025/77", OGGI)

    def test_outside_the_window_of_the_bando_nothing_is_submitted(self, mondo, ben_x):
        with ambito_scope(mondo.a.ambito):
            chiuso = bando_b2(mondo.a.ambito, chiusura=dt.date(2025, 2, 28))
        d = domanda(mondo.a, chiuso, ben_x)
        with ambito_scope(mondo.a.ambito), pytest.raises(RegolaViolata, match="chiuso il 28/02/2025"):
            services.domanda_submit(domanda=d, actor=mondo.a.assistente_1, oggi=OGGI)


class TestIstruttoria:
    def test_the_full_path_to_ammissibile_with_timeline_and_notifications(self, mondo, prova, ben_x):
        w = mondo.a
        d = presentata(w, prova, ben_x, oggi=OGGI)
        d = transizione(w, d, "prendi_in_istruttoria")
        d = transizione(w, d, "richiedi_integrazione", motivo="Manca la busta paga di febbraio",
                        oggi=dt.date(2025, 3, 12))
        assert (d.stato, d.sospesa_dal) == (StatoDomanda.INTEGRAZIONE_RICHIESTA, dt.date(2025, 3, 12))
        d = transizione(w, d, "integra", actor=w.assistente_1, oggi=dt.date(2025, 3, 20))
        assert (d.giorni_sospensione, d.scadenza_istruttoria) == (8, OGGI + dt.timedelta(days=38))
        d = transizione(w, d, "dichiara_ammissibile", oggi=dt.date(2025, 3, 25))
        assert d.stato == StatoDomanda.AMMISSIBILE
        with ambito_scope(w.ambito):
            eventi = list(EventoDomanda.objects.filter(domanda=d).values_list("a_stato", "utente", "motivo"))
            notifiche = list(Notifica.objects.filter(destinatario=w.assistente_1).order_by("pk")
                             .values_list("titolo", flat=True))
        assert [e[0] for e in eventi] == ["bozza", "presentata", "in_istruttoria", "integrazione_richiesta",
                                          "integrata", "ammissibile"]
        assert eventi[3] == ("integrazione_richiesta", w.operatore.pk, "Manca la busta paga di febbraio")
        with ambito_scope(w.ambito):
            ufficio = list(Notifica.objects.filter(destinatario=w.operatore).values_list("titolo", flat=True))
        assert ufficio == [f"Domanda {d}: Integrata"]  # the office is told the documents arrived
        # The worker is told of what the office did, not of what they did themselves.
        assert notifiche == [f"Domanda {d}: In istruttoria", f"Domanda {d}: Integrazione richiesta",
                             f"Domanda {d}: Ammissibile"]

    def test_an_illegal_transition_is_refused_naming_the_state(self, mondo, prova, ben_x):
        d = presentata(mondo.a, prova, ben_x, oggi=OGGI)
        with pytest.raises(RegolaViolata, match="Non si può dichiarare ammissibile una domanda «Presentata"):
            transizione(mondo.a, d, "dichiara_ammissibile")
        with ambito_scope(mondo.a.ambito):
            d.refresh_from_db()
        assert d.stato == StatoDomanda.PRESENTATA

    def test_the_social_worker_cannot_decide(self, mondo, prova, ben_x):
        d = transizione(mondo.a, presentata(mondo.a, prova, ben_x, oggi=OGGI), "prendi_in_istruttoria")
        with pytest.raises(PermissionDenied):
            transizione(mondo.a, d, "dichiara_ammissibile", actor=mondo.a.assistente_1)

    def test_an_assistente_of_another_comune_cannot_act_on_it(self, mondo, prova, ben_x):
        d = transizione(mondo.a, presentata(mondo.a, prova, ben_x, oggi=OGGI), "richiedi_integrazione",
                        motivo="Documento illeggibile")
        with pytest.raises(RegolaViolata, match="comuni in cui lavori"):
            transizione(mondo.a, d, "integra", actor=mondo.a.assistente_2)

    def test_reasons_are_required_where_the_law_wants_them(self, mondo, prova, ben_x):
        d = transizione(mondo.a, presentata(mondo.a, prova, ben_x, oggi=OGGI), "prendi_in_istruttoria")
        for azione in ("richiedi_integrazione", "sospendi", "dichiara_non_ammissibile"):
            with pytest.raises(RegolaViolata, match="Scrivi il motivo"):
                transizione(mondo.a, d, azione, motivo="  ")
        d = transizione(mondo.a, d, "dichiara_non_ammissibile", motivo="ISEE oltre la soglia")
        assert (d.stato, d.motivo_esito) == (StatoDomanda.NON_AMMISSIBILE, "ISEE oltre la soglia")
        assert d.chiusa_il is not None

    def test_not_eligible_cannot_be_declared_ammissibile_without_the_office_decision(self, mondo, prova, ben_x):
        w = mondo.a
        d = presentata(w, prova, ben_x, oggi=OGGI, benefici_dichiarati=["b1"])
        d = transizione(w, d, "prendi_in_istruttoria")
        with pytest.raises(RegolaViolata, match="registra prima la decisione dell'ufficio"):
            transizione(w, d, "dichiara_ammissibile")
        with ambito_scope(w.ambito, actor=w.operatore):
            with pytest.raises(RegolaViolata, match="motivo"):
                services.domanda_override(domanda=d, actor=w.operatore, ammissibile=True, motivo="")
            d = services.domanda_override(domanda=d, actor=w.operatore, ammissibile=True,
                                          motivo="La B1 è cessata il 31/01: attestazione ASST agli atti")
            assert d.history.first().motivo_forzatura.startswith("La B1 è cessata")
        d = transizione(w, d, "dichiara_ammissibile")
        assert d.stato == StatoDomanda.AMMISSIBILE

    def test_re_evaluation_replaces_the_lines(self, mondo, prova, ben_x):
        w = mondo.a
        d = presentata(w, prova, ben_x, oggi=OGGI, isee_valore=None, isee_tipo="")
        with ambito_scope(w.ambito, actor=w.operatore):
            assert list(EsitoRegola.objects.filter(domanda=d, tipo="ammissibilita").values_list("esito", flat=True)) \
                == ["dati_mancanti"]
            Domanda.objects.filter(pk=d.pk).update(isee_valore=Decimal("30000.00"), isee_tipo="sociosanitario")
            d = services.domanda_evaluate(domanda=d, actor=w.operatore, oggi=OGGI)
            esiti = list(selectors.esito_list(domanda=d))
        assert [e.esito for e in esiti] == ["non_soddisfatta", "soddisfatta"]
        assert not selectors.esito_automatico(esiti).ammissibile and d.punteggio == Decimal("70.00")

    def test_bulk_take_in_charge_reports_the_refused_ones(self, mondo, prova, ben_x, ben_y):
        w = mondo.a
        a = presentata(w, prova, ben_x, oggi=OGGI)
        b = transizione(w, presentata(w, prova, ben_y, actor=w.assistente_2, oggi=OGGI), "prendi_in_istruttoria")
        with ambito_scope(w.ambito, actor=w.operatore):
            fatte, rifiutate = services.domanda_bulk_transition(domande=[a, b], azione="prendi_in_istruttoria",
                                                                actor=w.operatore)
            with pytest.raises(RegolaViolata, match="più domande"):
                services.domanda_bulk_transition(domande=[a], azione="dichiara_ammissibile", actor=w.operatore)
        assert [x.pk for x in fatte] == [a.pk] and [x.pk for x, _m in rifiutate] == [b.pk]


class TestTermine:
    def test_flags_close_to_and_past_the_deadline(self, mondo, prova, ben_x):
        d = presentata(mondo.a, prova, ben_x, oggi=OGGI)
        scadenza = d.scadenza_istruttoria
        assert selectors.stato_termine(d, scadenza - dt.timedelta(days=8)) == "nei_termini"
        assert selectors.stato_termine(d, scadenza - dt.timedelta(days=7)) == "in_scadenza"
        assert selectors.stato_termine(d, scadenza + dt.timedelta(days=1)) == "scaduto"
        d = transizione(mondo.a, d, "richiedi_integrazione", motivo="Manca il contratto")
        assert selectors.stato_termine(d, scadenza + dt.timedelta(days=1)) == "sospeso"

    def test_the_deadline_is_in_the_core_registry(self, mondo, prova, ben_x):
        from ambito.scadenze.registry import scadenze_del_tipo, tipi_registrati
        from misure.domande.scadenze import CODICE

        d = presentata(mondo.a, prova, ben_x, oggi=OGGI)
        tipo = next(t for t in tipi_registrati() if t.codice == CODICE)
        with ambito_scope(mondo.a.ambito):
            trovate = scadenze_del_tipo(tipo, ambito=mondo.a.ambito, dal=OGGI, al=OGGI + dt.timedelta(days=60),
                                        oggi=OGGI)
        assert [(s.data, s.capacita) for s in trovate] == [(d.scadenza_istruttoria, "misure.domande.istruisci")]
        transizione(mondo.a, d, "richiedi_integrazione", motivo="Manca il contratto")
        with ambito_scope(mondo.a.ambito):
            assert scadenze_del_tipo(tipo, ambito=mondo.a.ambito, dal=OGGI, al=OGGI + dt.timedelta(days=60),
                                     oggi=OGGI) == []


class TestValutazioneEProgetto:
    def test_an_assessment_is_recorded_and_the_domanda_evaluated_again(self, mondo, prova, ben_x, monkeypatch):
        w = mondo.a
        d = presentata(w, prova, ben_x, oggi=OGGI)
        chiamate = []
        originale = services._valuta_domanda
        monkeypatch.setattr(services, "_valuta_domanda", lambda dom, *, oggi: chiamate.append(dom.pk)
                            or originale(dom, oggi=oggi))
        with ambito_scope(w.ambito, actor=w.operatore):
            v = valutazioni.valutazione_create(domanda=d, actor=w.operatore, strumento="barthel",
                                               punteggio=Decimal("35"), punteggio_massimo=Decimal("100"),
                                               data=dt.date(2025, 3, 5), equipe="AS comune, infermiera ASST",
                                               uvm_asst=True, sina_mobilita=3, sina_rete_supporto=2)
        assert v.valutatore == w.operatore and chiamate == [d.pk]

    @pytest.mark.parametrize("dati, campo", [
        ({"sina_mobilita": 5}, "sina_mobilita"),
        ({"punteggio": Decimal("120"), "punteggio_massimo": Decimal("100")}, "punteggio"),
        ({"data": dt.date(2099, 1, 1)}, "data"),
        ({"strumento": "oroscopo"}, "strumento"),
    ])
    def test_assessment_values_are_checked(self, mondo, prova, ben_x, dati, campo):
        d = presentata(mondo.a, prova, ben_x, oggi=OGGI)
        base = {"strumento": "adl", "punteggio": Decimal("3"), "data": dt.date(2025, 3, 1)}
        with ambito_scope(mondo.a.ambito), pytest.raises(RegolaViolata) as exc:
            valutazioni.valutazione_create(domanda=d, actor=mondo.a.operatore, **(base | dati))
        assert exc.value.campo == campo

    def test_the_progetto_keeps_its_revisions(self, mondo, prova, ben_x):
        d = presentata(mondo.a, prova, ben_x, oggi=OGGI)
        with ambito_scope(mondo.a.ambito, actor=mondo.a.operatore):
            primo = valutazioni.progetto_create(domanda=d, actor=mondo.a.operatore, obiettivi="Restare a casa",
                                                interventi="Buono caregiver", durata_mesi=12)
            secondo = valutazioni.progetto_revise(progetto=primo, actor=mondo.a.operatore, obiettivi="Restare a casa",
                                                  interventi="Buono caregiver e SAD", durata_mesi=12,
                                                  firmato_il=dt.date(2025, 3, 1))
            assert list(ProgettoIndividuale.objects.filter(domanda=d).order_by("pk")) == [primo, secondo]
            assert secondo.revisione_di == primo
            with pytest.raises(PermissionDenied):
                valutazioni.progetto_create(domanda=d, actor=mondo.a.assistente_1, obiettivi="x", interventi="y",
                                            durata_mesi=1)

    def test_sensitive_fields_are_declared(self):
        dichiarati = modelli_sensibili()
        assert set(dichiarati[Domanda]) >= {"isee_valore", "l104_c3", "indennita_accompagnamento",
                                            "invalidita_percentuale"}
        assert "sina_mobilita" in dichiarati[Valutazione] and "obiettivi_individuali" in dichiarati[ProgettoIndividuale]
