"""Pages of the territory, under /a/<ambito_slug>/territorio/: the Ambito's comuni at a date, its
sub-ambiti, the enti it works with, and its settings.

Everybody in the Ambito sees comuni and enti; staff register and edit enti; the responsabile
(``ambito.impostazioni.gestisci``) changes the settings, the comuni and the sub-ambiti.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ambito.accounts.permissions import richiede
from ambito.files import risposta_file_privato
from ambito.territorio import selectors, services
from ambito.territorio.forms import (
    AppartenenzaModificaForm,
    AppartenenzaNuovaForm,
    DataComuniForm,
    EnteForm,
    ImpostazioniForm,
    SubAmbitoForm,
)
from ambito.territorio.models import AppartenenzaComune, TipoEnte
from ambito.web import azione_post, modulo

VEDI = "ambito.territorio.vedi"
ENTI = "ambito.enti.gestisci"
IMPOSTAZIONI = "ambito.impostazioni.gestisci"
GET_POST = require_http_methods(["GET", "POST"])


@require_GET
@richiede(VEDI)
def territorio(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    filtro = DataComuniForm(request.GET or None)
    data = filtro.data_scelta()
    return render(request, "ambito/territorio/comuni.html", {
        "filtro": filtro, "data": data,
        "appartenenze": selectors.appartenenza_list(ambito=request.ambito, data=data),
        "riepilogo": selectors.territorio_riepilogo(ambito=request.ambito, data=data),
        "puo_gestire": request.contesto.puo(IMPOSTAZIONI),
    })


@require_GET
@richiede(VEDI)
def comune_detail(request: HttpRequest, ambito_slug: str, comune_pk: int) -> HttpResponse:
    periodi = selectors.comune_periodi_get(ambito=request.ambito, pk=comune_pk)
    return render(request, "ambito/territorio/comune.html", {
        "comune": periodi[0].comune, "periodi": periodi, "puo_gestire": request.contesto.puo(IMPOSTAZIONI),
    })


@GET_POST
@richiede(IMPOSTAZIONI)
def comune_add(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    form = AppartenenzaNuovaForm(request.POST or None, ambito=request.ambito)
    return modulo(
        request, form,
        esegui=lambda dati: services.appartenenza_create(ambito=request.ambito, actor=request.user, **dati),
        messaggio=lambda appartenenza: _("%(comune)s aggiunto all'Ambito.") % {"comune": appartenenza.comune},
        successo=lambda _appartenenza: redirect("territorio:territorio", ambito_slug=ambito_slug),
        template="ambito/territorio/comune_form.html",
        contesto={"comuni_suggeriti": selectors.comuni_suggeriti(ambito=request.ambito)},
    )


def _appartenenza_update(request: HttpRequest, periodo: AppartenenzaComune, dati: dict[str, Any]) -> None:
    """The comune's sub-ambito, then the end of its period: the two changes the edit form makes."""
    services.appartenenza_set_sub_ambito(appartenenza=periodo, actor=request.user, sub_ambito=dati["sub_ambito"])
    services.appartenenza_close(appartenenza=periodo, actor=request.user, valido_al=dati["valido_al"])


@GET_POST
@richiede(IMPOSTAZIONI)
def comune_edit(request: HttpRequest, ambito_slug: str, comune_pk: int) -> HttpResponse:
    periodo = selectors.comune_periodi_get(ambito=request.ambito, pk=comune_pk)[0]
    form = AppartenenzaModificaForm(request.POST or None, ambito=request.ambito,
                                    initial={"valido_al": periodo.valido_al, "sub_ambito": periodo.sub_ambito})
    return modulo(
        request, form,
        esegui=lambda dati: _appartenenza_update(request, periodo, dati),
        messaggio=_("Appartenenza di %(comune)s aggiornata.") % {"comune": periodo.comune},
        successo=lambda _nulla: redirect("territorio:comune_detail", ambito_slug=ambito_slug, comune_pk=comune_pk),
        template="ambito/territorio/appartenenza_form.html", contesto={"periodo": periodo},
    )


@require_GET
@richiede(VEDI)
def enti_list(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    testo, tipo = request.GET.get("q", "").strip(), request.GET.get("tipo", "")
    enti = selectors.ente_list(ambito=request.ambito, q=testo, tipo=tipo if tipo in TipoEnte.values else "")
    return render(request, "ambito/territorio/enti.html", {
        "enti": enti, "testo": testo, "tipo": tipo, "tipi": TipoEnte.choices,
        "puo_gestire": request.contesto.puo(ENTI),
        "modificabili": {ente.pk for ente in enti
                         if selectors.ente_modificabile(ente=ente, ambito=request.ambito, utente=request.user)},
    })


@GET_POST
@richiede(ENTI)
def ente_create(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    form = EnteForm(request.POST or None, comuni=selectors.comune_list(ambito=request.ambito))
    return modulo(
        request, form,
        esegui=lambda dati: services.ente_create(ambito=request.ambito, actor=request.user, dati=dati),
        messaggio=lambda ente: _("Ente «%(ente)s» registrato.") % {"ente": ente},
        successo=lambda _ente: redirect("territorio:enti_list", ambito_slug=ambito_slug),
        template="ambito/territorio/ente_form.html",
    )


@GET_POST
@richiede(ENTI)
def ente_edit(request: HttpRequest, ambito_slug: str, ente_pk: int) -> HttpResponse:
    ente = selectors.ente_get(ambito=request.ambito, pk=ente_pk)
    if not selectors.ente_modificabile(ente=ente, ambito=request.ambito, utente=request.user):
        raise PermissionDenied(_("Solo l'Ambito che ha registrato l'ente può modificarlo."))
    iniziali = {campo: getattr(ente, campo) for campo in services.CAMPI_ENTE}
    form = EnteForm(request.POST or None, initial=iniziali, comuni=selectors.comune_list(ambito=request.ambito))
    return modulo(
        request, form,
        esegui=lambda dati: services.ente_update(ente=ente, ambito=request.ambito, actor=request.user, dati=dati),
        messaggio=lambda aggiornato: _("Ente «%(ente)s» aggiornato.") % {"ente": aggiornato},
        successo=lambda _ente: redirect("territorio:enti_list", ambito_slug=ambito_slug),
        template="ambito/territorio/ente_form.html", contesto={"ente": ente},
    )


@GET_POST
@richiede(IMPOSTAZIONI)
def impostazioni(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    iniziali = {campo: getattr(request.ambito, campo) for campo in services.CAMPI_IMPOSTAZIONI}
    form = ImpostazioniForm(request.POST or None, request.FILES or None, initial=iniziali)
    return modulo(
        request, form,
        esegui=lambda dati: services.ambito_impostazioni_update(
            ambito=request.ambito, actor=request.user,
            dati={campo: valore for campo, valore in dati.items() if campo in services.CAMPI_IMPOSTAZIONI},
            logo=dati["logo"], rimuovi_logo=dati["rimuovi_logo"]),
        messaggio=_("Impostazioni dell'Ambito salvate."),
        successo=lambda _ambito: redirect("territorio:impostazioni", ambito_slug=ambito_slug),
        template="ambito/territorio/impostazioni.html",
    )


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
    """The Ambito's sub-ambiti, and the form that creates one."""
    return modulo(
        request, SubAmbitoForm(request.POST or None),
        esegui=lambda dati: services.sub_ambito_create(ambito=request.ambito, actor=request.user, nome=dati["nome"]),
        messaggio=lambda sub_ambito: _("Sub-ambito «%(nome)s» creato.") % {"nome": sub_ambito.nome},
        successo=lambda _sub_ambito: redirect("territorio:sub_ambiti", ambito_slug=ambito_slug),
        template="ambito/territorio/sub_ambiti.html",
        contesto={"sub_ambiti": selectors.sub_ambito_list(ambito=request.ambito, data=timezone.localdate())},
    )


@GET_POST
@richiede(IMPOSTAZIONI)
def sub_ambito_edit(request: HttpRequest, ambito_slug: str, subambito_pk: int) -> HttpResponse:
    sub_ambito = selectors.sub_ambito_get(ambito=request.ambito, pk=subambito_pk)
    vecchio_nome = sub_ambito.nome
    return modulo(
        request, SubAmbitoForm(request.POST or None, initial={"nome": sub_ambito.nome}),
        esegui=lambda dati: services.sub_ambito_update(sub_ambito=sub_ambito, actor=request.user, nome=dati["nome"]),
        messaggio=lambda rinominato: _("Sub-ambito «%(vecchio)s» rinominato «%(nome)s».") % {
            "vecchio": vecchio_nome, "nome": rinominato.nome},
        successo=lambda _sub_ambito: redirect("territorio:sub_ambiti", ambito_slug=ambito_slug),
        template="ambito/territorio/sub_ambito_form.html", contesto={"sub_ambito": sub_ambito},
    )


@GET_POST
@richiede(IMPOSTAZIONI)
def sub_ambito_delete(request: HttpRequest, ambito_slug: str, subambito_pk: int) -> HttpResponse:
    """A confirmation page; its button deletes the sub-ambito."""
    sub_ambito = selectors.sub_ambito_get(ambito=request.ambito, pk=subambito_pk)
    if request.method != "POST":
        return render(request, "ambito/territorio/sub_ambito_elimina.html", {"sub_ambito": sub_ambito})
    return azione_post(
        request,
        esegui=lambda: services.sub_ambito_delete(sub_ambito=sub_ambito, actor=request.user),
        messaggio=_("Sub-ambito «%(nome)s» eliminato.") % {"nome": sub_ambito.nome},
        ritorno=redirect("territorio:sub_ambiti", ambito_slug=ambito_slug),
    )
