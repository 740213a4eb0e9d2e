"""The beneficiari services, rule by rule, through the service (issue 16, "Beneficiaries")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ambito.errors import RegolaViolata
from ambito.tenancy import ambito_scope
from misure.models import Beneficiario, TentativoDuplicato
from misure.selectors import beneficiari as selectors
from misure.services import beneficiari as services
from tests.misure.beneficiari.helpers import isee, persona, registra

pytestmark = pytest.mark.django_db


def crea(w, utente, comune, **dati):
    with ambito_scope(w.ambito, comuni=perimetro(w, utente), actor=utente):
        return services.beneficiario_create(ambito=w.ambito, comune=comune, actor=utente, **dati)


def perimetro(w, utente) -> list[int] | None:
    """The scope's comuni as the request would set them: assistente_1 → comuni[0], assistente_2 → comuni[1],
    staff → None (the whole Ambito)."""
    return {w.assistente_1: [w.comuni[0].pk], w.assistente_2: [w.comuni[1].pk]}.get(utente)


def rifiuto(w, utente, comune, **dati) -> RegolaViolata:
    with pytest.raises(RegolaViolata) as errore:
        crea(w, utente, comune, **dati)
    return errore.value


class TestRegistrazione:
    def test_a_consistent_person_is_registered_with_history_and_normalised_codes(self, mondo):
        w = mondo.a
        dati = persona(iban="it60 x054 2811 1010 0000 0123 456")
        dati["codice_fiscale"] = dati["codice_fiscale"].lower()
        b = crea(w, w.assistente_1, w.comuni[0], **dati)
        with ambito_scope(w.ambito):
            salvato = Beneficiario.objects.get(pk=b.pk)
            storia = list(salvato.history.all())
        assert salvato.codice_fiscale == dati["codice_fiscale"].upper()
        assert salvato.iban == "IT60X0542811101000000123456"
        assert salvato.cittadinanza == "italiana"
        assert [(h.history_type, h.history_user) for h in storia] == [("+", w.assistente_1)]

    @pytest.mark.parametrize("campo, valore", [("sesso", "M"), ("data_nascita", dt.date(1940, 5, 18)),
                                               ("luogo_nascita_belfiore", "C816")])
    def test_data_that_disagree_with_the_codice_fiscale_are_refused_next_to_their_field(self, mondo, campo, valore):
        w = mondo.a
        errore = rifiuto(w, w.operatore, w.comuni[0], **{**persona(), campo: valore})
        assert errore.campo == campo
        with ambito_scope(w.ambito):
            assert not Beneficiario.objects.exists()

    def test_a_wrong_iban_a_future_birth_and_a_missing_surname_are_refused(self, mondo):
        w = mondo.a
        assert rifiuto(w, w.operatore, w.comuni[0], **persona(iban="IT60X0542811101000000123457")).campo == "iban"
        assert rifiuto(w, w.operatore, w.comuni[0], **persona(cognome="")).campo == "cognome"
        futuro = dt.date.today() + dt.timedelta(days=400)
        assert rifiuto(w, w.operatore, w.comuni[0], **persona(nascita=futuro)).campo in ("data_nascita",
                                                                                        "codice_fiscale")

    def test_a_text_over_its_limit_is_refused_with_the_limit_not_cut(self, mondo):
        w = mondo.a
        errore = rifiuto(w, w.operatore, w.comuni[0], **persona(indirizzo="x" * 251))
        assert errore.campo == "indirizzo" and "250" in errore.messaggio and "251" in errore.messaggio

    def test_an_assistente_registers_only_residents_of_their_comuni(self, mondo):
        w = mondo.a
        errore = rifiuto(w, w.assistente_1, w.comuni[1], **persona())
        assert (errore.campo, errore.codice) == ("comune", "comune_non_tuo")

    def test_a_comune_outside_the_ambito_is_refused(self, mondo):
        errore = rifiuto(mondo.a, mondo.a.operatore, mondo.b.comuni[0], **persona())
        assert errore.codice == "comune_fuori_ambito"

    def test_household_members_have_valid_codes(self, mondo):
        w = mondo.a
        figlio = persona("Rossi", "Luca", "M", dt.date(2015, 2, 3))
        nucleo = [{"cognome": "Rossi", "nome": "Luca", "codice_fiscale": figlio["codice_fiscale"],
                   "relazione": "figlio"}]
        b = crea(w, w.operatore, w.comuni[0], **persona(nucleo_familiare=nucleo))
        assert b.nucleo_familiare == nucleo
        sbagliato = [{**nucleo[0], "codice_fiscale": "RSSLCU15B03E648X"}]
        errore = rifiuto(w, w.operatore, w.comuni[0], **persona("Verdi", nucleo_familiare=sbagliato))
        assert errore.campo == "nucleo_familiare" and errore.messaggio.startswith("Componente 1:")


class TestDuplicati:
    def test_another_comunes_codice_fiscale_is_refused_without_revealing_anything(self, mondo):
        w = mondo.a
        registra(w, comune=w.comuni[0], **persona("Bianchi", "Giuseppina"))
        dati = persona("Bianchi", "Giuseppina", indirizzo="Via Roma 1")
        errore = rifiuto(w, w.assistente_2, w.comuni[1], **dati)
        assert (errore.campo, errore.codice) == ("codice_fiscale", services.CODICE_DUPLICATO)
        assert errore.messaggio == str(services.MESSAGGIO_DUPLICATO)
        for rivelatore in ("Bianchi", "Giuseppina", w.comuni[0].denominazione, "Lodi"):
            assert rivelatore not in errore.messaggio
        assert "Ufficio di Piano" in errore.messaggio

    def test_the_refusal_is_the_same_whatever_the_user_typed_beside_the_code(self, mondo):
        """The answer depends on the code only: other names or a different address change nothing (probing the
        stored data through the message is impossible)."""
        w = mondo.a
        registra(w, **persona("Bianchi", "Giuseppina"))
        codice = persona("Bianchi", "Giuseppina")["codice_fiscale"]
        messaggi = {rifiuto(w, w.assistente_2, w.comuni[1], **{**persona("Bianchi", "Giuseppina"), **extra}).messaggio
                    for extra in ({}, {"cognome": "Altro", "nome": "Nome"}, {"indirizzo": "Via X"},
                                  {"codice_fiscale": codice.lower()})}
        assert messaggi == {str(services.MESSAGGIO_DUPLICATO)}

    def test_the_attempt_is_recorded_for_the_office(self, mondo):
        w = mondo.a
        esistente = registra(w, **persona("Bianchi", "Giuseppina"))
        rifiuto(w, w.assistente_2, w.comuni[1], **persona("Bianchi", "Giuseppina"))
        with ambito_scope(w.ambito):
            tentativi = list(selectors.tentativo_duplicato_list(ambito=w.ambito))
        assert len(tentativi) == 1
        t = tentativi[0]
        assert (t.beneficiario, t.comune_richiedente, t.utente, t.gestito) == (
            esistente, w.comuni[1], w.assistente_2, False)
        with ambito_scope(w.ambito, actor=w.operatore):
            services.tentativo_duplicato_mark_gestito(tentativo=t, actor=w.operatore, nota="Sentito il comune")
            t.refresh_from_db()
            assert (t.gestito, t.gestito_da, t.nota_gestione) == (True, w.operatore, "Sentito il comune")
            with pytest.raises(RegolaViolata, match="già gestita"):
                services.tentativo_duplicato_mark_gestito(tentativo=t, actor=w.operatore)

    def test_a_code_the_user_can_see_is_refused_saying_so_and_no_attempt_is_recorded(self, mondo):
        w = mondo.a
        registra(w, **persona("Bianchi", "Giuseppina"))
        for utente in (w.assistente_1, w.operatore):
            errore = rifiuto(w, utente, w.comuni[0], **persona("Bianchi", "Giuseppina"))
            assert errore.codice == "codice_fiscale_gia_presente"
        with ambito_scope(w.ambito):
            assert not TentativoDuplicato.objects.exists()

    def test_the_same_person_can_be_registered_in_another_ambito(self, mondo):
        registra(mondo.a, **persona())
        b = registra(mondo.b, **persona())
        assert b.pk

    def test_correcting_a_code_into_another_comunes_is_refused_the_same_way(self, mondo):
        w = mondo.a
        registra(w, **persona("Bianchi", "Giuseppina"))
        mio = crea(w, w.assistente_2, w.comuni[1], **persona("Verdi", "Anna"))
        with ambito_scope(w.ambito, comuni=[w.comuni[1].pk], actor=w.assistente_2), \
                pytest.raises(RegolaViolata) as errore:
            services.beneficiario_update(beneficiario=mio, actor=w.assistente_2, **persona("Bianchi", "Giuseppina"))
        assert errore.value.messaggio == str(services.MESSAGGIO_DUPLICATO)

    def test_the_database_holds_the_uniqueness_when_the_check_is_bypassed(self, mondo, monkeypatch):
        """The race window (both requests passed the check) is simulated: the save hits the unique constraint
        and the loser gets the same refusal as if it had come second."""
        w = mondo.a
        registra(w, **persona("Bianchi", "Giuseppina"))
        originale = services.registrazione_nell_ambito
        chiamate = []

        def nel_varco(**kwargs):
            chiamate.append(kwargs)
            return None if len(chiamate) == 1 else originale(**kwargs)

        monkeypatch.setattr(services, "registrazione_nell_ambito", nel_varco)
        errore = rifiuto(w, w.assistente_2, w.comuni[1], **persona("Bianchi", "Giuseppina"))
        assert errore.messaggio == str(services.MESSAGGIO_DUPLICATO) and len(chiamate) == 2
        with ambito_scope(w.ambito):
            assert TentativoDuplicato.objects.count() == 1
            assert Beneficiario.objects.count() == 1


class TestCorrezioniETrasferimento:
    def test_a_correction_keeps_the_previous_version_and_nothing_changed_saves_nothing(self, mondo):
        w = mondo.a
        b = registra(w)
        with ambito_scope(w.ambito, actor=w.operatore):
            services.beneficiario_update(beneficiario=b, actor=w.operatore, indirizzo="Via Garibaldi 3",
                                         telefono="0371 123456")
            services.beneficiario_update(beneficiario=b, actor=w.operatore, indirizzo="Via Garibaldi 3")
            storia = list(b.history.order_by("history_id"))
        assert [h.indirizzo for h in storia] == ["", "Via Garibaldi 3"]

    def test_the_office_moves_a_beneficiary_to_another_comune_and_the_history_keeps_the_first(self, mondo):
        w = mondo.a
        b = registra(w, **persona(residente_dal=dt.date(2000, 1, 1)))
        with ambito_scope(w.ambito, actor=w.operatore):
            services.beneficiario_trasferisci(beneficiario=b, comune=w.comuni[1], residente_dal=dt.date(2026, 3, 1),
                                              actor=w.operatore)
            storia = [(h.comune_id, h.residente_dal) for h in b.history.order_by("history_id")]
        assert storia == [(w.comuni[0].pk, dt.date(2000, 1, 1)), (w.comuni[1].pk, dt.date(2026, 3, 1))]
        # now assistente_2's, no longer assistente_1's
        with ambito_scope(w.ambito, comuni=[w.comuni[0].pk]):
            assert selectors.beneficiario_per_codice_fiscale(b.codice_fiscale) is None
        with ambito_scope(w.ambito, comuni=[w.comuni[1].pk]):
            assert selectors.beneficiario_per_codice_fiscale(b.codice_fiscale) == b

    def test_an_assistente_cannot_move_a_beneficiary_nor_change_the_comune_by_correction(self, mondo):
        w = mondo.a
        b = registra(w)
        with ambito_scope(w.ambito, comuni=[w.comuni[0].pk], actor=w.assistente_1):
            with pytest.raises(RegolaViolata, match="Ufficio di Piano"):
                services.beneficiario_trasferisci(beneficiario=b, comune=w.comuni[1],
                                                  residente_dal=dt.date(2026, 3, 1), actor=w.assistente_1)
            with pytest.raises(RegolaViolata, match="trasferimento"):
                services.beneficiario_update(beneficiario=b, actor=w.assistente_1, comune=w.comuni[1])


class TestDatiSensibili:
    def test_an_isee_attestation_has_consistent_dates_and_a_non_negative_value(self, mondo):
        w = mondo.a
        b = registra(w)
        assert isee(b, w).valore_isee == Decimal("12000.00")
        casi = [({"valore_isee": Decimal("-1")}, "valore_isee"),
                ({"scade_il": dt.date(2025, 12, 31)}, "scade_il"),
                ({"rilasciata_il": dt.date.today() + dt.timedelta(days=2), "scade_il": dt.date(2099, 1, 1)},
                 "rilasciata_il"),
                ({"tipo_isee": "inventato"}, "tipo_isee"),
                ({"anno_dsu": 2030}, "anno_dsu"),
                ({"valore_isee": Decimal("1.234")}, "valore_isee")]
        for extra, campo in casi:
            with pytest.raises(RegolaViolata) as errore:
                isee(b, w, **extra)
            assert errore.value.campo == campo, extra

    def test_an_update_that_changes_nothing_writes_no_history(self, mondo):
        w = mondo.a
        a = isee(registra(w), w)
        with ambito_scope(w.ambito, actor=w.operatore):
            services.attestazione_isee_update(attestazione=a, actor=w.operatore, valore_isee=Decimal("12000.00"))
            services.attestazione_isee_update(attestazione=a, actor=w.operatore, valore_isee=Decimal("24999.99"))
            assert [h.valore_isee for h in a.history.order_by("history_id")] == [Decimal("12000.00"),
                                                                                  Decimal("24999.99")]

    def test_a_certification_checks_invalidity_percentage_and_dates(self, mondo):
        w = mondo.a
        b = registra(w)
        with ambito_scope(w.ambito, actor=w.operatore):
            c = services.certificazione_create(beneficiario=b, actor=w.operatore, tipo_certificazione="invalidita",
                                               percentuale_invalidita=100, data=dt.date(2020, 1, 1))
            assert c.percentuale_invalidita == 100
            casi = [({"tipo_certificazione": "invalidita", "data": dt.date(2020, 1, 1)}, "percentuale_invalidita"),
                    ({"tipo_certificazione": "invalidita", "percentuale_invalidita": 101, "data": dt.date(2020, 1, 1)},
                     "percentuale_invalidita"),
                    ({"tipo_certificazione": "l104_c3", "data": dt.date(1930, 1, 1)}, "data"),
                    ({"tipo_certificazione": "l104_c3", "data": dt.date(2020, 1, 1),
                      "revisione_il": dt.date(2019, 1, 1)}, "revisione_il")]
            for dati, campo in casi:
                with pytest.raises(RegolaViolata) as errore:
                    services.certificazione_create(beneficiario=b, actor=w.operatore, **dati)
                assert errore.value.campo == campo, dati

    def test_an_external_benefit_has_a_code_ordered_dates_and_a_non_negative_amount(self, mondo):
        w = mondo.a
        b = registra(w)
        with ambito_scope(w.ambito, actor=w.operatore):
            be = services.beneficio_esterno_create(beneficiario=b, actor=w.operatore, codice="B1",
                                                   dal=dt.date(2025, 1, 1), importo_mensile=Decimal("650"))
            assert be.codice == "b1"
            casi = [({"codice": "B 1!", "dal": dt.date(2025, 1, 1)}, "codice"),
                    ({"codice": "b1", "dal": dt.date(2025, 1, 1), "al": dt.date(2024, 1, 1)}, "al"),
                    ({"codice": "b1", "dal": dt.date(2025, 1, 1), "importo_mensile": Decimal("-5")},
                     "importo_mensile")]
            for dati, campo in casi:
                with pytest.raises(RegolaViolata) as errore:
                    services.beneficio_esterno_create(beneficiario=b, actor=w.operatore, **dati)
                assert errore.value.campo == campo, dati
