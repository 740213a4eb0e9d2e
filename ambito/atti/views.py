"""Pages of governance acts, under /a/<ambito_slug>/atti/.

Everybody with ``ambito.atti.vedi_pubblicati`` reads published acts; staff
(``ambito.atti.vedi_tutti``) read all of them and, with ``ambito.atti.gestisci``, register, edit,
attach the PDF and publish. An act the user may not see is a 404, like one of another Ambito.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ambito.accounts.permissions import richiede
from ambito.atti import services as servizi
from ambito.atti.forms import AttoForm, CollegamentoForm, FiltroAttiForm
from ambito.atti.selectors import (
    atto_anni,
    atto_get,
    atto_list,
    collegamento_get,
    collegamento_list,
    solo_pubblicati_per,
)
from ambito.audit.selectors import oggetto_tenant_get
from ambito.errors import NonTrovato, RegolaViolata
from ambito.files import risposta_file_privato
from ambito.forms import aggiungi_errore

VEDI = "ambito.atti.vedi_pubblicati"
GESTISCI = "ambito.atti.gestisci"
PER_PAGINA = 25


@richiede(VEDI)
@require_safe
def atti_list(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    solo = solo_pubblicati_per(request.contesto)
    filtri = FiltroAttiForm(request.GET, anni=atto_anni(ambito=request.ambito, solo_pubblicati=solo))
    dati = filtri.cleaned_data if filtri.is_valid() else {}
    atti = atto_list(ambito=request.ambito, solo_pubblicati=solo, tipo=dati.get("tipo"), anno=dati.get("anno"),
                     testo=dati.get("testo"))
    pagina = Paginator(atti, PER_PAGINA).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(request, "ambito/atti/elenco.html", {
        "filtri": filtri, "pagina": pagina, "query": query.urlencode(), "puo_gestire": request.contesto.puo(GESTISCI),
    })


@richiede(VEDI)
@require_safe
def atto_detail(request: HttpRequest, ambito_slug: str, atto_pk: int) -> HttpResponse:
    atto = atto_get(ambito=request.ambito, pk=atto_pk, solo_pubblicati=solo_pubblicati_per(request.contesto))
    return render(request, "ambito/atti/dettaglio.html", {
        "atto": atto,
        "collegamenti": collegamento_list(atto=atto),
        "punto": getattr(atto, "punto_odg", None) if request.contesto.puo("ambito.organi.vedi") else None,
        "puo_gestire": request.contesto.puo(GESTISCI),
        "puo_vedere_storico": request.contesto.puo("ambito.storico.vedi"),
    })


@richiede(GESTISCI)
def atto_create(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    form = AttoForm(request.POST or None, request.FILES or None, ambito=request.ambito)
    if request.method == "POST" and form.is_valid():
        try:
            atto = servizi.atto_create(ambito=request.ambito, actor=request.user, **form.cleaned_data)
        except RegolaViolata as exc:
            aggiungi_errore(form, exc)
        else:
            messages.success(request, _("Atto registrato: %(atto)s.") % {"atto": atto})
            return redirect("atti:atto_detail", ambito_slug=ambito_slug, atto_pk=atto.pk)
    return render(request, "ambito/atti/modulo.html", {"form": form, "atto": None},
                  status=400 if form.errors else 200)


@richiede(GESTISCI)
def atto_edit(request: HttpRequest, ambito_slug: str, atto_pk: int) -> HttpResponse:
    atto = atto_get(ambito=request.ambito, pk=atto_pk, solo_pubblicati=solo_pubblicati_per(request.contesto))
    iniziali = {campo: getattr(atto, campo) for campo in servizi.CAMPI_MODIFICABILI}
    form = AttoForm(request.POST or None, request.FILES or None, initial=iniziali, ambito=request.ambito)
    if request.method == "POST" and form.is_valid():
        dati = dict(form.cleaned_data)
        allegato = dati.pop("allegato")
        try:
            servizi.atto_update(atto=atto, actor=request.user, allegato=allegato, **dati)
        except RegolaViolata as exc:
            aggiungi_errore(form, exc)
        else:
            messages.success(request, _("Modifiche salvate."))
            return redirect("atti:atto_detail", ambito_slug=ambito_slug, atto_pk=atto.pk)
    return render(request, "ambito/atti/modulo.html", {"form": form, "atto": atto},
                  status=400 if form.errors else 200)


@richiede(VEDI)
@require_safe
def atto_download(request: HttpRequest, ambito_slug: str, atto_pk: int) -> HttpResponse:
    atto = atto_get(ambito=request.ambito, pk=atto_pk, solo_pubblicati=solo_pubblicati_per(request.contesto))
    nome = f"{atto.get_tipo_display()} {atto.numero} {atto.data:%Y-%m-%d}"
    return risposta_file_privato(atto.allegato, nome=nome + ".pdf", content_type="application/pdf")


@richiede(GESTISCI)
@require_POST
def atto_publish(request: HttpRequest, ambito_slug: str, atto_pk: int) -> HttpResponse:
    atto = atto_get(ambito=request.ambito, pk=atto_pk, solo_pubblicati=solo_pubblicati_per(request.contesto))
    try:
        servizi.atto_publish(atto=atto, actor=request.user)
    except RegolaViolata as exc:
        messages.error(request, exc.messaggio)
    else:
        messages.success(request, _("L'atto è pubblicato: ora è visibile all'Assemblea e ai partner."))
    return redirect("atti:atto_detail", ambito_slug=ambito_slug, atto_pk=atto.pk)


@richiede(GESTISCI)
def atto_link(request: HttpRequest, ambito_slug: str, atto_pk: int) -> HttpResponse:
    """Record that the act approves an object of this Ambito (of any module)."""
    atto = atto_get(ambito=request.ambito, pk=atto_pk, solo_pubblicati=solo_pubblicati_per(request.contesto))
    form = CollegamentoForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        dati = form.cleaned_data
        try:
            try:  # another Ambito's object does not exist for this one
                oggetto = oggetto_tenant_get(ambito=request.ambito, modello=dati["modello"], pk=dati["oggetto"])
            except NonTrovato as exc:
                raise RegolaViolata(exc.messaggio, campo="oggetto", codice="non_trovato") from exc
            servizi.atto_link(atto=atto, actor=request.user, oggetto=oggetto, descrizione=dati["descrizione"])
        except RegolaViolata as exc:
            aggiungi_errore(form, exc)
        else:
            messages.success(request, _("Oggetto collegato: %(oggetto)s.") % {"oggetto": oggetto})
            return redirect("atti:atto_detail", ambito_slug=ambito_slug, atto_pk=atto.pk)
    return render(request, "ambito/atti/collegamento.html", {"form": form, "atto": atto},
                  status=400 if form.errors else 200)


@richiede(GESTISCI)
@require_POST
def atto_unlink(request: HttpRequest, ambito_slug: str, collegamento_pk: int) -> HttpResponse:
    """Remove a link (the history keeps it)."""
    collegamento = collegamento_get(ambito=request.ambito, pk=collegamento_pk)
    servizi.atto_unlink(collegamento=collegamento, actor=request.user)
    messages.success(request, _("Collegamento rimosso."))
    return redirect("atti:atto_detail", ambito_slug=ambito_slug, atto_pk=collegamento.atto_id)
