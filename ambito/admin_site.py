"""The Django admin site: for platform administrators only, after the second factor.

The admin edits shared data (comuni, enti, Ambiti, user accounts). It registers no tenant model:
tenant data is reached only through the Ambito's pages and API, inside its scope.

Its views run inside ``cross_ambito``: deleting a user, a comune or an Ambito must see the tenant rows that
point at them (a membership that protects the user, a job whose requester is set to NULL), which row-level
security would otherwise hide, turning Django's clear refusal into a foreign-key error.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.admin import AdminSite
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from ambito.tenancy import cross_ambito


class AmbitoAdminSite(AdminSite):
    site_header = _("Ambito — amministrazione della piattaforma")
    site_title = _("Ambito")
    index_title = _("Dati condivisi della piattaforma")

    def has_permission(self, request: HttpRequest) -> bool:
        """Active superusers (platform administrators) only — ``is_staff`` alone is not enough —
        and, where the second factor is mandatory, only with a verified session."""
        user = request.user
        if not (user.is_active and user.is_superuser):
            return False
        return not settings.AMBITO_2FA_ENFORCED or user.is_verified()

    def admin_view(self, view: Callable[..., HttpResponse], cacheable: bool = False) -> Callable[..., HttpResponse]:
        protetta = super().admin_view(view, cacheable)

        @wraps(protetta)
        def in_tutti_gli_ambiti(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            with cross_ambito("admin: shared data and the tenant rows that refer to it"):
                return protetta(request, *args, **kwargs)

        return in_tutti_gli_ambiti
