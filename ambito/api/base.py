"""Base classes of the tenant API.

Every endpoint under ``/api/v1/a/<ambito_slug>/`` derives from :class:`AmbitoAPIView`. After DRF has
authenticated the request (session or token), ``initial()`` resolves the Ambito from the URL, builds the
access context (not a member → 404, missing capability → 403) and enters the Ambito's scope; ``dispatch()``
leaves it in ``finally``.
Subclasses declare ``capacita`` (read) and ``capacita_scrittura`` (unsafe methods).
"""

from __future__ import annotations

from contextlib import ExitStack
from typing import Any, ClassVar

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import SAFE_METHODS, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ambito.accounts.permissions import ContestoAccesso, contesto_per
from ambito.accounts.selectors import ambito_attivo, richiede_secondo_fattore
from ambito.api.pagination import Paginazione
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
    """One operation of the tenant API (HackSoft style: input and output serializers per operation).

    The three helpers below are the one way an operation reads its input and writes its output::

        def post(self, request, ambito_slug, quota_pk):
            quota = selectors.quota_get(ambito=self.ambito, pk=quota_pk)     # NonTrovato → 404
            dati = self.valida(MovimentoInput, request.data)                  # errors → 400, common shape
            movimento = services.movimento_create(quota=quota, actor=request.user, **dati)
            return self.risposta(MovimentoOutput, movimento, status=201)

    Serializers receive ``ambito`` and ``request`` in their context, so a field can resolve an id inside
    the URL's Ambito and an output can build absolute links.
    """

    def contesto_serializer(self) -> dict[str, Any]:
        return {"ambito": self.ambito, "ambito_slug": self.ambito.slug, "request": self.request}

    def valida(self, serializer_class: type[serializers.Serializer], dati: Any, **kwargs: Any) -> dict[str, Any]:
        """Validate ``dati`` (a body or ``request.query_params``); invalid input raises the common 400."""
        serializer = serializer_class(data=dati, context=self.contesto_serializer(), **kwargs)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def risposta(self, serializer_class: type[serializers.Serializer], oggetto: Any, *, many: bool = False,
                 status: int = 200) -> Response:
        """Serialize ``oggetto`` (or a list of them) with the operation's output serializer."""
        return Response(serializer_class(oggetto, many=many, context=self.contesto_serializer()).data, status=status)

    def pagina(self, serializer_class: type[serializers.Serializer], queryset: Any) -> Response:
        """One page of ``queryset`` (``?page=``, ``?dimensione_pagina=``) with ``count``/``next``/``previous``."""
        paginatore = Paginazione()
        righe = paginatore.paginate_queryset(queryset, self.request, view=self)
        dati = serializer_class(righe, many=True, context=self.contesto_serializer()).data
        return paginatore.get_paginated_response(dati)
