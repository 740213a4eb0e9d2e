"""The notification service: who receives, through which channel, and e-mails that fail without losing anything."""

from __future__ import annotations

import logging
import smtplib

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from ambito.accounts.models import Membro
from ambito.notifiche import selectors, services
from ambito.notifiche.models import Notifica, StatoEmail
from ambito.tenancy import ambito_scope
from tests.notifiche.conftest import TIPO, notifica

pytestmark = pytest.mark.django_db


def destinatari(notifiche) -> set[str]:
    return {n.destinatario.email for n in notifiche}


def test_every_holder_of_a_capability_in_the_ambito_is_notified_and_nobody_else(mondo):
    notifiche = notifica(mondo.a, capacita="ambito.membri.gestisci")
    assert destinatari(notifiche) == {"responsabile@lodi.test"}  # not Sesto's, not the platform administrator
    notifiche = notifica(mondo.a, capacita="ambito.atti.gestisci")
    assert destinatari(notifiche) == {"responsabile@lodi.test", "operatore@lodi.test"}


def test_with_a_comune_roles_bound_to_comuni_are_reached_only_for_their_own(mondo):
    w = mondo.a
    notifiche = notifica(w, capacita="ambito.dashboard", comune_id=w.comuni[0].pk)
    assert destinatari(notifiche) == {"responsabile@lodi.test", "operatore@lodi.test", "assistente_1@lodi.test",
                                      "sindaco@lodi.test", "partner@lodi.test"}
    notifiche = notifica(w, capacita="ambito.dashboard.comuni", comune_id=w.comuni[1].pk)
    assert destinatari(notifiche) == {"assistente_2@lodi.test"}


def test_a_revoked_member_is_not_notified_and_a_user_named_twice_gets_one(mondo):
    w = mondo.a
    with scopes_disabled():
        Membro.objects.filter(ambito=w.ambito, utente=w.operatore).update(revocato_il=timezone.now())
    notifiche = notifica(w, capacita="ambito.atti.gestisci", utenti=[w.responsabile])
    assert destinatari(notifiche) == {"responsabile@lodi.test"}


def test_an_unknown_kind_or_capability_is_a_programming_error(mondo):
    with pytest.raises(KeyError):
        notifica(mondo.a, tipo="prova.inesistente", utenti=[mondo.a.operatore])
    with pytest.raises(KeyError):
        notifica(mondo.a, capacita="ambito.inesistente")


def test_the_email_leaves_after_commit_in_italian_as_text_and_html(mondo, invia, settings):
    settings.SITE_URL = "https://ambito.example.it"
    mail.outbox.clear()
    (n,) = invia(mondo.a, utenti=[mondo.a.operatore], titolo="Seduta dell'Assemblea <convocata>")
    assert len(mail.outbox) == 1
    messaggio = mail.outbox[0]
    assert messaggio.to == ["operatore@lodi.test"]
    assert messaggio.subject == "[Ambito di Lodi] Seduta dell'Assemblea <convocata>"  # plain text, not HTML
    assert "\nSeduta dell'Assemblea <convocata>\n" in messaggio.body
    assert "Gentile Operatore Lodi," in messaggio.body
    assert "Per vedere i dettagli: https://ambito.example.it/a/lodi/atti/" in messaggio.body
    html, tipo = messaggio.alternatives[0]
    assert tipo == "text/html" and 'href="https://ambito.example.it/a/lodi/atti/"' in html
    assert "Riga uno<br>Riga due" in html and "Seduta dell&#x27;Assemblea &lt;convocata&gt;" in html
    with scopes_disabled():
        n.refresh_from_db()
    assert n.email_stato == StatoEmail.INVIATA and n.email_tentativi == 1 and n.in_app


def test_nothing_is_sent_when_the_event_is_rolled_back(mondo, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with (django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError),
          transaction.atomic()):
        notifica(mondo.a, utenti=[mondo.a.operatore])
        raise RuntimeError("the event failed")
    assert callbacks == [] and mail.outbox == []
    with scopes_disabled():
        assert not Notifica.objects.filter(destinatario=mondo.a.operatore).exists()


def test_each_user_chooses_the_channels_per_kind(mondo, invia):
    w = mondo.a
    services.preferenza_set(utente=w.operatore, tipo=TIPO, in_app=False, email=True, actor=w.operatore)
    services.preferenza_set(utente=w.responsabile, tipo=TIPO, in_app=False, email=False, actor=w.responsabile)
    services.preferenza_set(utente=w.assistente_1, tipo=TIPO, in_app=True, email=False, actor=w.assistente_1)
    mail.outbox.clear()
    notifiche = invia(w, utenti=[w.operatore, w.responsabile, w.assistente_1, w.assistente_2])
    per_utente = {n.destinatario.email: n for n in notifiche}
    assert set(per_utente) == {"operatore@lodi.test", "assistente_1@lodi.test", "assistente_2@lodi.test"}
    assert {m.to[0] for m in mail.outbox} == {"operatore@lodi.test", "assistente_2@lodi.test"}
    with ambito_scope(w.ambito):
        assert selectors.notifica_non_lette_count(ambito=w.ambito, utente=w.operatore) == 0  # e-mail only
        assert selectors.notifica_non_lette_count(ambito=w.ambito, utente=w.assistente_1) == 1
    # A kind's default: in-app only until the user chooses otherwise.
    mail.outbox.clear()
    invia(w, utenti=[w.assistente_2], tipo="prova.silenziosa")
    assert mail.outbox == []


def _smtp_che_fallisce(volte: int):
    originale = services.notifica_email_send
    chiamate = {"n": 0}

    def invio(*, notifica):
        chiamate["n"] += 1
        if chiamate["n"] <= volte:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return originale(notifica=notifica)

    return invio, chiamate


def test_a_failed_email_is_retried_and_then_delivered(mondo, invia, monkeypatch, caplog):
    invio, chiamate = _smtp_che_fallisce(2)
    monkeypatch.setattr(services, "notifica_email_send", invio)
    mail.outbox.clear()
    with caplog.at_level(logging.WARNING, logger="ambito.notifiche.tasks"):
        (n,) = invia(mondo.a, utenti=[mondo.a.operatore])
    assert chiamate["n"] == 3 and len(mail.outbox) == 1
    with scopes_disabled():
        n.refresh_from_db()
    assert n.email_stato == StatoEmail.INVIATA and n.email_tentativi == 3
    assert n.email_errore.startswith("SMTPServerDisconnected")  # the last error stays on record
    assert [r.levelname for r in caplog.records].count("WARNING") == 2
    assert "attempt 1 of 5 failed, retrying in 60 s" in caplog.text
    assert "attempt 2 of 5 failed, retrying in 120 s" in caplog.text  # back-off doubles


def test_an_email_that_never_goes_keeps_the_in_app_copy_even_for_email_only_users(mondo, invia, monkeypatch,
                                                                                   caplog, settings):
    settings.AMBITO_NOTIFICHE_EMAIL_TENTATIVI = 3
    w = mondo.a
    services.preferenza_set(utente=w.operatore, tipo=TIPO, in_app=False, email=True, actor=w.operatore)
    invio, chiamate = _smtp_che_fallisce(99)
    monkeypatch.setattr(services, "notifica_email_send", invio)
    with caplog.at_level(logging.WARNING, logger="ambito.notifiche.tasks"):
        (n,) = invia(w, utenti=[w.operatore])
    assert chiamate["n"] == 3
    with scopes_disabled():
        n.refresh_from_db()
    assert n.email_stato == StatoEmail.FALLITA and n.email_tentativi == 3
    assert n.in_app  # shown in the application after all
    assert "not delivered after 3 attempts" in caplog.text
    with ambito_scope(w.ambito):
        assert list(selectors.notifica_list(ambito=w.ambito, utente=w.operatore)) == [n]


def test_read_one_and_read_all_touch_only_the_users_own(mondo):
    w = mondo.a
    mie = notifica(w, utenti=[w.operatore]) + notifica(w, utenti=[w.operatore]) + notifica(w, utenti=[w.operatore])
    altrui = notifica(w, utenti=[w.responsabile])
    with ambito_scope(w.ambito):
        services.notifica_mark_read(notifica=mie[0], actor=w.operatore)
        letta_il = mie[0].letta_il
        services.notifica_mark_read(notifica=mie[0], actor=w.operatore)
        assert mie[0].letta_il == letta_il  # reading again changes nothing
        assert selectors.notifica_non_lette_count(ambito=w.ambito, utente=w.operatore) == 2
        assert services.notifica_mark_all_read(ambito=w.ambito, utente=w.operatore, actor=w.operatore) == 2
        assert selectors.notifica_non_lette_count(ambito=w.ambito, utente=w.operatore) == 0
        assert selectors.notifica_non_lette_count(ambito=w.ambito, utente=w.responsabile) == 1
        with pytest.raises(Exception) as exc:
            selectors.notifica_get(ambito=w.ambito, utente=w.operatore, pk=altrui[0].pk)
        assert exc.typename == "NonTrovato"


def test_an_email_that_cannot_be_built_is_not_retried_and_the_notification_stays(mondo, invia, monkeypatch, caplog):
    w = mondo.a
    services.preferenza_set(utente=w.operatore, tipo=TIPO, in_app=False, email=True, actor=w.operatore)
    chiamate = []

    def rotto(*, notifica):
        chiamate.append(notifica.pk)
        raise ValueError("template rotto")

    monkeypatch.setattr(services, "notifica_email_send", rotto)
    with caplog.at_level(logging.ERROR, logger="ambito.notifiche.tasks"):
        (n,) = invia(w, utenti=[w.operatore])
    assert len(chiamate) == 1
    with scopes_disabled():
        n.refresh_from_db()
    assert n.email_stato == StatoEmail.FALLITA and n.in_app and n.email_errore == "ValueError: template rotto"
    assert "could not be prepared or sent" in caplog.text
