"""Personal API tokens (DRF TokenAuthentication).

A token is issued only from a logged-in session (which passed the second factor where
required), never in exchange for a password: an API password login would bypass TOTP.
"""

from __future__ import annotations

from django.db import transaction
from rest_framework.authtoken.models import Token

from ambito.accounts.models import Utente


@transaction.atomic
def token_api_rigenera(*, utente: Utente) -> str:
    """Replace the user's token with a new one and return its key (shown once)."""
    Token.objects.filter(user=utente).delete()
    return Token.objects.create(user=utente).key


@transaction.atomic
def token_api_revoca(*, utente: Utente) -> None:
    Token.objects.filter(user=utente).delete()
