"""Pages of an Ambito's members and invitations, under /a/<ambito_slug>/membri/.

Staff see the members; only the responsabile (``ambito.membri.gestisci``) invites, changes and
revokes. Objects are fetched through selectors filtered by ``request.ambito`` (another Ambito's
member is a 404) and changed through ``ambito.services.membri``.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ambito.errors import RegolaViolata
from ambito.forms_membri import InvitoForm, MembroForm, aggiungi_errore
from ambito.permissions import richiede
from ambito.selectors.membri import invito_get, invito_list, membro_get, membro_list
from ambito.services import membri as servizi

GESTISCI = "ambito.membri.gestisci"


@richiede("ambito.membri.vedi")
def membri_list(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    return render(request, "ambito/membri/elenco.html", {
        "membri": membro_list(ambito=request.ambito),
        "inviti_in_attesa": invito_list(ambito=request.ambito).count(),
        "puo_gestire": request.contesto.puo(GESTISCI),
    })


@richiede("ambito.membri.vedi")
def inviti_list(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    return render(request, "ambito/membri/inviti.html", {
        "inviti": invito_list(ambito=request.ambito),
        "puo_gestire": request.contesto.puo(GESTISCI),
    })


@richiede(GESTISCI)
def invito_create(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    form = InvitoForm(request.POST or None, ambito=request.ambito)
    if request.method == "POST" and form.is_valid():
        try:
            invito = servizi.invito_create(ambito=request.ambito, actor=request.user, **form.cleaned_data)
        except RegolaViolata as exc:
            aggiungi_errore(form, exc)
        else:
            messages.success(request, _("Invito inviato a %(email)s.") % {"email": invito.email})
            return redirect("inviti_list", ambito_slug=ambito_slug)
    return render(request, "ambito/membri/invito_form.html", {"form": form}, status=400 if form.errors else 200)


@richiede(GESTISCI)
def invito_cancel(request: HttpRequest, ambito_slug: str, invito_pk: int) -> HttpResponse:
    invito = invito_get(ambito=request.ambito, invito_pk=invito_pk)
    errore = None
    if request.method == "POST":
        try:
            servizi.invito_cancel(invito=invito, actor=request.user)
        except RegolaViolata as exc:
            errore = exc
        else:
            messages.success(request, _("L'invito a %(email)s è stato annullato.") % {"email": invito.email})
            return redirect("inviti_list", ambito_slug=ambito_slug)
    return render(request, "ambito/membri/invito_annulla.html", {"invito": invito, "errore": errore},
                  status=errore.status_code if errore else 200)


@richiede(GESTISCI)
def membro_edit(request: HttpRequest, ambito_slug: str, membro_pk: int) -> HttpResponse:
    membro = membro_get(ambito=request.ambito, membro_pk=membro_pk)
    iniziali = {"ruolo": membro.ruolo, "comuni": list(membro.comuni.all()), "ente": membro.ente}
    form = MembroForm(request.POST or None, initial=iniziali, ambito=request.ambito)
    if request.method == "POST" and form.is_valid():
        try:
            servizi.membro_update(membro=membro, actor=request.user, **form.cleaned_data)
        except RegolaViolata as exc:
            aggiungi_errore(form, exc)
        else:
            messages.success(request, _("Ruolo di %(utente)s aggiornato.") % {"utente": membro.utente})
            return redirect("membri_list", ambito_slug=ambito_slug)
    return render(request, "ambito/membri/membro_form.html", {"form": form, "membro": membro},
                  status=400 if form.errors else 200)


@richiede(GESTISCI)
def membro_revoke(request: HttpRequest, ambito_slug: str, membro_pk: int) -> HttpResponse:
    membro = membro_get(ambito=request.ambito, membro_pk=membro_pk)
    errore = None
    if request.method == "POST":
        try:
            servizi.membro_revoke(membro=membro, actor=request.user)
        except RegolaViolata as exc:
            errore = exc
        else:
            messages.success(request, _("L'accesso di %(utente)s all'Ambito è stato revocato.")
                             % {"utente": membro.utente})
            return redirect("membri_list", ambito_slug=ambito_slug)
    return render(request, "ambito/membri/membro_revoca.html", {"membro": membro, "errore": errore},
                  status=errore.status_code if errore else 200)
