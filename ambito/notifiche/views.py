"""Pages of the user's notifications, under /a/<ambito_slug>/notifiche/.

Everyone reads only their own notifications (``ambito.notifiche.vedi``, every role): another user's, or one of
another Ambito, is a 404. The bell in the header loads its count from ``campanella`` (an htmx fragment), so the
page shell itself never queries.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from ambito.accounts.permissions import richiede
from ambito.notifiche import selectors, services
from ambito.notifiche.forms import PreferenzeForm
from ambito.web import azione_post, modulo

VEDI = "ambito.notifiche.vedi"
PER_PAGINA = 20


def _elenco(request: HttpRequest) -> HttpResponse:
    return redirect("notifiche:notifica_list", ambito_slug=request.ambito.slug)


@richiede(VEDI)
@require_safe
def notifica_list(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    solo_non_lette = request.GET.get("stato") == "non_lette"
    notifiche = selectors.notifica_list(ambito=request.ambito, utente=request.user, solo_non_lette=solo_non_lette)
    pagina = Paginator(notifiche, PER_PAGINA).get_page(request.GET.get("pagina"))
    return render(request, "ambito/notifiche/elenco.html", {
        "pagina": pagina, "solo_non_lette": solo_non_lette,
        "non_lette": selectors.notifica_non_lette_count(ambito=request.ambito, utente=request.user),
        "query": "stato=non_lette" if solo_non_lette else "",
    })


@richiede(VEDI)
@require_safe
def campanella(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    """The bell with the unread count (the header's htmx fragment; one query)."""
    return render(request, "ambito/notifiche/_campanella.html", {
        "non_lette": selectors.notifica_non_lette_count(ambito=request.ambito, utente=request.user)})


@richiede(VEDI)
@require_POST
def notifica_mark_read(request: HttpRequest, ambito_slug: str, notifica_pk: int) -> HttpResponse:
    notifica = selectors.notifica_get(ambito=request.ambito, utente=request.user, pk=notifica_pk)
    return azione_post(
        request, esegui=lambda: services.notifica_mark_read(notifica=notifica, actor=request.user),
        messaggio=lambda n: _("Notifica segnata come letta: %(titolo)s.") % {"titolo": n.titolo},
        ritorno=_elenco(request))


@richiede(VEDI)
@require_POST
def notifica_open(request: HttpRequest, ambito_slug: str, notifica_pk: int) -> HttpResponse:
    """Mark the notification read and go to its object (or back to the list when it has none)."""
    notifica = selectors.notifica_get(ambito=request.ambito, utente=request.user, pk=notifica_pk)
    services.notifica_mark_read(notifica=notifica, actor=request.user)
    if notifica.url and url_has_allowed_host_and_scheme(notifica.url, allowed_hosts={request.get_host()}):
        return redirect(notifica.url)
    return _elenco(request)


@richiede(VEDI)
@require_POST
def notifica_mark_all_read(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    return azione_post(
        request, esegui=lambda: services.notifica_mark_all_read(ambito=request.ambito, utente=request.user,
                                                                actor=request.user),
        messaggio=lambda n: ngettext("%(n)d notifica segnata come letta.", "%(n)d notifiche segnate come lette.",
                                     n) % {"n": n},
        ritorno=_elenco(request))


@richiede(VEDI)
def preferenze(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    righe = selectors.preferenza_list(utente=request.user)

    @transaction.atomic
    def salva(dati: dict) -> int:
        form_scelte = form.scelte()
        for codice, (in_app, email) in form_scelte.items():
            services.preferenza_set(utente=request.user, tipo=codice, in_app=in_app, email=email, actor=request.user)
        return len(form_scelte)

    form = PreferenzeForm(request.POST or None, righe=righe)
    return modulo(request, form, esegui=salva,
                  messaggio=_("Preferenze delle notifiche salvate: valgono in tutti gli Ambiti in cui lavori."),
                  successo=lambda _n: redirect("notifiche:preferenze", ambito_slug=request.ambito.slug),
                  template="ambito/notifiche/preferenze.html")
