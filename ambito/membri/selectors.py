"""Reads about the memberships of an Ambito and its invitations."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ambito.accounts.models import Invito, Membro
from ambito.errors import uno
from ambito.tenancy import cross_ambito
from ambito.tenancy.models import Ambito


def membro_list(*, ambito: Ambito) -> QuerySet[Membro]:
    return (
        Membro.objects.filter(ambito=ambito, revocato_il__isnull=True)
        .select_related("utente", "ente")
        .prefetch_related("comuni")
        .order_by("utente__last_name", "utente__first_name", "utente__email")
    )


def membro_get(*, ambito: Ambito, pk: int) -> Membro:
    """An active membership of this Ambito, or :class:`~ambito.errors.NonTrovato` (another Ambito's or a
    revoked one does not exist here)."""
    return uno(membro_list(ambito=ambito), messaggio=_("Utente inesistente in questo Ambito."), pk=pk)


def invito_list(*, ambito: Ambito, solo_in_attesa: bool = True) -> QuerySet[Invito]:
    """Invitations of the Ambito, newest first; by default only those still waiting for an answer
    (neither accepted nor cancelled, expired ones included so they can be cancelled or re-sent)."""
    qs = Invito.objects.filter(ambito=ambito)
    if solo_in_attesa:
        qs = qs.filter(accettato_il__isnull=True, annullato_il__isnull=True)
    return qs.select_related("invitato_da", "ente").prefetch_related("comuni").order_by("-creato_il", "-pk")


def invito_get(*, ambito: Ambito, pk: int) -> Invito:
    """One invitation of this Ambito, whatever its state, or :class:`~ambito.errors.NonTrovato`."""
    return uno(invito_list(ambito=ambito, solo_in_attesa=False), messaggio=_("Invito inesistente in questo Ambito."),
               pk=pk)


def invito_per_token(*, token: str) -> Invito | None:
    """The invitation a link points to, whatever its state (the page explains expired or used ones).

    Crosses Ambiti on purpose: the link is public and its token, not the URL, names the Ambito.
    """
    if not token:
        return None
    with cross_ambito("invitation link: the token identifies the Ambito"):
        return (
            Invito.objects.filter(token=token)
            .select_related("ambito", "ente", "invitato_da")
            .prefetch_related("comuni")
            .first()
        )
