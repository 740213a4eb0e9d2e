"""Base classes of the tenant API.

Every endpoint under ``/api/v1/a/<ambito_slug>/`` derives from :class:`AmbitoAPIView` (or
:class:`AmbitoGenericAPIView`). After DRF has authenticated the request (session or token),
``initial()`` resolves the Ambito from the URL, builds the access context (not a member → 404,
missing capability → 403) and enters the Ambito's scope; ``dispatch()`` leaves it in ``finally``.
Subclasses declare ``capacita`` (read) and ``capacita_scrittura`` (unsafe methods).
"""

from __future__ import annotations

from contextlib import ExitStack
from typing import Any, ClassVar

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import generics
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import SAFE_METHODS, IsAuthenticated
from rest_framework.request import Request
from rest_framework.views import APIView

from ambito.accounts.permissions import ContestoAccesso, contesto_per
from ambito.accounts.selectors import ambito_attivo, richiede_secondo_fattore
from ambito.tenancy import ambito_scope
from ambito.tenancy.models import Ambito


class AmbitoScopeMixin:
    """Resolves the tenant from the URL after authentication and enters its scope."""

    capacita: ClassVar[str | None] = None
    capacita_scrittura: ClassVar[str | None] = None
    permission_classes = [IsAuthenticated]

    ambito: Ambito
    contesto: ContestoAccesso

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # authentication, permissions, throttling
        self._richiedi_secondo_fattore(request)
        slug = kwargs.get("ambito_slug")
        ambito = ambito_attivo(slug)
        if ambito is None:
            raise Http404
        with ambito_scope(ambito, actor=request.user):
            contesto = contesto_per(request.user, ambito)
        if contesto is None:
            raise Http404
        self.ambito = ambito
        self.contesto = contesto
        self._scope_stack.enter_context(ambito_scope(ambito, comuni=contesto.comuni, actor=request.user))
        richiesta = self.capacita if request.method in SAFE_METHODS else (
            self.capacita_scrittura or self.capacita)
        if richiesta is None:
            raise RuntimeError(f"{type(self).__name__} declares no capability")
        contesto.richiedi(richiesta)

    @staticmethod
    def _richiedi_secondo_fattore(request: Request) -> None:
        """A session that has not passed TOTP where it is mandatory cannot use the API either.

        Tokens are issued only from a verified session (ambito.accounts.services).
        """
        if (
            settings.AMBITO_2FA_ENFORCED
            and isinstance(request.successful_authenticator, SessionAuthentication)
            and not request.user.is_verified()
            and richiede_secondo_fattore(request.user)
        ):
            raise PermissionDenied(_("Attiva e verifica l'autenticazione a due fattori per usare le API."),
                                   code="secondo_fattore_richiesto")

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        self._scope_stack = ExitStack()
        try:
            return super().dispatch(request, *args, **kwargs)
        finally:
            self._scope_stack.close()


class AmbitoAPIView(AmbitoScopeMixin, APIView):
    """One operation of the tenant API (HackSoft style: nested input/output serializers)."""


class AmbitoGenericAPIView(AmbitoScopeMixin, generics.GenericAPIView):
    """For list/detail endpoints: override ``get_queryset`` to call a selector with
    ``ambito=self.ambito``. Never set a class-level ``queryset`` on a scoped model."""
