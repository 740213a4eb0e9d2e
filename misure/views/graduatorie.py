"""Pages of the graduatorie part: the graduatorie of a bando (compute), the graduatoria page (sortable table
with the per-criterion breakdown, funding line, simulation panel, approval, scorrimento and publication
actions), the internal export with names. Reached from the bando page; staff only (``misure.graduatorie.gestisci``).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ambito.accounts.permissions import richiede
from ambito.errors import NonTrovato
from ambito.formato import euro
from ambito.web import azione_post, modulo
from misure import graduatorie_pubblico as pubblico
from misure.forms.graduatorie import AttoForm, CalcolaForm, ConfigurazioneForm, ScorrimentoForm, SimulaForm
from misure.graduatorie_uscite import csv_interno
from misure.models import Graduatoria
from misure.selectors import bandi as selettori_bandi
from misure.selectors import graduatorie as selettori
from misure.services import graduatorie as servizi

GESTISCI = servizi.GESTISCI
T_MODULO = "misure/bandi/modulo.html"
ORDINAMENTI = {"posizione": "ordine", "-punteggio": "-punteggio", "punteggio": "punteggio",
               "comune": "domanda__comune__denominazione", "esito": "esito",
               "strumento": "domanda__strumento__strumento__nome"}


def _graduatoria(request: HttpRequest, graduatoria_pk: int) -> Graduatoria:
    return selettori.graduatoria_get(ambito=request.ambito, pk=graduatoria_pk)


def _alla_graduatoria(g: Graduatoria) -> HttpResponse:
    return redirect("misure:graduatoria_detail", ambito_slug=g.ambito.slug, graduatoria_pk=g.pk)


@richiede(GESTISCI)
def graduatoria_list(request: HttpRequest, ambito_slug: str, bando_pk: int) -> HttpResponse:
    bando = selettori_bandi.bando_get(ambito=request.ambito, pk=bando_pk, solo_pubblicati=False)
    form = CalcolaForm(request.POST if request.method == "POST" else None, bando=bando)
    return modulo(request, form,
                  esegui=lambda d: servizi.graduatoria_compute(bando=bando, actor=request.user, **d),
                  messaggio=lambda g: _("Graduatoria calcolata: finanziati %(f)s su %(b)s.") % {
                      "f": euro(g.finanziato), "b": euro(g.budget)},
                  successo=_alla_graduatoria, template="misure/graduatorie/elenco.html",
                  contesto={"bando": bando, "graduatorie": selettori.graduatoria_list(bando=bando)})


@richiede(GESTISCI)
def graduatorie_configura(request: HttpRequest, ambito_slug: str, bando_pk: int) -> HttpResponse:
    bando = selettori_bandi.bando_get(ambito=request.ambito, pk=bando_pk, solo_pubblicati=False)
    iniziali = {"graduatoria_per": bando.graduatoria_per, "politica_finanziamento": bando.politica_finanziamento,
                "finanziamento_parziale": bando.finanziamento_parziale,
                "giorni_pubblicazione": bando.giorni_pubblicazione}
    form = ConfigurazioneForm(request.POST if request.method == "POST" else None, bando=bando, initial=iniziali)
    return modulo(request, form,
                  esegui=lambda _d: servizi.configurazione_set(bando=bando, actor=request.user,
                                                               **form.dati_servizio()),
                  messaggio=_("Configurazione delle graduatorie salvata."),
                  successo=lambda b: redirect("misure:graduatoria_list", ambito_slug=b.ambito.slug, bando_pk=b.pk),
                  template=T_MODULO, contesto={"titolo": _("Configurazione delle graduatorie"), "bando": bando})


def _criteri(g: Graduatoria) -> list[str]:
    return sorted({c for v in g.snapshot for c in (v.get("punti") or {})})


@richiede(GESTISCI)
@require_safe
def graduatoria_detail(request: HttpRequest, ambito_slug: str, graduatoria_pk: int) -> HttpResponse:
    g = _graduatoria(request, graduatoria_pk)
    ordina = request.GET.get("ordina", "posizione")
    campo = ORDINAMENTI.get(ordina, "ordine")
    posizioni = list(selettori.posizione_list(graduatoria=g).order_by(campo, "ordine"))
    criteri = _criteri(g)
    ultima_finanziata = max((p.ordine for p in posizioni if p.esito == "finanziata"), default=0)
    return render(request, "misure/graduatorie/dettaglio.html", {
        "g": g, "posizioni": posizioni, "criteri": criteri, "ordina": ordina, "linea": ultima_finanziata,
        "residuo": g.budget - g.finanziato, "simulazioni": _simulazioni(g),
        "form_simula": SimulaForm(criteri=criteri), "form_atto": AttoForm(ambito=request.ambito),
        "form_scorrimento": ScorrimentoForm(ambito=request.ambito),
        "hash_verificato": servizi.verifica_hash(g), "richiesta": _richiesta_in_attesa(request, g),
        "scorrimenti": g.scorrimenti.select_related("atto").order_by("quando", "pk")})


def _simulazioni(g: Graduatoria) -> list:
    """The saved what-ifs, each with its euros per comune by name (stored by comune id), in two queries."""
    from ambito.territorio.selectors import comuni_tutti

    simulazioni = list(g.simulazioni.all()[:20])
    ids = {int(k) for s in simulazioni for k in (s.risultato.get("per_comune_simulato") or {})}
    nomi = dict(comuni_tutti().filter(pk__in=ids).values_list("pk", "denominazione"))
    for s in simulazioni:
        s.euro_per_comune = sorted((nomi.get(int(k), k), v)
                                   for k, v in (s.risultato.get("per_comune_simulato") or {}).items())
    return simulazioni


def _richiesta_in_attesa(request: HttpRequest, g: Graduatoria):
    """The pending two-person approval of the definitive graduatoria, linked from the page (None if none)."""
    from ambito.approvazioni.selectors import richiesta_in_attesa_per

    if g.stato != "provvisoria":
        return None
    return richiesta_in_attesa_per(ambito=request.ambito, oggetto=g, tipo=servizi.TIPO_APPROVAZIONE)


@richiede(GESTISCI)
@require_POST
def graduatoria_ricalcola(request: HttpRequest, ambito_slug: str, graduatoria_pk: int) -> HttpResponse:
    g = _graduatoria(request, graduatoria_pk)
    return azione_post(request, esegui=lambda: servizi.graduatoria_compute(bando=g.bando, actor=request.user,
                                                                           graduatoria=g),
                       messaggio=_("Graduatoria ricalcolata."), ritorno=_alla_graduatoria(g))


@richiede(GESTISCI)
def graduatoria_simula(request: HttpRequest, ambito_slug: str, graduatoria_pk: int) -> HttpResponse:
    g = _graduatoria(request, graduatoria_pk)
    form = SimulaForm(request.POST or None, criteri=_criteri(g))
    return modulo(request, form,
                  esegui=lambda d: servizi.simulazione_create(graduatoria=g, actor=request.user, nome=d["nome"],
                                                              modifiche=form.modifiche()),
                  messaggio=_("Simulazione salvata: le domande non cambiano."),
                  successo=lambda _s: _alla_graduatoria(g),
                  template=T_MODULO, contesto={"titolo": _("Simulazione su %(g)s") % {"g": g}})


@richiede(GESTISCI)
@require_POST
def simulazione_promuovi(request: HttpRequest, ambito_slug: str, graduatoria_pk: int,
                         simulazione_pk: int) -> HttpResponse:
    g = _graduatoria(request, graduatoria_pk)
    simulazione = selettori.simulazione_get(graduatoria=g, pk=simulazione_pk)
    return azione_post(request, esegui=lambda: servizi.simulazione_promuovi(simulazione=simulazione,
                                                                            actor=request.user),
                       messaggio=_("Parametri della simulazione applicati alla bozza."), ritorno=_alla_graduatoria(g))


def _con_atto(request: HttpRequest, g: Graduatoria, esegui, messaggio: str, form_class=AttoForm) -> HttpResponse:
    form = form_class(request.POST, ambito=request.ambito)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errori in form.errors.values() for e in errori))
        return _alla_graduatoria(g)
    return azione_post(request, esegui=lambda: esegui(form.cleaned_data), messaggio=messaggio,
                       ritorno=_alla_graduatoria(g))


@richiede(GESTISCI)
@require_POST
def graduatoria_provvisoria(request: HttpRequest, ambito_slug: str, graduatoria_pk: int) -> HttpResponse:
    g = _graduatoria(request, graduatoria_pk)
    return _con_atto(request, g, lambda d: servizi.graduatoria_approva_provvisoria(
        graduatoria=g, atto=d["atto"], actor=request.user),
        _("Graduatoria provvisoria approvata e pubblicata."))


@richiede(GESTISCI)
@require_POST
def graduatoria_definitiva(request: HttpRequest, ambito_slug: str, graduatoria_pk: int) -> HttpResponse:
    g = _graduatoria(request, graduatoria_pk)
    return _con_atto(request, g, lambda d: servizi.graduatoria_richiedi_definitiva(
        graduatoria=g, atto=d["atto"], actor=request.user),
        _("Richiesta di approvazione definitiva inviata: decide una seconda persona."))


@richiede(GESTISCI)
@require_POST
def graduatoria_scorrimento(request: HttpRequest, ambito_slug: str, graduatoria_pk: int) -> HttpResponse:
    g = _graduatoria(request, graduatoria_pk)
    return _con_atto(request, g, lambda d: servizi.scorrimento_create(
        graduatoria=g, atto=d["atto"], actor=request.user, somma=d.get("somma") or 0,
        usa_residui=d.get("usa_residui", False)), _("Scorrimento registrato."), form_class=ScorrimentoForm)


def _file(contenuto: bytes, tipo: str, nome: str) -> HttpResponse:
    risposta = HttpResponse(contenuto, content_type=tipo)
    risposta["Content-Disposition"] = f'attachment; filename="{nome}"'
    return risposta


@richiede(GESTISCI)
@require_safe
def graduatoria_pubblicazione(request: HttpRequest, ambito_slug: str, graduatoria_pk: int,
                              formato: str) -> HttpResponse:
    """The publication PDF/CSV (the same bytes the public page serves), also before publication."""
    g = _graduatoria(request, graduatoria_pk)
    dati = pubblico.dati_pubblici(g)
    if formato == "pdf":
        return _file(pubblico.pdf_pubblico(dati, request.ambito), "application/pdf", f"graduatoria-{g.pk}.pdf")
    if formato == "csv":
        return _file(pubblico.csv_pubblico(dati, request.ambito), "text/csv; charset=utf-8",
                     f"graduatoria-{g.pk}.csv")
    raise NonTrovato()


@richiede(GESTISCI, "misure.beneficiari.vedi")
@require_safe
def graduatoria_export_interno(request: HttpRequest, ambito_slug: str, graduatoria_pk: int) -> HttpResponse:
    g = _graduatoria(request, graduatoria_pk)
    return _file(csv_interno(g), "text/csv; charset=utf-8", f"graduatoria-{g.pk}-interna.csv")


urlpatterns = [
    path("bandi/<int:bando_pk>/graduatorie/", graduatoria_list, name="graduatoria_list"),
    path("bandi/<int:bando_pk>/graduatorie/configura/", graduatorie_configura, name="graduatorie_configure"),
    path("graduatorie/<int:graduatoria_pk>/", graduatoria_detail, name="graduatoria_detail"),
    path("graduatorie/<int:graduatoria_pk>/ricalcola/", graduatoria_ricalcola, name="graduatoria_recompute"),
    path("graduatorie/<int:graduatoria_pk>/simula/", graduatoria_simula, name="graduatoria_simulate"),
    path("graduatorie/<int:graduatoria_pk>/simulazioni/<int:simulazione_pk>/promuovi/", simulazione_promuovi,
         name="simulazione_promote"),
    path("graduatorie/<int:graduatoria_pk>/provvisoria/", graduatoria_provvisoria, name="graduatoria_provisional"),
    path("graduatorie/<int:graduatoria_pk>/definitiva/", graduatoria_definitiva, name="graduatoria_final"),
    path("graduatorie/<int:graduatoria_pk>/scorrimento/", graduatoria_scorrimento, name="graduatoria_scroll"),
    path("graduatorie/<int:graduatoria_pk>/pubblicazione.<str:formato>", graduatoria_pubblicazione,
         name="graduatoria_publication"),
    path("graduatorie/<int:graduatoria_pk>/interna.csv", graduatoria_export_interno, name="graduatoria_export"),
]


@richiede("misure.domande.vedi")
@require_safe
def domanda_ricevuta(request: HttpRequest, ambito_slug: str, domanda_pk: int) -> HttpResponse:
    """The receipt of a submitted domanda (PDF): protocol, bando, strumento and the pseudonymous code the
    applicant uses to find their row in the published graduatoria."""
    from ambito.pdf import render_pdf
    from misure.selectors.domande import domanda_get

    domanda = domanda_get(ambito=request.ambito, pk=domanda_pk, comuni=request.contesto.comuni)
    if not domanda.protocollo_numero:
        raise NonTrovato(_("La domanda non è ancora stata presentata: la ricevuta non esiste."))
    pdf = render_pdf("misure/graduatorie/ricevuta_pdf.html", {"domanda": domanda}, ambito=request.ambito)
    return _file(pdf, "application/pdf", f"ricevuta-{domanda.protocollo_numero}-{domanda.protocollo_anno}.pdf")


urlpatterns.append(path("domande/<int:domanda_pk>/ricevuta.pdf", domanda_ricevuta, name="domanda_ricevuta"))
