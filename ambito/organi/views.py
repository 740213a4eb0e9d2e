"""Pages of collegial bodies, their members and sessions, under /a/<ambito_slug>/organi/.

Staff and the Assemblea read (``ambito.organi.vedi``); staff manage bodies, members, sessions,
attendance and votes (``ambito.organi.gestisci``). The session page holds the attendance form,
the agenda and, for each item, the vote form (htmx: the item's box is replaced in place) and the
outcome with its computation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ambito.accounts.permissions import richiede
from ambito.errors import RegolaViolata
from ambito.forms import aggiungi_errore
from ambito.organi import selectors, services
from ambito.organi.forms import (
    ComponenteForm,
    ComponenteModificaForm,
    OrganoForm,
    PresenzeForm,
    PuntoForm,
    SedutaForm,
    VotiForm,
    nuovo_organo_iniziali,
    prefisso_voti,
)
from ambito.organi.models import Componente, PuntoOdG, Seduta
from ambito.web import azione_post, modulo

VEDI = "ambito.organi.vedi"
GESTISCI = "ambito.organi.gestisci"
MODULO = "ambito/organi/modulo.html"


@dataclass
class PuntoVista:
    """An agenda item as the session page shows it: the item, its vote form, its outcome."""

    punto: PuntoOdG
    form: VotiForm


def _punti(seduta: Seduta, votanti: list[Componente], bound: dict[int, VotiForm] | None = None) -> list[PuntoVista]:
    viste = []
    for punto in selectors.punto_list(seduta=seduta):
        form = (bound or {}).get(punto.pk) or VotiForm(
            votanti=votanti, voti={voto.componente_id: voto.valore for voto in punto.voti.all()},
            prefix=prefisso_voti(punto.pk))
        viste.append(PuntoVista(punto, form))
    return viste


def _pagina_seduta(request: HttpRequest, seduta: Seduta, *, status: int = 200, **moduli: Any) -> HttpResponse:
    votanti = list(selectors.componenti_votanti(seduta=seduta))
    return render(request, "ambito/organi/seduta.html", {
        "seduta": seduta,
        "punti": _punti(seduta, votanti, moduli.pop("voti", None)),
        "presenze_form": moduli.pop("presenze_form", None) or PresenzeForm(
            initial={"presenti": sorted(selectors.presenti_ids(seduta=seduta))}, seduta=seduta),
        "punto_form": moduli.pop("punto_form", None) or PuntoForm(),
        "regola": selectors.regola_per(organo=seduta.organo, ambito=request.ambito),
        "puo_gestire": request.contesto.puo(GESTISCI) and not seduta.chiusa,
        "puo_vedere_audit": request.contesto.puo("ambito.audit.vedi"),
    }, status=status)


def _redirect_seduta(request: HttpRequest, seduta_pk: int) -> HttpResponse:
    return redirect("organi:seduta_detail", ambito_slug=request.ambito.slug, seduta_pk=seduta_pk)


def _modulo_della_seduta(
    request: HttpRequest, form: forms.Form, *, esegui: Callable[[dict[str, Any]], Any], messaggio: str,
    successo: Callable[[], HttpResponse], rifiuto: Callable[[], HttpResponse],
) -> HttpResponse:
    """:func:`ambito.web.modulo` for a form that is one part of the session page (attendance, a new agenda
    item, an item's votes): an invalid or refused POST answers with ``rifiuto()`` — the whole session
    page with this form bound, or the item's box for htmx — since there is no page of the form alone."""
    if form.is_valid():
        try:
            esegui(form.cleaned_data)
        except RegolaViolata as exc:
            aggiungi_errore(form, exc)
        else:
            messages.success(request, messaggio)
            return successo()
    return rifiuto()


@richiede(VEDI)
@require_safe
def organi_list(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    return render(request, "ambito/organi/elenco.html", {
        "organi": selectors.organo_list(ambito=request.ambito), "puo_gestire": request.contesto.puo(GESTISCI)})


@richiede(GESTISCI)
def organo_create(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    return modulo(
        request, OrganoForm(request.POST or None, initial=nuovo_organo_iniziali()),
        esegui=lambda dati: services.organo_create(ambito=request.ambito, actor=request.user,
                                                   **{**dati, "tipo_atto": dati["tipo_atto"] or None}),
        messaggio=lambda organo: _("Organo creato: %(nome)s.") % {"nome": organo.nome},
        successo=lambda organo: redirect("organi:organo_detail", ambito_slug=ambito_slug, organo_pk=organo.pk),
        template=MODULO, contesto={"titolo": _("Nuovo organo collegiale")},
    )


@richiede(VEDI)
@require_safe
def organo_detail(request: HttpRequest, ambito_slug: str, organo_pk: int) -> HttpResponse:
    organo = selectors.organo_get(ambito=request.ambito, pk=organo_pk)
    return render(request, "ambito/organi/dettaglio.html", {
        "organo": organo,
        "componenti": selectors.componente_list(organo=organo),
        "sedute": selectors.seduta_list(organo=organo),
        "regola": selectors.regola_per(organo=organo, ambito=request.ambito),
        "puo_gestire": request.contesto.puo(GESTISCI),
        "puo_vedere_audit": request.contesto.puo("ambito.audit.vedi"),
    })


@richiede(GESTISCI)
def organo_edit(request: HttpRequest, ambito_slug: str, organo_pk: int) -> HttpResponse:
    organo = selectors.organo_get(ambito=request.ambito, pk=organo_pk)
    return modulo(
        request, OrganoForm(request.POST or None, initial={"nome": organo.nome, "tipo_atto": organo.tipo_atto},
                            modifica=True),
        esegui=lambda dati: services.organo_update(organo=organo, actor=request.user, **dati),
        messaggio=lambda modificato: _("Organo modificato: %(nome)s.") % {"nome": modificato.nome},
        successo=lambda _organo: redirect("organi:organo_detail", ambito_slug=ambito_slug, organo_pk=organo_pk),
        template=MODULO, contesto={"organo": organo, "titolo": organo.nome},
    )


@richiede(GESTISCI)
def componente_create(request: HttpRequest, ambito_slug: str, organo_pk: int) -> HttpResponse:
    organo = selectors.organo_get(ambito=request.ambito, pk=organo_pk)
    return modulo(
        request, ComponenteForm(request.POST or None, organo=organo),
        esegui=lambda dati: services.componente_create(organo=organo, actor=request.user, **dati),
        messaggio=lambda componente: _("Componente aggiunto a %(organo)s: %(nominativo)s.") % {
            "organo": organo.nome, "nominativo": componente.nominativo},
        successo=lambda _componente: redirect("organi:organo_detail", ambito_slug=ambito_slug, organo_pk=organo_pk),
        template=MODULO,
        contesto={"organo": organo, "titolo": _("Nuovo componente di %(organo)s") % {"organo": organo}},
    )


@richiede(GESTISCI)
def componente_edit(request: HttpRequest, ambito_slug: str, componente_pk: int) -> HttpResponse:
    componente = selectors.componente_get(ambito=request.ambito, pk=componente_pk)
    iniziali = {campo: getattr(componente, campo) for campo in ("nominativo", "qualifica", "valido_dal", "valido_al")}
    return modulo(
        request, ComponenteModificaForm(request.POST or None, initial=iniziali),
        esegui=lambda dati: services.componente_update(componente=componente, actor=request.user, **dati),
        messaggio=lambda modificato: _("Componente modificato: %(nominativo)s.") % {
            "nominativo": modificato.nominativo},
        successo=lambda _componente: redirect("organi:organo_detail", ambito_slug=ambito_slug,
                                              organo_pk=componente.organo_id),
        template=MODULO, contesto={"organo": componente.organo, "titolo": componente.nominativo},
    )


@richiede(GESTISCI)
def seduta_create(request: HttpRequest, ambito_slug: str, organo_pk: int) -> HttpResponse:
    organo = selectors.organo_get(ambito=request.ambito, pk=organo_pk)
    return modulo(
        request, SedutaForm(request.POST or None),
        esegui=lambda dati: services.seduta_create(organo=organo, actor=request.user, **dati),
        messaggio=lambda seduta: _("Seduta convocata: %(seduta)s.") % {"seduta": seduta},
        successo=lambda seduta: _redirect_seduta(request, seduta.pk),
        template=MODULO,
        contesto={"organo": organo, "titolo": _("Nuova seduta di %(organo)s") % {"organo": organo}},
    )


@richiede(VEDI)
@require_safe
def seduta_detail(request: HttpRequest, ambito_slug: str, seduta_pk: int) -> HttpResponse:
    return _pagina_seduta(request, selectors.seduta_get(ambito=request.ambito, pk=seduta_pk))


@richiede(GESTISCI)
@require_POST
def seduta_presenze(request: HttpRequest, ambito_slug: str, seduta_pk: int) -> HttpResponse:
    seduta = selectors.seduta_get(ambito=request.ambito, pk=seduta_pk)
    form = PresenzeForm(request.POST, seduta=seduta)
    return _modulo_della_seduta(
        request, form,
        esegui=lambda dati: services.seduta_presenze_set(seduta=seduta, actor=request.user,
                                                        presenti=dati["presenti"]),
        messaggio=_("Presenze registrate per la seduta %(seduta)s.") % {"seduta": seduta},
        successo=lambda: _redirect_seduta(request, seduta_pk),
        rifiuto=lambda: _pagina_seduta(request, seduta, status=400, presenze_form=form),
    )


@richiede(GESTISCI)
@require_POST
def punto_create(request: HttpRequest, ambito_slug: str, seduta_pk: int) -> HttpResponse:
    seduta = selectors.seduta_get(ambito=request.ambito, pk=seduta_pk)
    form = PuntoForm(request.POST)
    return _modulo_della_seduta(
        request, form,
        esegui=lambda dati: services.punto_create(seduta=seduta, actor=request.user, **dati),
        messaggio=_("Punto aggiunto all'ordine del giorno della seduta %(seduta)s.") % {"seduta": seduta},
        successo=lambda: _redirect_seduta(request, seduta_pk),
        rifiuto=lambda: _pagina_seduta(request, seduta, status=400, punto_form=form),
    )


@richiede(GESTISCI)
@require_POST
def seduta_close(request: HttpRequest, ambito_slug: str, seduta_pk: int) -> HttpResponse:
    seduta = selectors.seduta_get(ambito=request.ambito, pk=seduta_pk)
    return azione_post(
        request,
        esegui=lambda: services.seduta_close(seduta=seduta, actor=request.user),
        messaggio=_("Seduta chiusa: %(seduta)s.") % {"seduta": seduta},
        ritorno=_redirect_seduta(request, seduta_pk),
    )


def _risposta_punto(request: HttpRequest, punto: PuntoOdG, form: VotiForm | None, status: int) -> HttpResponse:
    """After a vote action: the item's box alone for htmx, else the whole session page."""
    seduta = selectors.seduta_get(ambito=request.ambito, pk=punto.seduta_id)
    if not request.htmx:
        if status == 200:
            return _redirect_seduta(request, seduta.pk)
        return _pagina_seduta(request, seduta, status=status, voti={punto.pk: form} if form else None)
    votanti = list(selectors.componenti_votanti(seduta=seduta))
    viste = _punti(seduta, votanti, {punto.pk: form} if form else None)
    vista = next(vista for vista in viste if vista.punto.pk == punto.pk)
    # htmx swaps only 2xx responses: a refused vote comes back as 200 with the errors in the box.
    return render(request, "ambito/organi/_punto.html", {
        "vista": vista, "seduta": seduta, "puo_gestire": not seduta.chiusa, "parziale": True,
        "puo_vedere_audit": request.contesto.puo("ambito.audit.vedi")})


@richiede(GESTISCI)
@require_POST
def punto_voti(request: HttpRequest, ambito_slug: str, punto_pk: int) -> HttpResponse:
    punto = selectors.punto_get(ambito=request.ambito, pk=punto_pk)
    votanti = list(selectors.componenti_votanti(seduta=punto.seduta))
    form = VotiForm(request.POST, votanti=votanti, voti={}, prefix=prefisso_voti(punto.pk))
    return _modulo_della_seduta(
        request, form,
        esegui=lambda _dati: services.voti_record(punto=punto, actor=request.user, voti=form.voti_espressi()),
        messaggio=_("Voti registrati sul punto %(n)d.") % {"n": punto.numero},
        successo=lambda: _risposta_punto(request, punto, None, 200),
        rifiuto=lambda: _risposta_punto(request, punto, form, 400),
    )


@richiede(GESTISCI)
@require_POST
def punto_close(request: HttpRequest, ambito_slug: str, punto_pk: int) -> HttpResponse:
    """Close the vote. The answer (the item's box for htmx) shows the item *after* the service ran, so it
    cannot be :func:`ambito.web.azione_post`'s ``ritorno``, which is built before."""
    punto = selectors.punto_get(ambito=request.ambito, pk=punto_pk)
    try:
        punto = services.votazione_close(punto=punto, actor=request.user)
    except RegolaViolata as exc:
        messages.error(request, exc.messaggio)
    else:
        messages.success(request, _("Votazione chiusa: %(esito)s.") % {"esito": punto.get_esito_display().lower()})
    return _risposta_punto(request, punto, None, 200)
