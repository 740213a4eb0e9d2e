"""The Django admin site: for platform administrators only, after the second factor.

The admin edits shared data (comuni, enti, Ambiti, user accounts). It registers no tenant model:
tenant data is reached only through the Ambito's pages and API, inside its scope.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.admin import AdminSite
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


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
