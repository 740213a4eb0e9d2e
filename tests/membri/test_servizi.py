"""The rules of ambito.membri.services, independent of pages and API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from ambito.accounts.models import Invito, Membro, Ruolo, Utente
from ambito.errors import Conflitto, RegolaViolata
from ambito.membri.services import invito_accept, invito_cancel, invito_create, membro_revoke, membro_update
from ambito.tenancy import ambito_scope
from ambito.territorio.models import AppartenenzaComune
from tests.conftest import crea_utente

pytestmark = pytest.mark.django_db

PASSWORD_NUOVA = "Girasole-Lampione-Ottobre-7"


def invita(w, *, email="nuova@example.test", ruolo=Ruolo.OPERATORE, comuni=(), ente=None):
    with ambito_scope(w.ambito, actor=w.responsabile):
        return invito_create(ambito=w.ambito, actor=w.responsabile, email=email, ruolo=ruolo, comuni=comuni,
                             ente=ente)


def membro_di(w, user):
    with ambito_scope(w.ambito):
        return Membro.objects.get(ambito=w.ambito, utente=user, revocato_il__isnull=True)


class TestInvitoCreate:
    def test_it_creates_an_expiring_invitation_and_mails_the_link_after_commit(
        self, mondo, settings, django_capture_on_commit_callbacks,
    ):
        settings.SITE_URL = "https://ambito.example.it"
        with django_capture_on_commit_callbacks(execute=True):
            invito = invita(mondo.a, email=" Nuova@Example.TEST ", ruolo=Ruolo.ASSISTENTE_SOCIALE,
                            comuni=[mondo.a.comuni[2]])
        assert invito.email == "nuova@example.test"
        giorni = (invito.scade_il - timezone.now()).total_seconds() / 86400
        assert settings.INVITO_VALIDITA_GIORNI - 0.01 < giorni <= settings.INVITO_VALIDITA_GIORNI
        assert len(mail.outbox) == 1
        messaggio = mail.outbox[0]
        assert messaggio.to == ["nuova@example.test"]
        assert "Ambito di Lodi" in messaggio.subject
        assert f"https://ambito.example.it/account/invito/{invito.token}/" in messaggio.body
        assert "Assistente sociale" in messaggio.body
        assert "Casalpusterlengo" in messaggio.body

    def test_no_mail_leaves_if_the_transaction_is_rolled_back(self, mondo, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            invita(mondo.a)
        assert len(callbacks) == 1
        assert mail.outbox == []

    def test_an_assistente_sociale_needs_at_least_one_comune(self, mondo):
        with pytest.raises(RegolaViolata, match="almeno un comune") as exc:
            invita(mondo.a, ruolo=Ruolo.ASSISTENTE_SOCIALE)
        assert exc.value.campo == "comuni"

    def test_comuni_must_belong_to_the_ambito_today(self, mondo):
        with pytest.raises(RegolaViolata, match="Sesto San Giovanni"):
            invita(mondo.a, ruolo=Ruolo.ASSISTENTE_SOCIALE, comuni=[mondo.a.comuni[0], mondo.b.comuni[0]])

    def test_a_comune_that_left_the_ambito_is_refused(self, mondo):
        codogno = mondo.a.comuni[1]
        with ambito_scope(mondo.a.ambito):
            AppartenenzaComune.objects.filter(ambito=mondo.a.ambito, comune=codogno).update(
                valido_al=timezone.localdate() - dt.timedelta(days=1))
        with pytest.raises(RegolaViolata, match="Codogno"):
            invita(mondo.a, ruolo=Ruolo.ASSISTENTE_SOCIALE, comuni=[codogno])

    def test_a_componente_dell_assemblea_represents_exactly_one_comune(self, mondo):
        with pytest.raises(RegolaViolata, match="esattamente un comune"):
            invita(mondo.a, ruolo=Ruolo.ASSEMBLEA, comuni=mondo.a.comuni[:2])
        with pytest.raises(RegolaViolata, match="esattamente un comune"):
            invita(mondo.a, ruolo=Ruolo.ASSEMBLEA)
        assert invita(mondo.a, ruolo=Ruolo.ASSEMBLEA, comuni=mondo.a.comuni[1:2]).ruolo == Ruolo.ASSEMBLEA

    def test_a_partner_represents_an_ente(self, mondo):
        with pytest.raises(RegolaViolata, match="ente") as exc:
            invita(mondo.a, ruolo=Ruolo.PARTNER)
        assert exc.value.campo == "ente"
        assert invita(mondo.a, ruolo=Ruolo.PARTNER, ente=mondo.a.asst).ente == mondo.a.asst

    def test_office_roles_take_neither_comuni_nor_ente(self, mondo):
        with pytest.raises(RegolaViolata, match="I comuni si indicano solo"):
            invita(mondo.a, ruolo=Ruolo.OPERATORE, comuni=mondo.a.comuni[:1])
        with pytest.raises(RegolaViolata, match="L'ente si indica solo"):
            invita(mondo.a, ruolo=Ruolo.RESPONSABILE, ente=mondo.a.asst)

    def test_an_active_member_is_not_invited_again(self, mondo):
        with pytest.raises(RegolaViolata, match="già un membro"):
            invita(mondo.a, email="OPERATORE@lodi.test")

    def test_a_member_of_another_ambito_can_be_invited(self, mondo):
        assert invita(mondo.a, email="operatore@sesto.test").email == "operatore@sesto.test"

    def test_a_second_pending_invitation_for_the_same_address_is_refused(self, mondo):
        invita(mondo.a)
        with pytest.raises(RegolaViolata, match="già un invito in attesa"):
            invita(mondo.a)

    def test_refused_invitations_leave_nothing_behind(self, mondo):
        with pytest.raises(RegolaViolata):
            invita(mondo.a, ruolo=Ruolo.ASSISTENTE_SOCIALE, comuni=[mondo.b.comuni[0]])
        with ambito_scope(mondo.a.ambito):
            assert not Invito.objects.exists()
            assert not Invito.history.exists()


class TestInvitoAccept:
    def test_a_new_user_creates_the_account_and_joins_with_the_invited_comuni(self, mondo):
        invito = invita(mondo.a, ruolo=Ruolo.ASSISTENTE_SOCIALE, comuni=mondo.a.comuni[2:4])
        membro = invito_accept(invito=invito, actor=None, nome="Giulia", cognome="Bassi", password=PASSWORD_NUOVA)
        utente = Utente.objects.get(email="nuova@example.test")
        assert utente.get_full_name() == "Giulia Bassi"
        assert utente.check_password(PASSWORD_NUOVA)
        with ambito_scope(mondo.a.ambito):
            membro = Membro.objects.get(pk=membro.pk)
            assert membro.utente == utente and membro.ruolo == Ruolo.ASSISTENTE_SOCIALE
            assert set(membro.comuni.all()) == set(mondo.a.comuni[2:4])
            invito.refresh_from_db()
            assert invito.accettato_il is not None
            # The new member's own acceptance is in the audit trail, attributed to them.
            assert membro.history.earliest("history_date").history_user == utente

    def test_an_existing_user_joins_with_their_account(self, mondo):
        invito = invita(mondo.a, email="operatore@sesto.test", ruolo=Ruolo.PARTNER, ente=mondo.a.asst)
        invito_accept(invito=invito, actor=mondo.b.operatore)
        assert membro_di(mondo.a, mondo.b.operatore).ruolo == Ruolo.PARTNER
        assert membro_di(mondo.b, mondo.b.operatore).ruolo == Ruolo.OPERATORE  # B untouched

    def test_the_logged_in_user_must_be_the_invited_one(self, mondo):
        invito = invita(mondo.a, email="operatore@sesto.test")
        with pytest.raises(RegolaViolata, match=r"operatore@sesto\.test"):
            invito_accept(invito=invito, actor=mondo.b.responsabile)
        with ambito_scope(mondo.a.ambito):
            assert not Membro.objects.filter(utente=mondo.b.responsabile).exists()

    def test_an_anonymous_visitor_cannot_take_over_an_existing_account(self, mondo):
        invito = invita(mondo.a, email="operatore@sesto.test")
        with pytest.raises(RegolaViolata, match="accedi"):
            invito_accept(invito=invito, actor=None, nome="X", cognome="Y", password=PASSWORD_NUOVA)
        assert Utente.objects.get(email="operatore@sesto.test").check_password("Password-di-prova-2026")

    def test_a_weak_password_creates_nothing(self, mondo):
        invito = invita(mondo.a)
        with pytest.raises(RegolaViolata, match="troppo comune") as exc:
            invito_accept(invito=invito, actor=None, nome="Giulia", cognome="Bassi", password="password1234")
        assert exc.value.campo == "password"
        assert not Utente.objects.filter(email="nuova@example.test").exists()
        with ambito_scope(mondo.a.ambito):
            assert Invito.objects.get(pk=invito.pk).accettato_il is None

    def test_an_invitation_is_used_only_once(self, mondo):
        invito = invita(mondo.a)
        invito_accept(invito=invito, actor=None, nome="Giulia", cognome="Bassi", password=PASSWORD_NUOVA)
        altro = crea_utente("altro@example.test", "Altro", "Utente")
        with pytest.raises(Conflitto, match="già stato usato"):
            invito_accept(invito=invito, actor=altro)

    def test_an_expired_invitation_is_refused(self, mondo):
        invito = invita(mondo.a)
        with ambito_scope(mondo.a.ambito):
            Invito.objects.filter(pk=invito.pk).update(scade_il=timezone.now() - dt.timedelta(minutes=1))
        with pytest.raises(Conflitto, match="scaduto"):
            invito_accept(invito=invito, actor=None, nome="G", cognome="B", password=PASSWORD_NUOVA)
        assert not Utente.objects.filter(email="nuova@example.test").exists()

    def test_a_cancelled_invitation_is_refused(self, mondo):
        invito = invita(mondo.a)
        with ambito_scope(mondo.a.ambito, actor=mondo.a.responsabile):
            invito_cancel(invito=invito, actor=mondo.a.responsabile)
        with pytest.raises(Conflitto, match="annullato"):
            invito_accept(invito=invito, actor=None, nome="G", cognome="B", password=PASSWORD_NUOVA)

    def test_an_accepted_invitation_cannot_be_cancelled(self, mondo):
        invito = invita(mondo.a)
        invito_accept(invito=invito, actor=None, nome="G", cognome="B", password=PASSWORD_NUOVA)
        with ambito_scope(mondo.a.ambito), pytest.raises(Conflitto, match="già stato accettato"):
            invito_cancel(invito=invito, actor=mondo.a.responsabile)


class TestMembroUpdate:
    def test_a_role_change_with_new_comuni_is_saved_and_audited(self, mondo):
        membro = membro_di(mondo.a, mondo.a.operatore)
        with ambito_scope(mondo.a.ambito, actor=mondo.a.responsabile):
            membro_update(membro=membro, actor=mondo.a.responsabile, ruolo=Ruolo.ASSISTENTE_SOCIALE,
                          comuni=mondo.a.comuni[:2])
            membro = Membro.objects.get(pk=membro.pk)
            assert membro.ruolo == Ruolo.ASSISTENTE_SOCIALE
            assert set(membro.comuni.all()) == set(mondo.a.comuni[:2])

            ultimo = membro.history.latest("history_date")
            assert ultimo.history_user == mondo.a.responsabile
            assert {c.comune_id for c in ultimo.comuni.all()} == {c.pk for c in mondo.a.comuni[:2]}
            primo = membro.history.earliest("history_date")
            campi = {change.field for change in ultimo.diff_against(primo).changes}
            assert {"ruolo", "comuni"} <= campi

    def test_changing_only_the_comuni_is_in_the_history_too(self, mondo):
        membro = membro_di(mondo.a, mondo.a.assistente_1)
        with ambito_scope(mondo.a.ambito, actor=mondo.a.responsabile):
            prima = membro.history.count()
            membro_update(membro=membro, actor=mondo.a.responsabile, ruolo=Ruolo.ASSISTENTE_SOCIALE,
                          comuni=[mondo.a.comuni[3]])
            ultimo = membro.history.latest("history_date")
            assert membro.history.count() == prima + 1  # one row for the change, no "no comuni" in between
            assert [c.comune_id for c in ultimo.comuni.all()] == [mondo.a.comuni[3].pk]
            assert [c.comune_id for c in ultimo.prev_record.comuni.all()] == [mondo.a.comuni[0].pk]
            assert [change.field for change in ultimo.diff_against(ultimo.prev_record).changes] == ["comuni"]

    def test_the_role_rules_apply_to_changes_too(self, mondo):
        membro = membro_di(mondo.a, mondo.a.operatore)
        with ambito_scope(mondo.a.ambito), pytest.raises(RegolaViolata, match="almeno un comune"):
            membro_update(membro=membro, actor=mondo.a.responsabile, ruolo=Ruolo.ASSISTENTE_SOCIALE)
        assert membro_di(mondo.a, mondo.a.operatore).ruolo == Ruolo.OPERATORE

    def test_the_last_responsabile_cannot_be_demoted(self, mondo):
        membro = membro_di(mondo.a, mondo.a.responsabile)
        with ambito_scope(mondo.a.ambito), pytest.raises(RegolaViolata, match="unico responsabile"):
            membro_update(membro=membro, actor=mondo.a.responsabile, ruolo=Ruolo.OPERATORE)
        assert membro_di(mondo.a, mondo.a.responsabile).ruolo == Ruolo.RESPONSABILE

    def test_a_responsabile_can_be_demoted_once_there_is_another(self, mondo):
        with ambito_scope(mondo.a.ambito, actor=mondo.a.responsabile):
            membro_update(membro=membro_di(mondo.a, mondo.a.operatore), actor=mondo.a.responsabile,
                          ruolo=Ruolo.RESPONSABILE)
            membro_update(membro=membro_di(mondo.a, mondo.a.responsabile), actor=mondo.a.responsabile,
                          ruolo=Ruolo.OPERATORE)
        assert membro_di(mondo.a, mondo.a.responsabile).ruolo == Ruolo.OPERATORE


class TestMembroRevoke:
    def test_revoking_sets_the_date_and_keeps_the_row(self, mondo):
        membro = membro_di(mondo.a, mondo.a.partner)
        with ambito_scope(mondo.a.ambito, actor=mondo.a.responsabile):
            membro_revoke(membro=membro, actor=mondo.a.responsabile)
            membro.refresh_from_db()
            assert membro.revocato_il is not None
            assert membro.history.latest("history_date").history_user == mondo.a.responsabile

    def test_the_last_responsabile_cannot_be_revoked(self, mondo):
        with ambito_scope(mondo.a.ambito), pytest.raises(RegolaViolata, match="unico responsabile"):
            membro_revoke(membro=membro_di(mondo.a, mondo.a.responsabile), actor=mondo.a.responsabile)
        assert membro_di(mondo.a, mondo.a.responsabile).revocato_il is None

    def test_the_responsabile_of_another_ambito_does_not_count(self, mondo):
        # Ambito B's responsabile is no help to Ambito A.
        with ambito_scope(mondo.a.ambito), pytest.raises(RegolaViolata, match="unico responsabile"):
            membro_revoke(membro=membro_di(mondo.a, mondo.a.responsabile), actor=mondo.admin)

    def test_revoking_twice_is_a_conflict(self, mondo):
        membro = membro_di(mondo.a, mondo.a.partner)
        with ambito_scope(mondo.a.ambito):
            membro_revoke(membro=membro, actor=mondo.a.responsabile)
            with pytest.raises(Conflitto):
                membro_revoke(membro=membro, actor=mondo.a.responsabile)

    def test_a_revoked_user_can_be_invited_again(self, mondo):
        with ambito_scope(mondo.a.ambito):
            membro_revoke(membro=membro_di(mondo.a, mondo.a.partner), actor=mondo.a.responsabile)
        invito = invita(mondo.a, email="partner@lodi.test", ruolo=Ruolo.OPERATORE)
        invito_accept(invito=invito, actor=mondo.a.partner)
        assert membro_di(mondo.a, mondo.a.partner).ruolo == Ruolo.OPERATORE
