"""Reads of notifications: a user's own, in one Ambito; who holds a capability; a user's channels."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ambito.accounts.models import Membro, Ruolo, Utente
from ambito.accounts.permissions import capacita_registrate
from ambito.errors import uno
from ambito.notifiche.models import Notifica, PreferenzaNotifica
from ambito.notifiche.registry import TipoNotifica, tipi_registrati, tipo_notifica_get
from ambito.tenancy.models import Ambito

# Roles bound to comuni: with a comune given, they are reached only for their own comuni (an assistente sociale
# works for hers; a member of the Assemblea represents his). Staff and partners are not bound to comuni.
RUOLI_PER_COMUNE = (Ruolo.ASSISTENTE_SOCIALE, Ruolo.ASSEMBLEA)


def notifica_list(*, ambito: Ambito, utente: Utente, solo_non_lette: bool = False) -> QuerySet[Notifica]:
    """The user's own notifications in this Ambito, newest first (hidden ones — e-mail only — excluded).

    Nobody sees another user's notifications, whatever their role: the filter is the recipient.
    """
    qs = Notifica.objects.filter(ambito=ambito, destinatario=utente, in_app=True)
    if solo_non_lette:
        qs = qs.filter(letta_il__isnull=True)
    return qs.order_by("-creata_il", "-pk")


def notifica_get(*, ambito: Ambito, utente: Utente, pk: int) -> Notifica:
    """One of the user's notifications; another user's (or another Ambito's) is NonTrovato."""
    return uno(notifica_list(ambito=ambito, utente=utente), pk=pk)


def notifica_non_lette_count(*, ambito: Ambito, utente: Utente) -> int:
    """How many of the user's notifications in this Ambito are unread (one query: the bell)."""
    return notifica_list(ambito=ambito, utente=utente, solo_non_lette=True).count()


def destinatari_per_capacita(*, ambito: Ambito, capacita: str, comune_id: int | None = None) -> list[Utente]:
    """Active members of the Ambito whose role holds ``capacita`` (one query).

    With ``comune_id``, roles bound to comuni (``RUOLI_PER_COMUNE``) are kept only when that comune is theirs.
    Platform administrators hold every capability everywhere but are not reached unless they are members:
    a notification is for the people who work in the Ambito.
    """
    registrate = capacita_registrate()
    if capacita not in registrate:
        raise KeyError(f"unknown capability {capacita!r}")
    membri = Membro.objects.filter(ambito=ambito, revocato_il__isnull=True, utente__is_active=True,
                                   ruolo__in=sorted(registrate[capacita]))
    if comune_id is not None:
        membri = membri.filter(~Q(ruolo__in=RUOLI_PER_COMUNE) | Q(comuni=comune_id))
    ids = membri.values_list("utente_id", flat=True).distinct()
    return list(Utente.objects.filter(pk__in=ids).order_by("pk"))


def canali_per(*, utenti: list[Utente], tipo: str) -> dict[int, tuple[bool, bool]]:
    """(in_app, email) per user id for one kind: their choice, or the kind's default (one query)."""
    predefinito = (True, tipo_notifica_get(tipo).email_predefinita)
    scelte = {p.utente_id: (p.in_app, p.email)
              for p in PreferenzaNotifica.objects.filter(utente__in=utenti, tipo=tipo)}
    return {u.pk: scelte.get(u.pk, predefinito) for u in utenti}


def preferenza_list(*, utente: Utente) -> list[tuple[TipoNotifica, bool, bool]]:
    """Every registered kind with the user's channels (in_app, email), in label order (one query)."""
    scelte = {p.tipo: (p.in_app, p.email) for p in PreferenzaNotifica.objects.filter(utente=utente)}
    return [(t, *scelte.get(t.codice, (True, t.email_predefinita))) for t in tipi_registrati()]


def notifica_per_invio(*, ambito: Ambito, pk: int) -> Notifica | None:
    """The notification an e-mail task is about, with its recipient (None if it no longer exists)."""
    return Notifica.objects.filter(ambito=ambito, pk=pk).select_related("destinatario").first()
