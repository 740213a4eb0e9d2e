"""Demo notifications: every member gets notices with links, in-app only, once."""

from __future__ import annotations

import pytest
from django.core import mail
from django_scopes import scopes_disabled

from ambito.notifiche.demo import carica_demo
from ambito.notifiche.models import Notifica, StatoEmail
from ambito.tenancy import ambito_scope

pytestmark = pytest.mark.django_db


def test_demo_notices_reach_every_member_in_app_only_and_a_second_run_adds_nothing(mondo,
                                                                                    django_capture_on_commit_callbacks):
    w = mondo.a
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), ambito_scope(w.ambito, actor=w.responsabile):
        carica_demo(ambito=w.ambito, actor=w.responsabile)
        carica_demo(ambito=w.ambito, actor=w.responsabile)
    with scopes_disabled():
        righe = list(Notifica.objects.filter(ambito=w.ambito))
    per_utente = {}
    for n in righe:
        per_utente.setdefault(n.destinatario.email, []).append(n.titolo)
    assert len(per_utente) == 6 and all(len(t) >= 2 for t in per_utente.values())
    assert len(per_utente["operatore@lodi.test"]) == 4
    assert all(n.url.startswith("/a/lodi/") and n.email_stato == StatoEmail.NON_RICHIESTA for n in righe)
    assert mail.outbox == []
