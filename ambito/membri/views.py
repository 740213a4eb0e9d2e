"""Pages of an Ambito's members and invitations, under /a/<ambito_slug>/membri/, and the public page of an
invitation link.

Staff see the members; only the responsabile (``ambito.membri.gestisci``) invites, changes and
revokes. Objects are fetched through selectors filtered by ``request.ambito`` (another Ambito's
member is a 404) and changed through ``ambito.membri.services``.
"""

from __future__ import annotations

from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ambito.accounts.forms import NuovoAccountForm
from ambito.accounts.models import Invito, Membro
from ambito.accounts.permissions import richiede
from ambito.accounts.selectors import utente_per_email
from ambito.membri import selectors, services
from ambito.membri.forms import InvitoForm, MembroForm
from ambito.web import conferma, modulo

VEDI = "ambito.membri.vedi"
GESTISCI = "ambito.membri.gestisci"
PAGINA_INVITO = "registration/invito.html"


@richiede(VEDI)
def membri_list(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    return render(request, "ambito/membri/elenco.html", {
        "membri": selectors.membro_list(ambito=request.ambito),
        "inviti_in_attesa": selectors.invito_list(ambito=request.ambito).count(),
        "puo_gestire": request.contesto.puo(GESTISCI),
    })


@richiede(VEDI)
def inviti_list(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    return render(request, "ambito/membri/inviti.html", {
        "inviti": selectors.invito_list(ambito=request.ambito),
        "puo_gestire": request.contesto.puo(GESTISCI),
    })


@richiede(GESTISCI)
def invito_create(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    return modulo(
        request, InvitoForm(request.POST or None, ambito=request.ambito),
        esegui=lambda dati: services.invito_create(ambito=request.ambito, actor=request.user, **dati),
        messaggio=lambda invito: _("Invito inviato a %(email)s.") % {"email": invito.email},
        successo=lambda _invito: redirect("membri:inviti_list", ambito_slug=ambito_slug),
        template="ambito/membri/invito_form.html",
    )


@richiede(GESTISCI)
def invito_cancel(request: HttpRequest, ambito_slug: str, invito_pk: int) -> HttpResponse:
    invito = selectors.invito_get(ambito=request.ambito, pk=invito_pk)
    return conferma(
        request, template="ambito/membri/invito_annulla.html", contesto={"invito": invito},
        esegui=lambda: services.invito_cancel(invito=invito, actor=request.user),
        messaggio=_("L'invito a %(email)s è stato annullato.") % {"email": invito.email},
        successo=lambda _invito: redirect("membri:inviti_list", ambito_slug=ambito_slug),
    )


@richiede(GESTISCI)
def membro_edit(request: HttpRequest, ambito_slug: str, membro_pk: int) -> HttpResponse:
    membro = selectors.membro_get(ambito=request.ambito, pk=membro_pk)
    iniziali = {"ruolo": membro.ruolo, "comuni": list(membro.comuni.all()), "ente": membro.ente}
    return modulo(
        request, MembroForm(request.POST or None, initial=iniziali, ambito=request.ambito),
        esegui=lambda dati: services.membro_update(membro=membro, actor=request.user, **dati),
        messaggio=lambda aggiornato: _("Ruolo di %(utente)s aggiornato.") % {"utente": aggiornato.utente},
        successo=lambda _membro: redirect("membri:membri_list", ambito_slug=ambito_slug),
        template="ambito/membri/membro_form.html", contesto={"membro": membro},
    )


@richiede(GESTISCI)
def membro_revoke(request: HttpRequest, ambito_slug: str, membro_pk: int) -> HttpResponse:
    membro = selectors.membro_get(ambito=request.ambito, pk=membro_pk)
    return conferma(
        request, template="ambito/membri/membro_revoca.html", contesto={"membro": membro},
        esegui=lambda: services.membro_revoke(membro=membro, actor=request.user),
        messaggio=_("L'accesso di %(utente)s all'Ambito è stato revocato.") % {"utente": membro.utente},
        successo=lambda _membro: redirect("membri:membri_list", ambito_slug=ambito_slug),
    )


def invito_accetta(request: HttpRequest, token: str) -> HttpResponse:
    """Public page of an invitation link: join the Ambito (logged in) or create an account."""
    invito = selectors.invito_per_token(token=token)
    if invito is None:
        return render(request, PAGINA_INVITO, {"errore": _(
            "Questo link di invito non è valido: controlla di averlo copiato per intero.")}, status=404)
    if motivo := services.invito_motivo_non_valido(invito):
        return render(request, PAGINA_INVITO, {"invito": invito, "errore": motivo}, status=410)
    if request.user.is_authenticated:
        return _invito_accetta_con_account(request, invito)
    if utente_per_email(email=invito.email) is not None:  # they log in first, then accept
        return render(request, PAGINA_INVITO, {"invito": invito, "ha_account": True})
    return _invito_accetta_con_nuovo_account(request, invito)


def _benvenuto(invito: Invito) -> str:
    return _("Benvenuto nell'%(ambito)s.") % {"ambito": invito.ambito}


def _dashboard(membro: Membro) -> HttpResponse:
    return redirect("ui:dashboard", ambito_slug=membro.ambito.slug)


def _invito_accetta_con_account(request: HttpRequest, invito: Invito) -> HttpResponse:
    """A logged-in user joins with one button (the service checks the invitation is theirs)."""
    return conferma(
        request, template=PAGINA_INVITO, contesto={"invito": invito, "ha_account": False},
        esegui=lambda: services.invito_accept(invito=invito, actor=request.user),
        messaggio=_benvenuto(invito), successo=_dashboard,
    )


def _invito_accetta_con_nuovo_account(request: HttpRequest, invito: Invito) -> HttpResponse:
    """A new user chooses a name and a password, and is logged in once the account exists."""

    def entra(membro: Membro) -> HttpResponse:
        login(request, membro.utente, backend="django.contrib.auth.backends.ModelBackend")
        return _dashboard(membro)

    return modulo(
        request, NuovoAccountForm(request.POST or None, invito=invito),
        esegui=lambda dati: services.invito_accept(invito=invito, actor=None, nome=dati["nome"],
                                                   cognome=dati["cognome"], password=dati["password"]),
        messaggio=_benvenuto(invito), successo=entra,
        template=PAGINA_INVITO, contesto={"invito": invito, "ha_account": False},
    )
