"""Notifications and reminders on a REAL Celery worker (see tests/jobs/test_worker.py): an e-mail that fails
is retried with back-off by the worker and delivered, the in-app copy there all along; the beat task delivered
twice sends each reminder once."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import pytest
from django_scopes import scopes_disabled

from ambito.formato import oggi
from ambito.notifiche.models import Notifica, StatoEmail
from ambito.scadenze.models import PromemoriaScadenza
from ambito.scadenze.tasks import promemoria
from ambito.tenancy import ambito_scope
from tests.fondi.helpers import assegnazione
from tests.jobs.test_worker import WorkerReale, aspetta, worker_celery
from tests.notifiche.conftest import notifica

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def posta(tmp_path_factory):
    return tmp_path_factory.mktemp("posta")


@pytest.fixture(scope="module")
def worker_posta(django_db_setup, tmp_path_factory, posta) -> Iterator[WorkerReale]:
    """A worker whose mail backend fails on demand (tests.notifiche.posta_prova); retries wait 1 s, 2 s…"""
    with worker_celery(tmp_path_factory.mktemp("worker"), importa=("tests.notifiche.posta_prova",),
                       ambiente={"AMBITO_POSTA_PROVA": str(posta), "AMBITO_NOTIFICHE_EMAIL_ATTESA_SECONDI": "1",
                                 "AMBITO_NOTIFICHE_EMAIL_TENTATIVI": "4"}) as worker:
        yield worker


def inviate(posta) -> list[dict]:
    file = posta / "inviate.jsonl"
    return [json.loads(r) for r in file.read_text().splitlines()] if file.exists() else []


def leggi(n: Notifica) -> Notifica:
    with scopes_disabled():
        return Notifica.objects.get(pk=n.pk)


def test_the_worker_retries_a_failing_email_and_delivers_it_the_in_app_copy_there_meanwhile(mondo, worker_posta,
                                                                                            posta):
    (posta / "inviate.jsonl").unlink(missing_ok=True)
    (posta / "fallimenti").write_text("2")
    (n,) = notifica(mondo.a, utenti=[mondo.a.operatore], titolo="Convocazione dell'Assemblea")
    assert leggi(n).in_app  # committed with the event, before any e-mail attempt

    aspetta(lambda: leggi(n).email_tentativi >= 1, secondi=20, messaggio="first attempt", worker=worker_posta)
    intanto = leggi(n)
    assert intanto.email_stato == StatoEmail.IN_CODA and intanto.in_app and intanto.letta_il is None

    finita = aspetta(lambda: (x := leggi(n)).email_stato != StatoEmail.IN_CODA and x, secondi=30,
                     messaggio="delivery after two failures", worker=worker_posta)
    assert finita.email_stato == StatoEmail.INVIATA, worker_posta.testo_log()[-2000:]
    assert finita.email_tentativi == 3
    (messaggio,) = inviate(posta)
    assert messaggio["to"] == ["operatore@lodi.test"]
    assert messaggio["subject"] == "[Ambito di Lodi] Convocazione dell'Assemblea"
    assert messaggio["html"] and "Gentile Operatore Lodi," in messaggio["body"]
    log = worker_posta.testo_log()
    assert "e-mail attempt 1 of 4 failed, retrying in 1 s" in log
    assert "e-mail attempt 2 of 4 failed, retrying in 2 s" in log


def test_the_beat_task_delivered_twice_sends_each_reminder_once(mondo, worker_posta, posta):
    (posta / "inviate.jsonl").unlink(missing_ok=True)
    (posta / "fallimenti").write_text("0")
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        assegnazione(w.ambito, w.operatore, codice="FNA", importo="1000.00",
                     scadenza_impegno=oggi() + dt.timedelta(days=7))
    prima = worker_posta.testo_log().count("ambito.scadenze.promemoria_ambito[")
    promemoria.delay()
    promemoria.delay()
    # Two runs × two Ambiti, each task logged when received and when it succeeded.
    aspetta(lambda: worker_posta.testo_log().count("ambito.scadenze.promemoria_ambito[") - prima >= 8,
            secondi=30, messaggio="four reminder tasks", worker=worker_posta)
    log = worker_posta.testo_log()
    assert "succeeded in" in log and "s: 1\n" in log and "s: 0\n" in log  # one run sent it, the other nothing
    with scopes_disabled():
        aspetta(lambda: not Notifica.objects.filter(email_stato=StatoEmail.IN_CODA).exists()
                and Notifica.objects.exists(), secondi=20, messaggio="e-mails sent", worker=worker_posta)
        assert list(PromemoriaScadenza.objects.values_list("ambito__slug", "soglia")) == [("lodi", 7)]
        notifiche = list(Notifica.objects.order_by("destinatario__email").values_list("destinatario__email",
                                                                                         "titolo"))
    assert notifiche == [("operatore@lodi.test", "Scade tra 7 giorni: Termine per impegnare — FNA 2024"),
                         ("responsabile@lodi.test", "Scade tra 7 giorni: Termine per impegnare — FNA 2024")]
    assert sorted(m["to"][0] for m in inviate(posta)) == ["operatore@lodi.test", "responsabile@lodi.test"]
