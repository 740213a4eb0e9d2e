"""Pages of the territory, under /a/<ambito_slug>/territorio/: the Ambito's comuni at a date, its
sub-ambiti, the enti it works with, and its settings.

Everybody in the Ambito sees comuni and enti; staff register and edit enti; the responsabile
(``ambito.impostazioni.gestisci``) changes the settings, the comuni and the sub-ambiti.
"""

from __future__ import annotations

from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ambito.accounts.permissions import richiede
from ambito.errors import RegolaViolata
from ambito.files import risposta_file_privato
from ambito.forms import aggiungi_errore
from ambito.territorio import selectors as sel
from ambito.territorio import services as servizi
from ambito.territorio.forms import (
    AppartenenzaModificaForm,
    AppartenenzaNuovaForm,
    DataComuniForm,
    EnteForm,
    ImpostazioniForm,
    SubAmbitoForm,
)
from ambito.territorio.models import Comune, TipoEnte
from ambito.territorio.selectors import comune_list

VEDI = "ambito.territorio.vedi"
ENTI = "ambito.enti.gestisci"
IMPOSTAZIONI = "ambito.impostazioni.gestisci"
GET_POST = require_http_methods(["GET", "POST"])


def _esito(request: HttpRequest, template: str, contesto: dict, form: object) -> HttpResponse:
    return render(request, template, contesto, status=400 if getattr(form, "errors", None) else 200)


@require_GET
@richiede(VEDI)
def territorio(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    filtro = DataComuniForm(request.GET or None)
    data = filtro.data_scelta()
    return render(request, "ambito/territorio/comuni.html", {
        "filtro": filtro, "data": data,
        "appartenenze": sel.appartenenza_list(ambito=request.ambito, data=data),
        "riepilogo": sel.territorio_riepilogo(ambito=request.ambito, data=data),
        "puo_gestire": request.contesto.puo(IMPOSTAZIONI),
    })


@require_GET
@richiede(VEDI)
def comune_detail(request: HttpRequest, ambito_slug: str, comune_pk: int) -> HttpResponse:
    periodi = sel.comune_periodi_get(ambito=request.ambito, pk=comune_pk)
    return render(request, "ambito/territorio/comune.html", {
        "comune": periodi[0].comune, "periodi": periodi, "puo_gestire": request.contesto.puo(IMPOSTAZIONI),
    })


@GET_POST
@richiede(IMPOSTAZIONI)
def comune_add(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    form = AppartenenzaNuovaForm(request.POST or None, ambito=request.ambito)
    if request.method == "POST" and form.is_valid():
        try:
            app = servizi.appartenenza_create(ambito=request.ambito, actor=request.user, **form.cleaned_data)
        except RegolaViolata as exc:
            aggiungi_errore(form, exc)
        else:
            messages.success(request, _("%(comune)s aggiunto all'Ambito.") % {"comune": app.comune})
            return redirect("territorio:territorio", ambito_slug=ambito_slug)
    return _esito(request, "ambito/territorio/comune_form.html",
                  {"form": form, "suggeriti": sel.comuni_suggeriti(ambito=request.ambito)}, form)


@GET_POST
@richiede(IMPOSTAZIONI)
def comune_edit(request: HttpRequest, ambito_slug: str, comune_pk: int) -> HttpResponse:
    periodo = sel.comune_periodi_get(ambito=request.ambito, pk=comune_pk)[0]
    form = AppartenenzaModificaForm(request.POST or None, ambito=request.ambito,
                                    initial={"valido_al": periodo.valido_al, "sub_ambito": periodo.sub_ambito})
    if request.method == "POST" and form.is_valid():
        try:
            servizi.appartenenza_set_sub_ambito(appartenenza=periodo, actor=request.user,
                                                sub_ambito=form.cleaned_data["sub_ambito"])
            servizi.appartenenza_close(appartenenza=periodo, actor=request.user,
                                       valido_al=form.cleaned_data["valido_al"])
        except RegolaViolata as exc:
            aggiungi_errore(form, exc)
        else:
            messages.success(request, _("Appartenenza di %(comune)s aggiornata.") % {"comune": periodo.comune})
            return redirect("territorio:comune_detail", ambito_slug=ambito_slug, comune_pk=comune_pk)
    return _esito(request, "ambito/territorio/appartenenza_form.html", {"form": form, "periodo": periodo}, form)


@require_GET
@richiede(VEDI)
def enti_list(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    q, tipo = request.GET.get("q", "").strip(), request.GET.get("tipo", "")
    enti = sel.ente_list(ambito=request.ambito, q=q, tipo=tipo if tipo in TipoEnte.values else "")
    return render(request, "ambito/territorio/enti.html", {
        "enti": enti, "q": q, "tipo": tipo, "tipi": TipoEnte.choices,
        "puo_gestire": request.contesto.puo(ENTI),
        "modificabili": {e.pk for e in enti if sel.ente_modificabile(ente=e, ambito=request.ambito,
                                                                     utente=request.user)},
    })


@GET_POST
@richiede(ENTI)
def ente_create(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    form = EnteForm(request.POST or None, comuni=_comuni_oggi(request))
    if request.method == "POST" and form.is_valid():
        try:
            ente = servizi.ente_create(ambito=request.ambito, actor=request.user, dati=form.cleaned_data)
        except RegolaViolata as exc:
            aggiungi_errore(form, exc)
        else:
            messages.success(request, _("Ente «%(ente)s» registrato.") % {"ente": ente})
            return redirect("territorio:enti_list", ambito_slug=ambito_slug)
    return _esito(request, "ambito/territorio/ente_form.html", {"form": form}, form)


@GET_POST
@richiede(ENTI)
def ente_edit(request: HttpRequest, ambito_slug: str, ente_pk: int) -> HttpResponse:
    ente = sel.ente_get(ambito=request.ambito, pk=ente_pk)
    if not sel.ente_modificabile(ente=ente, ambito=request.ambito, utente=request.user):
        raise PermissionDenied(_("Solo l'Ambito che ha registrato l'ente può modificarlo."))
    iniziali = {campo: getattr(ente, campo) for campo in servizi.CAMPI_ENTE}
    form = EnteForm(request.POST or None, initial=iniziali, comuni=_comuni_oggi(request))
    if request.method == "POST" and form.is_valid():
        try:
            servizi.ente_update(ente=ente, ambito=request.ambito, actor=request.user, dati=form.cleaned_data)
        except RegolaViolata as exc:
            aggiungi_errore(form, exc)
        else:
            messages.success(request, _("Ente «%(ente)s» aggiornato.") % {"ente": ente})
            return redirect("territorio:enti_list", ambito_slug=ambito_slug)
    return _esito(request, "ambito/territorio/ente_form.html", {"form": form, "ente": ente}, form)


def _comuni_oggi(request: HttpRequest) -> QuerySet[Comune]:
    return comune_list(ambito=request.ambito)


@GET_POST
@richiede(IMPOSTAZIONI)
def impostazioni(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    ambito = request.ambito
    iniziali = {campo: getattr(ambito, campo) for campo in servizi.CAMPI_IMPOSTAZIONI}
    form = ImpostazioniForm(request.POST or None, request.FILES or None, initial=iniziali)
    if request.method == "POST" and form.is_valid():
        dati = {k: v for k, v in form.cleaned_data.items() if k in servizi.CAMPI_IMPOSTAZIONI}
        try:
            servizi.ambito_impostazioni_update(ambito=ambito, actor=request.user, dati=dati,
                                               logo=form.cleaned_data["logo"],
                                               rimuovi_logo=form.cleaned_data["rimuovi_logo"])
        except RegolaViolata as exc:
            aggiungi_errore(form, exc)
        else:
            messages.success(request, _("Impostazioni salvate."))
            return redirect("territorio:impostazioni", ambito_slug=ambito_slug)
    return _esito(request, "ambito/territorio/impostazioni.html", {"form": form}, form)


@require_GET
@richiede(VEDI)
def logo(request: HttpRequest, ambito_slug: str) -> FileResponse:
    """The Ambito's logo, from private storage (uploads are never on a public path)."""
    logo = request.ambito.logo
    estensione = PurePath(logo.name or "").suffix.lower()
    tipo = "image/png" if estensione == ".png" else "image/jpeg"
    return risposta_file_privato(logo, nome=f"logo{estensione}", content_type=tipo, allegato=False)


@GET_POST
@richiede(IMPOSTAZIONI)
def sub_ambiti(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    form = SubAmbitoForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sub = servizi.sub_ambito_create(ambito=request.ambito, actor=request.user, nome=form.cleaned_data["nome"])
        except RegolaViolata as exc:
            aggiungi_errore(form, exc)
        else:
            messages.success(request, _("Sub-ambito «%(nome)s» creato.") % {"nome": sub.nome})
            return redirect("territorio:sub_ambiti", ambito_slug=ambito_slug)
    elenco = sel.sub_ambito_list(ambito=request.ambito, data=timezone.localdate())
    return _esito(request, "ambito/territorio/sub_ambiti.html", {"form": form, "sub_ambiti": elenco}, form)


@GET_POST
@richiede(IMPOSTAZIONI)
def sub_ambito_edit(request: HttpRequest, ambito_slug: str, subambito_pk: int) -> HttpResponse:
    sub = sel.sub_ambito_get(ambito=request.ambito, pk=subambito_pk)
    form = SubAmbitoForm(request.POST or None, initial={"nome": sub.nome})
    if request.method == "POST" and form.is_valid():
        try:
            servizi.sub_ambito_update(sub_ambito=sub, actor=request.user, nome=form.cleaned_data["nome"])
        except RegolaViolata as exc:
            aggiungi_errore(form, exc)
        else:
            messages.success(request, _("Sub-ambito rinominato."))
            return redirect("territorio:sub_ambiti", ambito_slug=ambito_slug)
    return _esito(request, "ambito/territorio/sub_ambito_form.html", {"form": form, "sub_ambito": sub}, form)


@GET_POST
@richiede(IMPOSTAZIONI)
def sub_ambito_delete(request: HttpRequest, ambito_slug: str, subambito_pk: int) -> HttpResponse:
    sub = sel.sub_ambito_get(ambito=request.ambito, pk=subambito_pk)
    if request.method == "POST":
        servizi.sub_ambito_delete(sub_ambito=sub, actor=request.user)
        messages.success(request, _("Sub-ambito «%(nome)s» eliminato.") % {"nome": sub.nome})
        return redirect("territorio:sub_ambiti", ambito_slug=ambito_slug)
    return render(request, "ambito/territorio/sub_ambito_elimina.html", {"sub_ambito": sub})
