"""Reads about users: the Ambiti they may enter (resolving the tenant itself: Ambito is not scoped, it *is* the
scope), the second-factor policy, their API token."""

from __future__ import annotations

from rest_framework.authtoken.models import Token

from ambito.accounts.models import Membro, Ruolo, Utente
from ambito.tenancy import cross_ambito
from ambito.tenancy.models import Ambito


def ambito_attivo(slug: str | None) -> Ambito | None:
    """The active Ambito with this URL slug, or None."""
    if not slug:
        return None
    return Ambito.objects.filter(slug=slug, attivo=True).select_related("ente_capofila").first()


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


def utente_per_email(*, email: str) -> Utente | None:
    return Utente.objects.filter(email__iexact=email.strip()).first()


def token_api_esiste(*, utente: Utente) -> bool:
    """Whether the user holds a personal API token (its key is never shown again)."""
    return Token.objects.filter(user=utente).exists()
