"""Pages of the misure module: measures, bandi and their rules (owned by the bandi part; mounted by misure/urls.py).

Staff (``misure.bandi.gestisci``) create and edit measures, bandi, strumenti, documents and rules, publish and
close; whoever holds ``misure.vedi`` (assistenti sociali, Assemblea dei Sindaci) sees the measures and the
published bandi only (``selettori.solo_pubblicati_per``). Objects come from selectors filtered by the request's
Ambito: another Ambito's object is a 404.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ambito.accounts.permissions import richiede
from ambito.errors import RegolaViolata
from ambito.formato import data_it, euro
from ambito.forms import aggiungi_errore
from ambito.web import azione_post, conferma, modulo, pagina_modulo
from misure import modelli
from misure.bandi_forms import (
    AttoForm,
    BandoCreaForm,
    BandoForm,
    BandoPubblicatoForm,
    BudgetForm,
    DocumentoForm,
    EdizioneForm,
    MisuraCreaForm,
    MisuraForm,
    RegoleForm,
    StrumentoBandoForm,
    StrumentoCreaForm,
    StrumentoForm,
)
from misure.models import Bando, StatoBando
from misure.regole import valida_regole
from misure.regole.descrizione import descrivi_regole
from misure.selectors import bandi as selettori
from misure.services import bandi as servizi

VEDI = "misure.vedi"
GESTISCI = "misure.bandi.gestisci"
T_MODULO = "misure/bandi/modulo.html"


def _bando(request: HttpRequest, bando_pk: int) -> Bando:
    return selettori.bando_get(ambito=request.ambito, pk=bando_pk,
                               solo_pubblicati=selettori.solo_pubblicati_per(request.contesto))


def _al_bando(bando: Bando) -> HttpResponse:
    return redirect("misure:bando_detail", ambito_slug=bando.ambito.slug, bando_pk=bando.pk)


# --- measures ------------------------------------------------------------------------------------------

@richiede(VEDI)
@require_safe
def misura_list(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    return render(request, "misure/bandi/misure.html", {
        "misure": selettori.misura_list(ambito=request.ambito),
        "puo_gestire": request.contesto.puo(GESTISCI)})


@richiede(VEDI)
@require_safe
def misura_detail(request: HttpRequest, ambito_slug: str, misura_pk: int) -> HttpResponse:
    misura = selettori.misura_get(ambito=request.ambito, pk=misura_pk)
    edizioni = list(selettori.edizione_list(ambito=request.ambito, misura=misura))
    for edizione in edizioni:
        edizione.descritte = descrivi_regole(ammissibilita=edizione.regole_ammissibilita,
                                             punteggio=edizione.regole_punteggio,
                                             incompatibilita=edizione.regole_incompatibilita)
    return render(request, "misure/bandi/misura.html", {
        "misura": misura, "edizioni": edizioni,
        "bandi": selettori.bando_list(ambito=request.ambito, misura=misura,
                                      solo_pubblicati=selettori.solo_pubblicati_per(request.contesto)),
        "puo_gestire": request.contesto.puo(GESTISCI)})


@richiede(GESTISCI)
@require_POST
def modelli_create(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    return azione_post(request, esegui=lambda: modelli.modelli_create(ambito=request.ambito, actor=request.user),
                       messaggio=_("Modelli delle misure caricati: B2 2025, B1 (beneficio esterno), Dopo di Noi, "
                                   "PRO.VI, voucher e misura locale. Quelli già presenti non sono stati toccati."),
                       ritorno=redirect("misure:misura_list", ambito_slug=ambito_slug))


def _alla_misura(misura: Any) -> HttpResponse:
    return redirect("misure:misura_detail", ambito_slug=misura.ambito.slug, misura_pk=misura.pk)


@richiede(GESTISCI)
def misura_create(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    form = MisuraCreaForm(request.POST or None)
    return modulo(request, form,
                  esegui=lambda dati: servizi.misura_create(ambito=request.ambito, actor=request.user, **dati),
                  messaggio=lambda m: _("Misura registrata: %(m)s.") % {"m": m}, successo=_alla_misura,
                  template=T_MODULO, contesto={"titolo": _("Nuova misura")})


@richiede(GESTISCI)
def misura_edit(request: HttpRequest, ambito_slug: str, misura_pk: int) -> HttpResponse:
    misura = selettori.misura_get(ambito=request.ambito, pk=misura_pk)
    form = MisuraForm(request.POST or None, initial={k: getattr(misura, k) for k in MisuraForm.base_fields})
    return modulo(request, form, esegui=lambda dati: servizi.misura_update(misura=misura, actor=request.user, **dati),
                  messaggio=_("Modifiche alla misura salvate."), successo=_alla_misura, template=T_MODULO,
                  contesto={"titolo": _("Modifica la misura %(m)s") % {"m": misura}})


def _regole_edizione(esegui: Any) -> Any:
    """Run a service on an edition; invalid default rules are reported with their first path."""
    def eseguito(dati: dict) -> Any:
        try:
            return esegui(dati)
        except servizi.RegoleNonValide as exc:
            primo = exc.errori[0]
            campo = {"ammissibilita": "regole_ammissibilita", "punteggio": "regole_punteggio",
                     "incompatibilita": "regole_incompatibilita"}[primo.percorso.split(".")[0].split("[")[0]]
            raise RegolaViolata(f"{primo.percorso}: {primo.messaggio}", campo=campo) from exc
    return eseguito


@richiede(GESTISCI)
def edizione_create(request: HttpRequest, ambito_slug: str, misura_pk: int) -> HttpResponse:
    misura = selettori.misura_get(ambito=request.ambito, pk=misura_pk)
    form = EdizioneForm(request.POST or None)
    return modulo(request, form,
                  esegui=_regole_edizione(lambda dati: servizi.edizione_create(misura=misura, actor=request.user,
                                                                              **dati)),
                  messaggio=lambda e: _("Edizione registrata: %(e)s.") % {"e": e},
                  successo=lambda e: _alla_misura(misura), template=T_MODULO,
                  contesto={"titolo": _("Nuova edizione di %(m)s") % {"m": misura}})


@richiede(GESTISCI)
def edizione_edit(request: HttpRequest, ambito_slug: str, edizione_pk: int) -> HttpResponse:
    edizione = selettori.edizione_get(ambito=request.ambito, pk=edizione_pk)
    form = EdizioneForm(request.POST or None, initial=EdizioneForm.iniziali(edizione))
    return modulo(request, form,
                  esegui=_regole_edizione(lambda dati: servizi.edizione_update(edizione=edizione, actor=request.user,
                                                                              **dati)),
                  messaggio=_("Modifiche all'edizione salvate: valgono per i bandi creati da ora."),
                  successo=lambda e: _alla_misura(edizione.misura), template=T_MODULO,
                  contesto={"titolo": _("Modifica l'edizione %(e)s") % {"e": edizione}})


@richiede(GESTISCI)
def strumento_create(request: HttpRequest, ambito_slug: str, edizione_pk: int) -> HttpResponse:
    edizione = selettori.edizione_get(ambito=request.ambito, pk=edizione_pk)
    form = StrumentoCreaForm(request.POST or None)
    return modulo(request, form,
                  esegui=lambda dati: servizi.strumento_create(edizione=edizione, actor=request.user, **dati),
                  messaggio=lambda st: _("Strumento registrato: %(s)s.") % {"s": st},
                  successo=lambda st: _alla_misura(edizione.misura), template=T_MODULO,
                  contesto={"titolo": _("Nuovo strumento di %(e)s") % {"e": edizione}})


@richiede(GESTISCI)
def strumento_edit(request: HttpRequest, ambito_slug: str, strumento_edizione_pk: int) -> HttpResponse:
    strumento = selettori.strumento_get(ambito=request.ambito, pk=strumento_edizione_pk)
    form = StrumentoForm(request.POST or None, initial=StrumentoForm.iniziali(strumento))
    return modulo(request, form,
                  esegui=lambda dati: servizi.strumento_update(strumento=strumento, actor=request.user, **dati),
                  messaggio=_("Modifiche allo strumento salvate."),
                  successo=lambda st: _alla_misura(strumento.edizione.misura), template=T_MODULO,
                  contesto={"titolo": _("Modifica lo strumento %(s)s") % {"s": strumento}})


# --- bandi ---------------------------------------------------------------------------------------------

@richiede(VEDI)
@require_safe
def bando_list(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    stato = request.GET.get("stato", "")
    stato = stato if stato in StatoBando.values else ""
    solo_pubblicati = selettori.solo_pubblicati_per(request.contesto)
    return render(request, "misure/bandi/bandi.html", {
        "bandi": selettori.bando_list(ambito=request.ambito, solo_pubblicati=solo_pubblicati, stato=stato),
        "stato": stato, "stati": StatoBando.choices, "solo_pubblicati": solo_pubblicati,
        "puo_gestire": request.contesto.puo(GESTISCI)})


@richiede(VEDI)
@require_safe
def bando_detail(request: HttpRequest, ambito_slug: str, bando_pk: int) -> HttpResponse:
    bando = _bando(request, bando_pk)
    puo_gestire = request.contesto.puo(GESTISCI)
    versioni = list(selettori.versione_list(bando=bando))
    corrente = next((v for v in versioni if v.congelata), versioni[-1] if versioni else None)
    return render(request, "misure/bandi/bando.html", {
        "bando": bando, "strumenti": selettori.strumento_bando_list(bando=bando),
        "documenti": selettori.documento_list(bando=bando), "versioni": versioni, "corrente": corrente,
        "in_bozza": next((v for v in versioni if not v.congelata), None),
        "descritte": corrente and descrivi_regole(ammissibilita=corrente.regole_ammissibilita,
                                                  punteggio=corrente.regole_punteggio,
                                                  incompatibilita=corrente.regole_incompatibilita),
        "quote": selettori.quote_del_bando(bando=bando) if puo_gestire else [],
        "puo_gestire": puo_gestire, "bozza": bando.stato == StatoBando.BOZZA,
        "puo_vedere_domande": request.contesto.puo("misure.domande.vedi")})


@richiede(GESTISCI)
def bando_create(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    form = BandoCreaForm(request.POST or None, ambito=request.ambito,
                         initial={"edizione": request.GET.get("edizione", "")[:12]})
    return modulo(request, form,
                  esegui=lambda dati: servizi.bando_create(actor=request.user, **dati),
                  messaggio=lambda bando: _("Bando creato in bozza: %(b)s. Le regole partono da quelle "
                                            "dell'edizione.") % {"b": bando},
                  successo=_al_bando, template=T_MODULO, contesto={"titolo": _("Nuovo bando")})


@richiede(GESTISCI)
def bando_edit(request: HttpRequest, ambito_slug: str, bando_pk: int) -> HttpResponse:
    bando = _bando(request, bando_pk)
    if bando.stato == StatoBando.BOZZA:
        form: Any = BandoForm(request.POST or None, ambito=request.ambito,
                              initial={k: getattr(bando, k) for k in BandoForm.base_fields})
    else:
        form = BandoPubblicatoForm(request.POST or None,
                                   initial={k: getattr(bando, k) for k in BandoPubblicatoForm.base_fields})
    return modulo(request, form,
                  esegui=lambda dati: servizi.bando_update(bando=bando, actor=request.user, **dati),
                  messaggio=_("Modifiche al bando salvate."), successo=_al_bando, template=T_MODULO,
                  contesto={"titolo": _("Modifica il bando"), "bando": bando})


@richiede(GESTISCI)
def strumento_bando_add(request: HttpRequest, ambito_slug: str, bando_pk: int) -> HttpResponse:
    bando = _bando(request, bando_pk)
    form = StrumentoBandoForm(request.POST or None, bando=bando)
    return modulo(request, form,
                  esegui=lambda dati: servizi.strumento_bando_add(bando=bando, actor=request.user, **dati),
                  messaggio=lambda offerto: _("Strumento aggiunto al bando: %(s)s.") % {"s": offerto},
                  successo=lambda offerto: _al_bando(bando), template=T_MODULO,
                  contesto={"titolo": _("Aggiungi uno strumento"), "bando": bando})


@richiede(GESTISCI)
@require_POST
def strumento_bando_remove(request: HttpRequest, ambito_slug: str, bando_pk: int, offerto_pk: int) -> HttpResponse:
    bando = _bando(request, bando_pk)
    offerto = selettori.strumento_bando_get(bando=bando, pk=offerto_pk)
    return azione_post(request, esegui=lambda: servizi.strumento_bando_remove(offerto=offerto, actor=request.user),
                       messaggio=_("Strumento tolto dal bando: %(s)s.") % {"s": offerto}, ritorno=_al_bando(bando))


@richiede(GESTISCI)
def documento_create(request: HttpRequest, ambito_slug: str, bando_pk: int) -> HttpResponse:
    bando = _bando(request, bando_pk)
    form = DocumentoForm(request.POST or None, bando=bando)
    return modulo(request, form,
                  esegui=lambda dati: servizi.documento_create(bando=bando, actor=request.user, **dati),
                  messaggio=lambda doc: _("Documento richiesto aggiunto: %(d)s.") % {"d": doc},
                  successo=lambda doc: _al_bando(bando), template=T_MODULO,
                  contesto={"titolo": _("Richiedi un documento"), "bando": bando})


@richiede(GESTISCI)
@require_POST
def documento_delete(request: HttpRequest, ambito_slug: str, bando_pk: int, documento_pk: int) -> HttpResponse:
    bando = _bando(request, bando_pk)
    documento = selettori.documento_get(bando=bando, pk=documento_pk)
    return azione_post(request, esegui=lambda: servizi.documento_delete(documento=documento, actor=request.user),
                       messaggio=_("Documento non più richiesto: %(d)s.") % {"d": documento},
                       ritorno=_al_bando(bando))


@richiede(GESTISCI)
@require_POST
def documenti_da_modello(request: HttpRequest, ambito_slug: str, bando_pk: int) -> HttpResponse:
    bando = _bando(request, bando_pk)
    return azione_post(request, esegui=lambda: modelli.documenti_da_modello(bando=bando, actor=request.user),
                       messaggio=lambda creati: _("Documenti del modello aggiunti: %(n)s.") % {"n": len(creati)},
                       ritorno=_al_bando(bando))


# --- rules ---------------------------------------------------------------------------------------------

@richiede(GESTISCI)
def regole_edit(request: HttpRequest, ambito_slug: str, bando_pk: int) -> HttpResponse:
    """The rules editor: the version being drafted, as three JSON sets, checked live (htmx) and on save."""
    bando = _bando(request, bando_pk)
    versione = selettori.versione_in_bozza(bando)
    corrente = selettori.versione_corrente(bando)
    contesto = {"bando": bando, "versione": versione, "corrente": corrente,
                "descritte": descrivi_regole(ammissibilita=corrente.regole_ammissibilita,
                                             punteggio=corrente.regole_punteggio,
                                             incompatibilita=corrente.regole_incompatibilita)}
    if versione is None:
        return render(request, "misure/bandi/regole.html", {**contesto, "form": None})
    form = RegoleForm(request.POST or None, initial=RegoleForm.iniziali(versione))
    if request.method == "POST" and form.is_valid():
        try:
            servizi.versione_update(versione=versione, actor=request.user, **form.cleaned_data)
        except servizi.RegoleNonValide as exc:
            aggiungi_errore(form, RegolaViolata(exc.messaggio))
            return pagina_modulo(request, "misure/bandi/regole.html", {**contesto, "errori": exc.errori}, form)
        from django.contrib import messages

        messages.success(request, _("Regole salvate (versione %(n)s, ancora modificabile).") % {"n": versione.numero})
        return redirect("misure:regole_edit", ambito_slug=ambito_slug, bando_pk=bando.pk)
    return pagina_modulo(request, "misure/bandi/regole.html", contesto, form)


@richiede(GESTISCI)
@require_POST
def regole_verifica(request: HttpRequest, ambito_slug: str, bando_pk: int) -> HttpResponse:
    """Live validation (htmx): the errors of the posted rule sets, each with its path; nothing is saved."""
    _bando(request, bando_pk)
    form = RegoleForm(request.POST)
    errori = valida_regole(**form.cleaned_data) if form.is_valid() else []
    return render(request, "misure/bandi/_esito_regole.html", {"form": form, "errori": errori,
                                                               "verificato": True})


@richiede(GESTISCI)
@require_POST
def versione_new(request: HttpRequest, ambito_slug: str, bando_pk: int) -> HttpResponse:
    bando = _bando(request, bando_pk)
    return azione_post(request, esegui=lambda: servizi.versione_new(bando=bando, actor=request.user),
                       messaggio=lambda v: _("Nuova versione %(n)s delle regole in preparazione: entra in vigore con "
                                             "l'atto che la approva.") % {"n": v.numero},
                       ritorno=redirect("misure:regole_edit", ambito_slug=ambito_slug, bando_pk=bando.pk))


@richiede(GESTISCI)
def versione_approve(request: HttpRequest, ambito_slug: str, bando_pk: int) -> HttpResponse:
    bando = _bando(request, bando_pk)
    versione = selettori.versione_in_bozza(bando)
    if versione is None:
        return _al_bando(bando)
    form = AttoForm(request.POST or None, ambito=request.ambito)
    return modulo(request, form,
                  esegui=lambda dati: servizi.versione_approve(versione=versione, actor=request.user, **dati),
                  messaggio=lambda v: _("Versione %(n)s delle regole in vigore, approvata con %(a)s.")
                  % {"n": v.numero, "a": v.atto},
                  successo=lambda v: _al_bando(bando), template=T_MODULO,
                  contesto={"titolo": _("Metti in vigore la versione %(n)s delle regole") % {"n": versione.numero},
                            "bando": bando, "spiegazione": _(
                                "Le domande già valutate conservano la versione con cui sono state giudicate; "
                                "le nuove valutazioni useranno questa.")})


@richiede(GESTISCI)
def bando_publish(request: HttpRequest, ambito_slug: str, bando_pk: int) -> HttpResponse:
    """Confirm page: the act approving the bando, then publication (rules frozen)."""
    bando = _bando(request, bando_pk)
    form = AttoForm(request.POST or None, ambito=request.ambito, initial={"atto": bando.atto_id})
    versione = selettori.versione_corrente(bando)
    errori = valida_regole(ammissibilita=versione.regole_ammissibilita, punteggio=versione.regole_punteggio,
                           incompatibilita=versione.regole_incompatibilita)
    return modulo(request, form,
                  esegui=lambda dati: servizi.bando_publish(bando=bando, actor=request.user, **dati),
                  messaggio=lambda b: _("Bando pubblicato: %(b)s, approvato con %(a)s. Le regole (versione %(n)s) "
                                        "sono ora congelate.") % {"b": b, "a": b.atto, "n": versione.numero},
                  successo=_al_bando, template="misure/bandi/pubblica.html",
                  contesto={"bando": bando, "versione": versione, "errori": errori,
                            "strumenti": selettori.strumento_bando_list(bando=bando)})


@richiede(GESTISCI)
def bando_close(request: HttpRequest, ambito_slug: str, bando_pk: int) -> HttpResponse:
    bando = _bando(request, bando_pk)
    return conferma(request, template="misure/bandi/chiudi.html", contesto={"bando": bando},
                    esegui=lambda: servizi.bando_close(bando=bando, actor=request.user),
                    messaggio=lambda b: _("Bando chiuso il %(d)s: non si presentano più domande.")
                    % {"d": data_it(b.chiusura)},
                    successo=_al_bando)


@richiede(GESTISCI)
def bando_budget_add(request: HttpRequest, ambito_slug: str, bando_pk: int) -> HttpResponse:
    bando = _bando(request, bando_pk)
    form = BudgetForm(request.POST or None, ambito=request.ambito)
    return modulo(request, form,
                  esegui=lambda dati: servizi.bando_budget_add(bando=bando, actor=request.user, **dati),
                  messaggio=lambda quota: _("Quota dei fondi allocata al bando: %(i)s da %(a)s.")
                  % {"i": euro(form.cleaned_data["importo"]), "a": form.cleaned_data["assegnazione"]},
                  successo=lambda quota: _al_bando(bando), template=T_MODULO,
                  contesto={"titolo": _("Finanzia il bando con una quota dei fondi"), "bando": bando})


def url_bando(bando: Bando) -> str:
    return reverse("misure:bando_detail", kwargs={"ambito_slug": bando.ambito.slug, "bando_pk": bando.pk})


urlpatterns = [
    path("misure/", misura_list, name="misura_list"),
    path("misure/modelli/", modelli_create, name="modelli_create"),
    path("misure/nuova/", misura_create, name="misura_create"),
    path("misure/<int:misura_pk>/", misura_detail, name="misura_detail"),
    path("misure/<int:misura_pk>/modifica/", misura_edit, name="misura_edit"),
    path("misure/<int:misura_pk>/edizioni/nuova/", edizione_create, name="edizione_create"),
    path("edizioni/<int:edizione_pk>/modifica/", edizione_edit, name="edizione_edit"),
    path("edizioni/<int:edizione_pk>/strumenti/nuovo/", strumento_create, name="strumento_create"),
    path("strumenti/<int:strumento_edizione_pk>/modifica/", strumento_edit, name="strumento_edit"),
    path("bandi/", bando_list, name="bando_list"),
    path("bandi/nuovo/", bando_create, name="bando_create"),
    path("bandi/<int:bando_pk>/", bando_detail, name="bando_detail"),
    path("bandi/<int:bando_pk>/modifica/", bando_edit, name="bando_edit"),
    path("bandi/<int:bando_pk>/strumenti/nuovo/", strumento_bando_add, name="strumento_bando_add"),
    path("bandi/<int:bando_pk>/strumenti/<int:offerto_pk>/togli/", strumento_bando_remove,
         name="strumento_bando_remove"),
    path("bandi/<int:bando_pk>/documenti/nuovo/", documento_create, name="documento_create"),
    path("bandi/<int:bando_pk>/documenti/modello/", documenti_da_modello, name="documenti_da_modello"),
    path("bandi/<int:bando_pk>/documenti/<int:documento_pk>/elimina/", documento_delete, name="documento_delete"),
    path("bandi/<int:bando_pk>/regole/", regole_edit, name="regole_edit"),
    path("bandi/<int:bando_pk>/regole/verifica/", regole_verifica, name="regole_verifica"),
    path("bandi/<int:bando_pk>/regole/nuova-versione/", versione_new, name="versione_new"),
    path("bandi/<int:bando_pk>/regole/approva/", versione_approve, name="versione_approve"),
    path("bandi/<int:bando_pk>/pubblica/", bando_publish, name="bando_publish"),
    path("bandi/<int:bando_pk>/chiudi/", bando_close, name="bando_close"),
    path("bandi/<int:bando_pk>/budget/", bando_budget_add, name="bando_budget_add"),
]
