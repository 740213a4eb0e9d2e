"""The e-mail of a notification, sent by Celery after the commit that created it."""

from __future__ import annotations

import logging
import smtplib

from celery import shared_task
from django.conf import settings

from ambito.jobs.tasks import AmbitoTask
from ambito.notifiche import selectors, services
from ambito.notifiche.models import StatoEmail
from ambito.tenancy.models import Ambito

logger = logging.getLogger(__name__)

# Worth another attempt: the mail server refused or could not be reached (a bad template is a bug, not retried).
ERRORI_INVIO = (smtplib.SMTPException, OSError)


@shared_task(base=AmbitoTask, bind=True, name="ambito.notifiche.invia_email")
def invia_email_notifica(self: AmbitoTask, *, ambito: Ambito, notifica_id: int) -> str:
    """Send one notification's e-mail; on a mail error retry after ``BASE * 2**n`` seconds, then give up.

    Every failed attempt is logged and recorded on the notification; after the last one the e-mail is marked
    undelivered and the notification stays (or becomes) visible in the application. A notification already
    sent (a redelivered message) is not sent again.
    """
    notifica = selectors.notifica_per_invio(ambito=ambito, pk=notifica_id)
    if notifica is None or notifica.email_stato != StatoEmail.IN_CODA:
        return "nessuna azione"
    massimo = settings.AMBITO_NOTIFICHE_EMAIL_TENTATIVI
    try:
        services.notifica_email_send(notifica=notifica)
    except ERRORI_INVIO as exc:
        tentativo = self.request.retries + 1
        definitivo = tentativo >= massimo
        services.notifica_email_failed(notifica=notifica, errore=f"{type(exc).__name__}: {exc}", definitivo=definitivo)
        if definitivo:
            logger.error("notification %s: e-mail to %s not delivered after %d attempts: %s",
                         notifica.pk, notifica.destinatario.email, tentativo, exc)
            return "fallita"
        attesa = settings.AMBITO_NOTIFICHE_EMAIL_ATTESA_SECONDI * 2 ** self.request.retries
        logger.warning("notification %s: e-mail attempt %d of %d failed, retrying in %d s: %s",
                       notifica.pk, tentativo, massimo, attesa, exc)
        if self.request.is_eager:
            # In-process (tests, development without Redis): no broker to re-queue on, try again now.
            return self.apply(kwargs={"ambito_id": ambito.pk, "notifica_id": notifica_id},
                              retries=self.request.retries + 1).result
        raise self.retry(exc=exc, countdown=attesa, max_retries=massimo) from exc
    except Exception as exc:
        # A bug (a broken template, a bad address the backend rejects outright): no retry would fix it.
        logger.exception("notification %s: e-mail could not be prepared or sent", notifica.pk)
        services.notifica_email_failed(notifica=notifica, errore=f"{type(exc).__name__}: {exc}", definitivo=True)
        return "fallita"
    services.notifica_email_sent(notifica=notifica)
    return "inviata"
