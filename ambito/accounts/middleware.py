"""Request entry points: the actor for the audit trail, the second factor, and the Ambito scope."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from ambito.accounts.permissions import contesto_per
from ambito.accounts.selectors import ambito_attivo, richiede_secondo_fattore
from ambito.tenancy import ambito_scope
from ambito.tenancy.attori import acting_as

Handler = Callable[[HttpRequest], HttpResponse]


class ActorMiddleware:
    """Every change made while serving a request is attributed to the logged-in user."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with acting_as(request.user):
            return self.get_response(request)


class SecondFactorRequiredMiddleware:
    """Platform administrators and responsabili must use TOTP: until they have verified a
    second factor in this session they can only set one up or log out."""

    # The public area (/p/) ignores who is asking: it is open to anyone, verified or not.
    PERCORSI_CONSENTITI = ("/account/", "/static/", "/favicon.ico", "/p/")

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            settings.AMBITO_2FA_ENFORCED
            and user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(self.PERCORSI_CONSENTITI)
            and not request.path.startswith("/api/")
            and richiede_secondo_fattore(user)
        ):
            return redirect(reverse("two_factor:setup") + "?obbligatorio=1")
        return self.get_response(request)


class AmbitoScopeMiddleware:
    """Resolve ``/a/<ambito_slug>/…`` to the Ambito, check membership, and run the whole view
    — template rendering included — inside the Ambito's scope (pretix's PermissionMiddleware).

    Not a member (or a revoked one) → 404: another Ambito's pages do not exist for you.
    API routes (``/api/…``) open their scope in :class:`ambito.api.base.AmbitoAPIView`, after
    token authentication.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        slug = self._slug(request)
        if slug is None:
            return self.get_response(request)
        ambito = ambito_attivo(slug)
        if ambito is None:
            raise Http404("Ambito inesistente")
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        with ambito_scope(ambito, actor=request.user):
            contesto = contesto_per(request.user, ambito)
        if contesto is None:
            raise Http404("Ambito inesistente")
        request.ambito = ambito
        request.contesto = contesto
        with ambito_scope(ambito, comuni=contesto.comuni, actor=request.user):
            response = self.get_response(request)
            render = getattr(response, "render", None)
            if callable(render) and not getattr(response, "is_rendered", True):
                response = render()
        return response

    @staticmethod
    def _slug(request: HttpRequest) -> str | None:
        if request.path_info.startswith("/api/"):
            return None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        return match.kwargs.get("ambito_slug")
