"""Reads about users and memberships."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ambito.models import Ambito, Comune, Ente, Invito, Membro, Ruolo, Utente
from ambito.tenancy import cross_ambito


def ambiti_dell_utente(utente: Utente) -> list[Ambito]:
    """The Ambiti a user may enter (every active one for a platform administrator).

    Crosses Ambiti on purpose: this is what the Ambito switcher shows.
    """
    if utente.is_platform_admin:
        return list(Ambito.objects.filter(attivo=True).order_by("denominazione"))
    with cross_ambito("Ambito switcher: the user's own memberships"):
        ids = list(Membro.objects.filter(utente=utente, revocato_il__isnull=True).values_list("ambito_id",
                                                                                             flat=True))
    return list(Ambito.objects.filter(pk__in=ids, attivo=True).order_by("denominazione"))


def richiede_secondo_fattore(utente: Utente) -> bool:
    """TOTP is required of platform administrators and responsabili (issue #2)."""
    if utente.is_platform_admin:
        return True
    with cross_ambito("2FA policy: does the user hold a responsabile role anywhere"):
        return Membro.objects.filter(utente=utente, revocato_il__isnull=True, ruolo=Ruolo.RESPONSABILE).exists()


def membro_list(*, ambito: Ambito) -> QuerySet[Membro]:
    return (
        Membro.objects.filter(ambito=ambito, revocato_il__isnull=True)
        .select_related("utente", "ente")
        .prefetch_related("comuni")
        .order_by("utente__last_name", "utente__first_name", "utente__email")
    )


def membro_get(*, ambito: Ambito, membro_pk: int) -> Membro:
    """An active membership of this Ambito (another Ambito's or a revoked one is a 404)."""
    return get_object_or_404(
        Membro.objects.filter(ambito=ambito, revocato_il__isnull=True)
        .select_related("utente", "ente")
        .prefetch_related("comuni"),
        pk=membro_pk,
    )


def invito_list(*, ambito: Ambito, solo_in_attesa: bool = True) -> QuerySet[Invito]:
    """Invitations of the Ambito, newest first; by default only those still waiting for an answer
    (neither accepted nor cancelled, expired ones included so they can be cancelled or re-sent)."""
    qs = Invito.objects.filter(ambito=ambito)
    if solo_in_attesa:
        qs = qs.filter(accettato_il__isnull=True, annullato_il__isnull=True)
    return qs.select_related("invitato_da", "ente").prefetch_related("comuni").order_by("-creato_il", "-pk")


def invito_get(*, ambito: Ambito, invito_pk: int) -> Invito:
    return get_object_or_404(
        Invito.objects.filter(ambito=ambito).select_related("invitato_da", "ente").prefetch_related("comuni"),
        pk=invito_pk,
    )


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


def comuni_attuali(*, ambito: Ambito, data: dt.date | None = None) -> QuerySet[Comune]:
    """Comuni that belong to the Ambito on ``data`` (today by default), per AppartenenzaComune.

    Comune is shared reference data; the explicit filter on the Ambito's memberships is what
    restricts the list (an assistente sociale can only be bound to these).
    """
    data = data or timezone.localdate()
    return (
        # One filter() call, so the three conditions apply to the same AppartenenzaComune row.
        Comune.objects.filter(
            Q(appartenenze__valido_al__isnull=True) | Q(appartenenze__valido_al__gte=data),
            appartenenze__ambito=ambito,
            appartenenze__valido_dal__lte=data,
        )
        .distinct()
        .order_by("denominazione")
    )


def comuni_tutti() -> QuerySet[Comune]:
    """Every comune (lazy): the universe API inputs are parsed against; services check membership."""
    return Comune.objects.order_by("denominazione")


def enti_rappresentabili() -> QuerySet[Ente]:
    """Enti a referente partner may represent (the registry is shared between Ambiti)."""
    return Ente.objects.order_by("denominazione")


def utente_per_email(*, email: str) -> Utente | None:
    return Utente.objects.filter(email__iexact=email.strip()).first()
