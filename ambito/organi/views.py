"""Pages of collegial bodies, their members and sessions, under /a/<ambito_slug>/organi/.

Staff and the Assemblea read (``ambito.organi.vedi``); staff manage bodies, members, sessions,
attendance and votes (``ambito.organi.gestisci``). The session page holds the attendance form,
the agenda and, for each item, the vote form (htmx: the item's box is replaced in place) and the
outcome with its computation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ambito.accounts.permissions import richiede
from ambito.errors import RegolaViolata
from ambito.forms import aggiungi_errore
from ambito.organi import selectors as sel
from ambito.organi import services as servizi
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

VEDI = "ambito.organi.vedi"
GESTISCI = "ambito.organi.gestisci"


@dataclass
class PuntoVista:
    """An agenda item as the session page shows it: the item, its vote form, its outcome."""

    punto: PuntoOdG
    form: VotiForm


def _punti(seduta: Seduta, votanti: list[Componente], bound: dict[int, VotiForm] | None = None) -> list[PuntoVista]:
    viste = []
    for punto in sel.punto_list(seduta=seduta):
        form = (bound or {}).get(punto.pk) or VotiForm(
            votanti=votanti, voti={v.componente_id: v.valore for v in punto.voti.all()},
            prefix=prefisso_voti(punto.pk))
        viste.append(PuntoVista(punto, form))
    return viste


def _pagina_seduta(request: HttpRequest, seduta: Seduta, *, status: int = 200, **moduli: Any) -> HttpResponse:
    votanti = list(sel.componenti_votanti(seduta=seduta))
    return render(request, "ambito/organi/seduta.html", {
        "seduta": seduta,
        "punti": _punti(seduta, votanti, moduli.pop("voti", None)),
        "presenze_form": moduli.pop("presenze_form", None) or PresenzeForm(
            initial={"presenti": sorted(sel.presenti_ids(seduta=seduta))}, seduta=seduta),
        "punto_form": moduli.pop("punto_form", None) or PuntoForm(),
        "regola": sel.regola_per(organo=seduta.organo, ambito=request.ambito),
        "puo_gestire": request.contesto.puo(GESTISCI) and not seduta.chiusa,
        "puo_vedere_storico": request.contesto.puo("ambito.storico.vedi"),
    }, status=status)


@richiede(VEDI)
@require_safe
def organi_list(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    return render(request, "ambito/organi/elenco.html", {
        "organi": sel.organo_list(ambito=request.ambito), "puo_gestire": request.contesto.puo(GESTISCI)})


@richiede(GESTISCI)
def organo_create(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    form = OrganoForm(request.POST or None, initial=nuovo_organo_iniziali())
    if request.method == "POST" and form.is_valid():
        dati = dict(form.cleaned_data, tipo_atto=form.cleaned_data["tipo_atto"] or None)
        try:
            organo = servizi.organo_create(ambito=request.ambito, actor=request.user, **dati)
        except RegolaViolata as exc:
            aggiungi_errore(form, exc)
        else:
            messages.success(request, _("Organo creato: %(nome)s.") % {"nome": organo.nome})
            return redirect("organi:organo_detail", ambito_slug=ambito_slug, organo_pk=organo.pk)
    return render(request, "ambito/organi/modulo.html", {"form": form, "titolo": _("Nuovo organo collegiale")},
                  status=400 if form.errors else 200)


@richiede(VEDI)
@require_safe
def organo_detail(request: HttpRequest, ambito_slug: str, organo_pk: int) -> HttpResponse:
    organo = sel.organo_get(ambito=request.ambito, pk=organo_pk)
    return render(request, "ambito/organi/dettaglio.html", {
        "organo": organo,
        "componenti": sel.componente_list(organo=organo),
        "sedute": sel.seduta_list(organo=organo),
        "regola": sel.regola_per(organo=organo, ambito=request.ambito),
        "puo_gestire": request.contesto.puo(GESTISCI),
        "puo_vedere_storico": request.contesto.puo("ambito.storico.vedi"),
    })


@richiede(GESTISCI)
def organo_edit(request: HttpRequest, ambito_slug: str, organo_pk: int) -> HttpResponse:
    organo = sel.organo_get(ambito=request.ambito, pk=organo_pk)
    form = OrganoForm(request.POST or None, initial={"nome": organo.nome, "tipo_atto": organo.tipo_atto},
                      modifica=True)
    if request.method == "POST" and form.is_valid():
        try:
            servizi.organo_update(organo=organo, actor=request.user, **form.cleaned_data)
        except RegolaViolata as exc:
            aggiungi_errore(form, exc)
        else:
            messages.success(request, _("Modifiche salvate."))
            return redirect("organi:organo_detail", ambito_slug=ambito_slug, organo_pk=organo.pk)
    return render(request, "ambito/organi/modulo.html", {"form": form, "organo": organo, "titolo": organo.nome},
                  status=400 if form.errors else 200)


@richiede(GESTISCI)
def componente_create(request: HttpRequest, ambito_slug: str, organo_pk: int) -> HttpResponse:
    organo = sel.organo_get(ambito=request.ambito, pk=organo_pk)
    form = ComponenteForm(request.POST or None, organo=organo)
    if request.method == "POST" and form.is_valid():
        try:
            servizi.componente_create(organo=organo, actor=request.user, **form.cleaned_data)
        except RegolaViolata as exc:
            aggiungi_errore(form, exc)
        else:
            messages.success(request, _("Componente aggiunto."))
            return redirect("organi:organo_detail", ambito_slug=ambito_slug, organo_pk=organo.pk)
    return render(request, "ambito/organi/modulo.html", {
        "form": form, "organo": organo, "titolo": _("Nuovo componente di %(organo)s") % {"organo": organo}},
        status=400 if form.errors else 200)


@richiede(GESTISCI)
def componente_edit(request: HttpRequest, ambito_slug: str, componente_pk: int) -> HttpResponse:
    componente = sel.componente_get(ambito=request.ambito, pk=componente_pk)
    iniziali = {k: getattr(componente, k) for k in ("nominativo", "qualifica", "valido_dal", "valido_al")}
    form = ComponenteModificaForm(request.POST or None, initial=iniziali)
    if request.method == "POST" and form.is_valid():
        try:
            servizi.componente_update(componente=componente, actor=request.user, **form.cleaned_data)
        except RegolaViolata as exc:
            aggiungi_errore(form, exc)
        else:
            messages.success(request, _("Modifiche salvate."))
            return redirect("organi:organo_detail", ambito_slug=ambito_slug, organo_pk=componente.organo_id)
    return render(request, "ambito/organi/modulo.html", {
        "form": form, "organo": componente.organo, "titolo": componente.nominativo},
        status=400 if form.errors else 200)


@richiede(GESTISCI)
def seduta_create(request: HttpRequest, ambito_slug: str, organo_pk: int) -> HttpResponse:
    organo = sel.organo_get(ambito=request.ambito, pk=organo_pk)
    form = SedutaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            seduta = servizi.seduta_create(organo=organo, actor=request.user, **form.cleaned_data)
        except RegolaViolata as exc:
            aggiungi_errore(form, exc)
        else:
            messages.success(request, _("Seduta convocata."))
            return redirect("organi:seduta_detail", ambito_slug=ambito_slug, seduta_pk=seduta.pk)
    return render(request, "ambito/organi/modulo.html", {
        "form": form, "organo": organo, "titolo": _("Nuova seduta di %(organo)s") % {"organo": organo}},
        status=400 if form.errors else 200)


@richiede(VEDI)
@require_safe
def seduta_detail(request: HttpRequest, ambito_slug: str, seduta_pk: int) -> HttpResponse:
    return _pagina_seduta(request, sel.seduta_get(ambito=request.ambito, pk=seduta_pk))


@richiede(GESTISCI)
@require_POST
def seduta_presenze(request: HttpRequest, ambito_slug: str, seduta_pk: int) -> HttpResponse:
    seduta = sel.seduta_get(ambito=request.ambito, pk=seduta_pk)
    form = PresenzeForm(request.POST, seduta=seduta)
    if form.is_valid():
        try:
            servizi.seduta_presenze_set(seduta=seduta, actor=request.user, presenti=form.cleaned_data["presenti"])
        except RegolaViolata as exc:
            aggiungi_errore(form, exc)
        else:
            messages.success(request, _("Presenze registrate."))
            return redirect("organi:seduta_detail", ambito_slug=ambito_slug, seduta_pk=seduta.pk)
    return _pagina_seduta(request, seduta, status=400, presenze_form=form)


@richiede(GESTISCI)
@require_POST
def punto_create(request: HttpRequest, ambito_slug: str, seduta_pk: int) -> HttpResponse:
    seduta = sel.seduta_get(ambito=request.ambito, pk=seduta_pk)
    form = PuntoForm(request.POST)
    if form.is_valid():
        try:
            servizi.punto_create(seduta=seduta, actor=request.user, **form.cleaned_data)
        except RegolaViolata as exc:
            aggiungi_errore(form, exc)
        else:
            messages.success(request, _("Punto aggiunto all'ordine del giorno."))
            return redirect("organi:seduta_detail", ambito_slug=ambito_slug, seduta_pk=seduta.pk)
    return _pagina_seduta(request, seduta, status=400, punto_form=form)


@richiede(GESTISCI)
@require_POST
def seduta_close(request: HttpRequest, ambito_slug: str, seduta_pk: int) -> HttpResponse:
    seduta = sel.seduta_get(ambito=request.ambito, pk=seduta_pk)
    try:
        servizi.seduta_close(seduta=seduta, actor=request.user)
    except RegolaViolata as exc:
        messages.error(request, exc.messaggio)
    else:
        messages.success(request, _("Seduta chiusa."))
    return redirect("organi:seduta_detail", ambito_slug=ambito_slug, seduta_pk=seduta.pk)


def _risposta_punto(request: HttpRequest, punto: PuntoOdG, form: VotiForm | None, status: int) -> HttpResponse:
    """After a vote action: the item's box alone for htmx, else the whole session page."""
    seduta = sel.seduta_get(ambito=request.ambito, pk=punto.seduta_id)
    if not request.htmx:
        if status == 200:
            return redirect("organi:seduta_detail", ambito_slug=request.ambito.slug, seduta_pk=seduta.pk)
        return _pagina_seduta(request, seduta, status=status, voti={punto.pk: form} if form else None)
    votanti = list(sel.componenti_votanti(seduta=seduta))
    vista = next(v for v in _punti(seduta, votanti, {punto.pk: form} if form else None) if v.punto.pk == punto.pk)
    # htmx swaps only 2xx responses: a refused vote comes back as 200 with the errors in the box.
    return render(request, "ambito/organi/_punto.html", {
        "vista": vista, "seduta": seduta, "puo_gestire": not seduta.chiusa, "parziale": True,
        "puo_vedere_storico": request.contesto.puo("ambito.storico.vedi")})


@richiede(GESTISCI)
@require_POST
def punto_voti(request: HttpRequest, ambito_slug: str, punto_pk: int) -> HttpResponse:
    punto = sel.punto_get(ambito=request.ambito, pk=punto_pk)
    votanti = list(sel.componenti_votanti(seduta=punto.seduta))
    form = VotiForm(request.POST, votanti=votanti, voti={}, prefix=prefisso_voti(punto.pk))
    if form.is_valid():
        try:
            servizi.voti_record(punto=punto, actor=request.user, voti=form.voti_espressi())
        except RegolaViolata as exc:
            aggiungi_errore(form, exc)
        else:
            messages.success(request, _("Voti registrati sul punto %(n)d.") % {"n": punto.numero})
            return _risposta_punto(request, punto, None, 200)
    return _risposta_punto(request, punto, form, 400)


@richiede(GESTISCI)
@require_POST
def punto_close(request: HttpRequest, ambito_slug: str, punto_pk: int) -> HttpResponse:
    punto = sel.punto_get(ambito=request.ambito, pk=punto_pk)
    try:
        punto = servizi.votazione_close(punto=punto, actor=request.user)
    except RegolaViolata as exc:
        messages.error(request, exc.messaggio)
    else:
        messages.success(request, _("Votazione chiusa: %(esito)s.") % {"esito": punto.get_esito_display().lower()})
    return _risposta_punto(request, punto, None, 200)
