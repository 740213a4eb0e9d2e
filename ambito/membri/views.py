"""Pages of an Ambito's members and invitations, under /a/<ambito_slug>/membri/.

Staff see the members; only the responsabile (``ambito.membri.gestisci``) invites, changes and
revokes. Objects are fetched through selectors filtered by ``request.ambito`` (another Ambito's
member is a 404) and changed through ``ambito.membri.services``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ambito.accounts.forms import NuovoAccountForm
from ambito.accounts.permissions import richiede
from ambito.accounts.selectors import utente_per_email
from ambito.errors import RegolaViolata
from ambito.forms import aggiungi_errore
from ambito.membri import services as servizi
from ambito.membri.forms import InvitoForm, MembroForm
from ambito.membri.selectors import invito_get, invito_list, invito_per_token, membro_get, membro_list

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
            return redirect("membri:inviti_list", ambito_slug=ambito_slug)
    return render(request, "ambito/membri/invito_form.html", {"form": form}, status=400 if form.errors else 200)


@richiede(GESTISCI)
def invito_cancel(request: HttpRequest, ambito_slug: str, invito_pk: int) -> HttpResponse:
    invito = invito_get(ambito=request.ambito, pk=invito_pk)
    errore = None
    if request.method == "POST":
        try:
            servizi.invito_cancel(invito=invito, actor=request.user)
        except RegolaViolata as exc:
            errore = exc
        else:
            messages.success(request, _("L'invito a %(email)s è stato annullato.") % {"email": invito.email})
            return redirect("membri:inviti_list", ambito_slug=ambito_slug)
    return render(request, "ambito/membri/invito_annulla.html", {"invito": invito, "errore": errore},
                  status=errore.status_code if errore else 200)


@richiede(GESTISCI)
def membro_edit(request: HttpRequest, ambito_slug: str, membro_pk: int) -> HttpResponse:
    membro = membro_get(ambito=request.ambito, pk=membro_pk)
    iniziali = {"ruolo": membro.ruolo, "comuni": list(membro.comuni.all()), "ente": membro.ente}
    form = MembroForm(request.POST or None, initial=iniziali, ambito=request.ambito)
    if request.method == "POST" and form.is_valid():
        try:
            servizi.membro_update(membro=membro, actor=request.user, **form.cleaned_data)
        except RegolaViolata as exc:
            aggiungi_errore(form, exc)
        else:
            messages.success(request, _("Ruolo di %(utente)s aggiornato.") % {"utente": membro.utente})
            return redirect("membri:membri_list", ambito_slug=ambito_slug)
    return render(request, "ambito/membri/membro_form.html", {"form": form, "membro": membro},
                  status=400 if form.errors else 200)


@richiede(GESTISCI)
def membro_revoke(request: HttpRequest, ambito_slug: str, membro_pk: int) -> HttpResponse:
    membro = membro_get(ambito=request.ambito, pk=membro_pk)
    errore = None
    if request.method == "POST":
        try:
            servizi.membro_revoke(membro=membro, actor=request.user)
        except RegolaViolata as exc:
            errore = exc
        else:
            messages.success(request, _("L'accesso di %(utente)s all'Ambito è stato revocato.")
                             % {"utente": membro.utente})
            return redirect("membri:membri_list", ambito_slug=ambito_slug)
    return render(request, "ambito/membri/membro_revoca.html", {"membro": membro, "errore": errore},
                  status=errore.status_code if errore else 200)


def invito_accetta(request: HttpRequest, token: str) -> HttpResponse:
    """Public page of an invitation link: join the Ambito (logged in) or create an account."""
    invito = invito_per_token(token=token)
    if invito is None:
        return render(request, "registration/invito.html", {"errore": _(
            "Questo link di invito non è valido: controlla di averlo copiato per intero.")}, status=404)
    if motivo := servizi.invito_motivo_non_valido(invito):
        return render(request, "registration/invito.html", {"invito": invito, "errore": motivo}, status=410)
    utente = request.user if request.user.is_authenticated else None
    ha_account = utente is None and utente_per_email(email=invito.email) is not None
    form = NuovoAccountForm(request.POST or None, invito=invito) if utente is None and not ha_account else None
    contesto = {"invito": invito, "form": form, "ha_account": ha_account}
    if request.method == "POST" and not ha_account and (form is None or form.is_valid()):
        try:
            membro = servizi.invito_accept(invito=invito, actor=utente, **_dati_account(form))
        except RegolaViolata as exc:
            if form is None:
                return render(request, "registration/invito.html", {**contesto, "errore": exc.messaggio},
                              status=exc.status_code)
            aggiungi_errore(form, exc)
        else:
            if utente is None:
                login(request, membro.utente, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Benvenuto nell'%(ambito)s.") % {"ambito": invito.ambito})
            return redirect("ui:dashboard", ambito_slug=invito.ambito.slug)
    return render(request, "registration/invito.html", contesto, status=400 if form and form.errors else 200)


def _dati_account(form: NuovoAccountForm | None) -> dict[str, str]:
    if form is None:
        return {}
    return {k: form.cleaned_data[k] for k in ("nome", "cognome", "password")}
