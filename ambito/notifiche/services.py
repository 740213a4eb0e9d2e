"""Writes of notifications: send (in-app row first, e-mail after commit), read, channels per kind.

The in-app copy is written in the caller's transaction — the same as the event it reports — so an event and
its notification exist together or not at all; the e-mail is enqueued with ``transaction.on_commit`` and a
Celery task sends it, retrying with back-off (``AMBITO_NOTIFICHE_EMAIL_TENTATIVI``), recording every attempt
on the row. An e-mail that cannot be delivered never takes the in-app copy with it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from ambito.accounts.models import Utente
from ambito.errors import RegolaViolata
from ambito.notifiche import selectors
from ambito.notifiche.models import Notifica, PreferenzaNotifica, StatoEmail
from ambito.notifiche.registry import tipo_notifica_get
from ambito.tenancy.models import Ambito

logger = logging.getLogger(__name__)


@transaction.atomic
def notifica_create(
    *,
    ambito: Ambito,
    tipo: str,
    titolo: str,
    testo: str = "",
    url: str = "",
    utenti: Iterable[Utente] = (),
    capacita: str | None = None,
    comune_id: int | None = None,
    email: bool = True,
    actor: Utente | None,
) -> list[Notifica]:
    """Notify ``utenti`` and/or every holder of ``capacita`` in the Ambito (of ``comune_id``, if given).

    Each recipient gets one notification (duplicates between the two lists are merged), through the
    channels they chose for ``tipo``: a row visible in the application, an e-mail, both; someone who chose
    neither gets nothing. ``url`` is the object's page (relative). The e-mails leave after commit;
    ``email=False`` writes the in-app copies only, whatever the preferences (demo data, back-fills).
    """
    tipo_notifica_get(tipo)  # an unknown kind is a programming error
    if not titolo.strip():
        raise RegolaViolata(_("Una notifica deve avere un titolo."), campo="titolo")
    destinatari = {u.pk: u for u in utenti}
    if capacita is not None:
        for utente in selectors.destinatari_per_capacita(ambito=ambito, capacita=capacita, comune_id=comune_id):
            destinatari.setdefault(utente.pk, utente)
    elenco = list(destinatari.values())
    canali = selectors.canali_per(utenti=elenco, tipo=tipo)
    righe = []
    for utente in elenco:
        in_app, per_email = canali[utente.pk]
        if not email:
            in_app, per_email = True, False
        per_email = per_email and bool(utente.email)
        if not (in_app or per_email):
            continue
        righe.append(Notifica(ambito=ambito, destinatario=utente, tipo=tipo, titolo=titolo[:200], testo=testo,
                              url=url, in_app=in_app,
                              email_stato=StatoEmail.IN_CODA if per_email else StatoEmail.NON_RICHIESTA))
    create = Notifica.objects.bulk_create(righe)
    da_inviare = [n.pk for n in create if n.email_stato == StatoEmail.IN_CODA]
    if da_inviare:
        transaction.on_commit(lambda: _accoda_email(ambito.pk, da_inviare))
    return create


def _accoda_email(ambito_id: int, ids: list[int]) -> None:
    from ambito.notifiche.tasks import invia_email_notifica

    for pk in ids:
        invia_email_notifica.delay(ambito_id=ambito_id, notifica_id=pk)


def notifica_mark_read(*, notifica: Notifica, actor: Utente | None) -> Notifica:
    """Mark one notification read (already read: nothing changes)."""
    if notifica.letta_il is None:
        notifica.letta_il = timezone.now()
        notifica.save(update_fields=["letta_il"])
    return notifica


def notifica_mark_all_read(*, ambito: Ambito, utente: Utente, actor: Utente | None) -> int:
    """Mark every unread notification of the user in this Ambito read; returns how many (one UPDATE)."""
    return selectors.notifica_list(ambito=ambito, utente=utente, solo_non_lette=True).update(
        letta_il=timezone.now())


@transaction.atomic
def preferenza_set(*, utente: Utente, tipo: str, in_app: bool, email: bool, actor: Utente | None
                   ) -> PreferenzaNotifica:
    """Set the user's channels for one kind."""
    tipo_notifica_get(tipo)
    preferenza, _creata = PreferenzaNotifica.objects.get_or_create(
        utente=utente, tipo=tipo, defaults={"in_app": in_app, "email": email})
    if (preferenza.in_app, preferenza.email) != (in_app, email):
        preferenza.in_app, preferenza.email = in_app, email
        preferenza.save(update_fields=["in_app", "email", "modificata_il"])
    return preferenza


# --- e-mail delivery (called by the Celery task) -----------------------------------------------------------------


def notifica_email_send(*, notifica: Notifica) -> None:
    """Render the Italian e-mail (plain text and HTML) and hand it to the mail backend; errors propagate."""
    contesto = {
        "notifica": notifica,
        "ambito": notifica.ambito,
        "destinatario": notifica.destinatario,
        "link": settings.SITE_URL.rstrip("/") + notifica.url if notifica.url.startswith("/") else notifica.url,
    }
    oggetto = render_to_string("ambito/notifiche/email/oggetto.txt", contesto).strip().replace("\n", " ")
    messaggio = EmailMultiAlternatives(
        subject=oggetto, body=render_to_string("ambito/notifiche/email/notifica.txt", contesto),
        to=[notifica.destinatario.email])
    messaggio.attach_alternative(render_to_string("ambito/notifiche/email/notifica.html", contesto), "text/html")
    messaggio.send(fail_silently=False)


def notifica_email_sent(*, notifica: Notifica) -> None:
    notifica.email_stato = StatoEmail.INVIATA
    notifica.email_tentativi += 1
    notifica.email_inviata_il = timezone.now()
    notifica.save(update_fields=["email_stato", "email_tentativi", "email_inviata_il"])


def notifica_email_failed(*, notifica: Notifica, errore: str, definitivo: bool) -> None:
    """Record a failed attempt; the last one marks the e-mail undelivered and shows the notification in-app."""
    notifica.email_tentativi += 1
    notifica.email_errore = errore[:2000]
    campi = ["email_tentativi", "email_errore"]
    if definitivo:
        notifica.email_stato = StatoEmail.FALLITA
        notifica.in_app = True  # chosen e-mail only, and the e-mail could not be delivered: keep it in the app
        campi += ["email_stato", "in_app"]
    notifica.save(update_fields=campi)
