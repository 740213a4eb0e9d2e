"""Deadline reminders: at 30, 7 and 1 days before and on expiry, each exactly once — the task run twice, a day
skipped, a deadline moved, two runs at once."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core import mail
from django.db import connection
from django_scopes import scopes_disabled

from ambito.notifiche.models import Notifica
from ambito.scadenze.models import PromemoriaScadenza
from ambito.scadenze.services import promemoria_send, soglia_per
from ambito.scadenze.tasks import promemoria_ambito
from ambito.tenancy import ambito_scope
from tests.scadenze.conftest import OGGI, termine

pytestmark = pytest.mark.django_db


def giorno(n: int) -> dt.date:
    return OGGI + dt.timedelta(days=n)


def invia(w, quando: dt.date) -> int:
    with ambito_scope(w.ambito):
        return promemoria_send(ambito=w.ambito, oggi=quando)


def titoli(w) -> list[str]:
    with scopes_disabled():
        return list(Notifica.objects.filter(ambito=w.ambito, destinatario=w.operatore).order_by("pk")
                    .values_list("titolo", flat=True))


@pytest.mark.parametrize(("giorni", "attesa"), [(45, None), (31, None), (30, 30), (20, 30), (8, 30), (7, 7),
                                                (2, 7), (1, 1), (0, 0), (-3, 0)])
def test_the_reminder_due_is_the_smallest_threshold_not_below_the_days_left(giorni, attesa):
    assert soglia_per(giorni, [30, 7, 1]) == attesa


def test_each_threshold_is_sent_once_over_the_life_of_a_deadline(mondo, termini):
    w = mondo.a
    termini.append(termine("lodi", 1, giorno(30)))
    for n in range(0, 40):  # every day from 30 days before to 9 days after, the task twice a day
        invia(w, giorno(n))
        invia(w, giorno(n))
    assert titoli(w) == ["Scade tra 30 giorni: Termine 1", "Scade tra 7 giorni: Termine 1",
                         "Scade domani: Termine 1", "Scade oggi: Termine 1"]
    with scopes_disabled():
        assert sorted(PromemoriaScadenza.objects.filter(ambito=w.ambito).values_list("soglia", flat=True)) == [
            0, 1, 7, 30]


def test_owners_are_the_holders_of_the_capability_or_the_named_user(mondo, termini):
    w = mondo.a
    termini.append(termine("lodi", 1, giorno(7)))
    termini.append(termine("lodi", 2, giorno(7), responsabile_id=w.assistente_1.pk, capacita=None))
    assert invia(w, OGGI) == 2
    with scopes_disabled():
        per_chiave = {(n.destinatario.email, n.titolo) for n in Notifica.objects.filter(ambito=w.ambito)}
    assert per_chiave == {("responsabile@lodi.test", "Scade tra 7 giorni: Termine 1"),
                          ("operatore@lodi.test", "Scade tra 7 giorni: Termine 1"),
                          ("assistente_1@lodi.test", "Scade tra 7 giorni: Termine 2")}


def test_a_deadline_moved_to_another_date_gets_its_reminders_again(mondo, termini):
    w = mondo.a
    termini.append(termine("lodi", 1, giorno(1)))
    assert invia(w, OGGI) == 1
    termini[0] = termine("lodi", 1, giorno(7))
    assert invia(w, OGGI) == 1
    assert titoli(w) == ["Scade domani: Termine 1", "Scade tra 7 giorni: Termine 1"]


def test_old_expired_and_fulfilled_deadlines_send_nothing(mondo, termini, settings):
    w = mondo.a
    termini.append(termine("lodi", 1, giorno(-settings.AMBITO_SCADENZE_RITARDO_GIORNI - 1)))
    termini.append(termine("lodi", 2, giorno(3), stato="rispettata"))
    termini.append(termine("lodi", 3, giorno(-2)))  # expired two days ago, beat was down: still told once
    assert invia(w, OGGI) == 1
    assert titoli(w) == ["Scaduta il 14/11/2026: Termine 3"]


def test_the_task_run_twice_sends_once_and_emails_once(mondo, termini, django_capture_on_commit_callbacks):
    w = mondo.a
    termini.append(termine("lodi", 1, giorno(1)))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert promemoria_ambito.delay(ambito_id=w.ambito.pk, data=OGGI.isoformat()).get() == 1
        assert promemoria_ambito.delay(ambito_id=w.ambito.pk, data=OGGI.isoformat()).get() == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["operatore@lodi.test", "responsabile@lodi.test"]
    assert all(m.subject == "[Ambito di Lodi] Scade domani: Termine 1" for m in mail.outbox)


def test_other_ambiti_deadlines_are_not_theirs(mondo, termini):
    termini.append(termine("sesto", 1, giorno(1)))
    assert invia(mondo.a, OGGI) == 0
    assert invia(mondo.b, OGGI) == 1
    with scopes_disabled():
        assert set(Notifica.objects.values_list("destinatario__email", flat=True)) == {
            "responsabile@sesto.test", "operatore@sesto.test"}


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_reminder_once(mondo, termini):
    """The unique record is taken before the notifications, in one transaction: the second run waits, fails
    the insert and sends nothing."""
    w = mondo.a
    termini.extend(termine("lodi", n, giorno(7)) for n in range(1, 6))
    barriera = threading.Barrier(2)
    risultati: list[int] = []
    errori: list[BaseException] = []

    def corsa() -> None:
        try:
            barriera.wait()
            risultati.append(invia(w, OGGI))
        except BaseException as exc:
            errori.append(exc)
        finally:
            connection.close()

    fili = [threading.Thread(target=corsa) for _ in range(2)]
    for f in fili:
        f.start()
    for f in fili:
        f.join(30)
    assert not errori
    assert sum(risultati) == 5
    with scopes_disabled():
        assert Notifica.objects.filter(ambito=w.ambito).count() == 10  # 5 deadlines × (responsabile, operatore)


def test_the_beat_task_fans_out_one_task_per_active_ambito(mondo, termini):
    termini.append(termine("lodi", 1, dt.date.today() + dt.timedelta(days=1)))
    termini.append(termine("sesto", 1, dt.date.today() + dt.timedelta(days=1)))
    from ambito.scadenze.tasks import promemoria

    assert promemoria.delay().get() == 2
    assert promemoria.delay().get() == 2  # again: nothing more is sent
    with scopes_disabled():
        assert PromemoriaScadenza.objects.count() == 2
        assert Notifica.objects.count() == 4
