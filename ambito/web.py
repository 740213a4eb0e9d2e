"""The page flow every module's views share: a form that calls a service, and a button that does.

A view fetches what it needs through selectors and hands the rest to one of these::

    @richiede(GESTISCI)
    def organo_create(request, ambito_slug):
        form = OrganoForm(request.POST or None)
        return modulo(request, form,
                      esegui=lambda dati: services.organo_create(ambito=request.ambito, actor=request.user, **dati),
                      messaggio=lambda organo: _("Organo creato: %(nome)s.") % {"nome": organo.nome},
                      successo=lambda organo: redirect("organi:organo_detail", ambito_slug, organo.pk),
                      template="ambito/organi/modulo.html", contesto={"titolo": _("Nuovo organo collegiale")})

* GET (or an invalid POST) renders the form; an invalid POST answers 400 with the errors next to their
  fields and everything the user typed still in the form.
* A valid POST calls ``esegui(cleaned_data)``; a :class:`~ambito.errors.RegolaViolata` it raises is shown
  next to its field (or at the top) and nothing is lost; otherwise the success message is shown and
  ``successo(result)`` is returned (a redirect).

Each operation says what it did (``messaggio``): never a generic "done". A button without a form is
:func:`azione_post` (a refusal becomes a message on the page one goes back to) or, when the action deserves a
page that explains it first (revoke, cancel, accept), :func:`conferma` (a refusal stays on that page).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ambito.errors import RegolaViolata
from ambito.forms import aggiungi_errore

T = TypeVar("T")
Messaggio = str | Callable[[Any], str]


def _testo(messaggio: Messaggio, risultato: Any) -> str:
    return messaggio(risultato) if callable(messaggio) else messaggio


def pagina_modulo(request: HttpRequest, template: str, contesto: dict[str, Any], form: forms.Form) -> HttpResponse:
    """Render a page holding ``form``: 400 when the form carries errors, so clients and tests see the refusal."""
    return render(request, template, {**contesto, "form": form}, status=400 if form.errors else 200)


def modulo(
    request: HttpRequest,
    form: forms.Form,
    *,
    esegui: Callable[[dict[str, Any]], T],
    messaggio: Messaggio,
    successo: Callable[[T], HttpResponse],
    template: str,
    contesto: dict[str, Any] | None = None,
) -> HttpResponse:
    """The one form flow: show the form, or run the service on a valid POST (see the module docstring)."""
    if request.method == "POST" and form.is_valid():
        try:
            risultato = esegui(form.cleaned_data)
        except RegolaViolata as exc:
            aggiungi_errore(form, exc)
        else:
            messages.success(request, _testo(messaggio, risultato))
            return successo(risultato)
    return pagina_modulo(request, template, contesto or {}, form)


def azione_post(
    request: HttpRequest,
    *,
    esegui: Callable[[], T],
    messaggio: Messaggio,
    ritorno: HttpResponse,
) -> HttpResponse:
    """A button without a form (publish, close, revoke): run the service, say what happened, go back.

    The view is ``@require_POST``. A :class:`~ambito.errors.RegolaViolata` becomes an error message on the
    page the user is sent back to (``ritorno``), so a refused action never looks like a crash.
    """
    try:
        risultato = esegui()
    except RegolaViolata as exc:
        messages.error(request, exc.messaggio)
    else:
        messages.success(request, _testo(messaggio, risultato))
    return ritorno


def conferma(
    request: HttpRequest,
    *,
    template: str,
    contesto: dict[str, Any],
    esegui: Callable[[], T],
    messaggio: Messaggio,
    successo: Callable[[T], HttpResponse],
) -> HttpResponse:
    """A page that explains what its one button does and runs it on POST.

    Unlike :func:`azione_post`, a refusal stays on this page, with its reason (``errore`` in the context)
    and the rule's status (400, or 409 when the state changed meanwhile).
    """
    if request.method == "POST":
        try:
            risultato = esegui()
        except RegolaViolata as exc:
            return render(request, template, {**contesto, "errore": exc.messaggio}, status=exc.status_code)
        messages.success(request, _testo(messaggio, risultato))
        return successo(risultato)
    return render(request, template, contesto)
