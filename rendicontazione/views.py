"""Pages of the data returns, under /a/<ambito_slug>/rendicontazione/: the returns and their calendar, one
return's layout and productions, one production (progress, checks, diff, download, submission), the mapping."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ambito.accounts.permissions import richiede
from ambito.allegati.pannello import pannello_allegati
from ambito.files import risposta_file_privato
from ambito.formato import data_it, euro, numero_esatto, oggi
from ambito.forms import DataForm
from ambito.jobs.registry import tipo_mime
from ambito.scadenze.registry import scadenze_del_tipo, tipi_registrati
from ambito.web import conferma, modulo
from misure.selectors import beneficiari as misure_beneficiari
from misure.selectors import siuss as misure_siuss
from piani.selectors import solo_approvati_per
from rendicontazione import report, selectors, services
from rendicontazione.cruscotto import cruscotto_fondi
from rendicontazione.cruscotto_misure import cruscotto_misure
from rendicontazione.cruscotto_piano import obiettivi_cruscotto
from rendicontazione.forms import (
    ConfigurazioneWaaSForm,
    FiltroMisureForm,
    InviatoForm,
    InvioForm,
    StatistichePubblicheForm,
    TermineForm,
    VoceMappaturaForm,
)
from rendicontazione.mappabili import tipi_mappabili
from rendicontazione.registry import Periodo, ritorni, ritorno_get
from rendicontazione.scadenze import CODICE as CODICE_SCADENZE

VEDI = "rendicontazione.vedi"
GESTISCI = "rendicontazione.gestisci"


def _scadenze(request: HttpRequest, giorni: int = 180) -> list:
    tipo = next(t for t in tipi_registrati() if t.codice == CODICE_SCADENZE)
    adesso = oggi()
    return scadenze_del_tipo(tipo, ambito=request.ambito, dal=adesso - dt.timedelta(days=90),
                             al=adesso + dt.timedelta(days=giorni), oggi=adesso)


@richiede(VEDI)
@require_safe
def dashboard(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    return render(request, "rendicontazione/dashboard.html", {
        "ritorni": sorted(ritorni().values(), key=lambda r: str(r.etichetta)),
        "invii": _con_etichette(selectors.invio_list(ambito=request.ambito).defer(*PESANTI)[:20]),
        "scadenze": sorted(_scadenze(request), key=lambda s: s.data),
        "puo_gestire": request.contesto.puo(GESTISCI)})


@richiede(VEDI)
def ritorno_detail(request: HttpRequest, ambito_slug: str, ritorno_codice: str) -> HttpResponse:
    """The return's documented layout, its productions, and (for who may) the form to produce it."""
    codice = ritorno_codice
    ritorno = ritorno_get(codice)
    adesso = oggi()
    iniziale = {"anno": request.GET.get("anno") or adesso.year, "periodo": request.GET.get("periodo") or 1}
    form = InvioForm(request.POST or None, ritorno=ritorno, initial=iniziale)
    termine = selectors.termini_debito(ambito=request.ambito).get(codice)
    contesto = {"ritorno": ritorno, "invii": _con_etichette(selectors.invio_list(ambito=request.ambito, codice=codice)
                                                          .defer(*PESANTI)),
                "giorni_termine": termine.giorni if termine else ritorno.giorni_scadenza,
                "puo_gestire": request.contesto.puo(GESTISCI)}
    if request.method == "POST":
        request.contesto.richiedi(GESTISCI)
    return modulo(
        request, form,
        esegui=lambda _dati: services.invio_create(ambito=request.ambito, actor=request.user, codice=codice,
                                                   **form.dati_servizio()),
        messaggio=lambda invio: _("Produzione avviata: %(r)s, %(p)s. I controlli precedono il file.") % {
            "r": ritorno.etichetta, "p": Periodo(invio.anno, invio.periodo, ritorno.periodicita).etichetta},
        successo=lambda invio: redirect("rendicontazione:invio_detail", ambito_slug=ambito_slug, invio_pk=invio.pk),
        template="rendicontazione/ritorno.html", contesto=contesto)


@richiede(GESTISCI)
def termine_debito_set(request: HttpRequest, ambito_slug: str, ritorno_codice: str) -> HttpResponse:
    """The Ambito's own deadline for a return (the calendar and the reminders follow it)."""
    ritorno = ritorno_get(ritorno_codice)
    termine = selectors.termini_debito(ambito=request.ambito).get(ritorno_codice)
    iniziale = {"giorni": termine.giorni if termine else ritorno.giorni_scadenza,
                "note": termine.note if termine else ""}
    form = TermineForm(request.POST or None, initial=iniziale)
    return modulo(
        request, form,
        esegui=lambda dati: services.termine_debito_set(ambito=request.ambito, actor=request.user,
                                                        codice=ritorno_codice, **dati),
        messaggio=lambda t: _("Termine salvato: %(n)d giorni dopo la fine di ogni periodo.") % {"n": t.giorni},
        successo=lambda _t: redirect("rendicontazione:ritorno_detail", ambito_slug=ambito_slug,
                                     ritorno_codice=ritorno_codice),
        template="rendicontazione/termine.html", contesto={"ritorno": ritorno})


def _contesto_invio(request: HttpRequest, invio_pk: int) -> dict:
    invio = selectors.invio_get(ambito=request.ambito, pk=invio_pk)
    ritorno = ritorno_get(invio.codice)
    return {"invio": invio, "ritorno": ritorno, "periodo": Periodo(invio.anno, invio.periodo, ritorno.periodicita),
            "job": invio.job, "puo_gestire": request.contesto.puo(GESTISCI)}


PESANTI = ("sintesi", "anomalie", "parametri")  # a production's summary (up to 2,000 rows) and findings: not in lists


def _con_etichette(invii: Iterable) -> list:
    """The productions with their return's name and period as people say them ("1° semestre 2025")."""
    registrati = ritorni()
    elenco = list(invii)
    for invio in elenco:
        ritorno = registrati.get(invio.codice)
        invio.etichetta_ritorno = ritorno.etichetta if ritorno else invio.codice
        invio.etichetta_periodo = (Periodo(invio.anno, invio.periodo, ritorno.periodicita).etichetta if ritorno
                                   else f"{invio.anno}/{invio.periodo}")
    return elenco


def _valore_leggibile(tipo: str, testo: str | None) -> str:
    """A figure of the keyed summary (machine text: "1500.00", "2025-01-31") in Italian format."""
    if testo in (None, ""):
        return "—"
    try:
        if tipo == "euro":
            return euro(testo)
        if tipo == "decimale":
            return numero_esatto(testo)
        if tipo == "data":
            return data_it(dt.date.fromisoformat(testo))
    except (ValueError, ArithmeticError):
        pass
    return testo


def _cambiamenti(ritorno: type, differenze: list) -> list[dict]:
    """The differences as the page shows them: the row's key readable, each changed field by its label with the
    values before and after in Italian format."""
    campi = {c.nome: c for c in ritorno.tracciato}
    righe = []
    for d in differenze:
        stato = "nuova" if d.prima is None else "tolta" if d.dopo is None else "cambiata"
        cambiati = [(campi[n].etichetta if n in campi else n,
                     _valore_leggibile(campi[n].tipo if n in campi else "", d.prima.get(n)),
                     _valore_leggibile(campi[n].tipo if n in campi else "", d.dopo.get(n)))
                    for n in d.campi_cambiati]
        righe.append({"chiave": d.chiave.replace("|", " — "), "stato": stato, "campi": cambiati})
    return righe


@richiede(VEDI)
@require_safe
def invio_detail(request: HttpRequest, ambito_slug: str, invio_pk: int) -> HttpResponse:
    contesto = _contesto_invio(request, invio_pk)
    precedente, differenze = selectors.differenze(invio=contesto["invio"])
    return render(request, "rendicontazione/invio.html", {
        **contesto, "precedente": precedente, "differenze": differenze,
        "cambiamenti": _cambiamenti(contesto["ritorno"], differenze),
        "parametri": _parametri_leggibili(contesto["ritorno"], contesto["invio"].parametri),
        "allegati": pannello_allegati(request, contesto["invio"])})


def _parametri_leggibili(ritorno: Any, parametri: dict) -> list[tuple[str, str]]:
    """A production's own parameters as its form names them (label, and the choice's label)."""
    campi = ritorno.campi_parametri() if ritorno is not None else {}
    leggibili = []
    for nome, valore in parametri.items():
        campo = campi.get(nome)
        scelte = dict(getattr(campo, "choices", None) or ())
        leggibili.append((str(campo.label) if campo is not None and campo.label else nome,
                          str(scelte.get(valore, valore)) if valore not in (None, "") else "—"))
    return leggibili


@richiede(VEDI)
@require_safe
def invio_progress(request: HttpRequest, ambito_slug: str, invio_pk: int) -> HttpResponse:
    """The progress fragment the production page polls until the job ends."""
    return render(request, "rendicontazione/_avanzamento.html", _contesto_invio(request, invio_pk))


@richiede(GESTISCI)
@require_safe
def invio_download(request: HttpRequest, ambito_slug: str, invio_pk: int) -> HttpResponse:
    """The produced file (private storage), logging who downloaded it. Only for who produces the returns (as the
    jobs page asks for the same file): the files name people, with codici fiscali, ISEE values and SINA
    assessments, which members of the Assemblea — who see the returns' history and the dashboards — may not read."""
    invio = selectors.invio_get(ambito=request.ambito, pk=invio_pk)
    if invio.job is None or not invio.job.risultato:
        raise Http404("no file")
    services.scaricamento_record(invio=invio, actor=request.user)
    return risposta_file_privato(invio.job.risultato, nome=invio.job.nome_risultato,
                                 content_type=tipo_mime(invio.job.nome_risultato))


@richiede(GESTISCI)
def invio_mark_inviato(request: HttpRequest, ambito_slug: str, invio_pk: int) -> HttpResponse:
    contesto = _contesto_invio(request, invio_pk)
    invio = contesto["invio"]
    form = InviatoForm(request.POST or None, initial={"inviato_il": oggi()})
    return modulo(
        request, form,
        esegui=lambda dati: services.invio_mark_inviato(invio=invio, actor=request.user, **dati),
        messaggio=lambda i: _("File segnato come inviato, protocollo %(p)s. Allega la ricevuta, se ne hai una.")
        % {"p": i.protocollo},
        successo=lambda i: redirect("rendicontazione:invio_detail", ambito_slug=ambito_slug, invio_pk=i.pk),
        template="rendicontazione/inviato.html", contesto=contesto)


@richiede(VEDI)
@require_safe
def cruscotto(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    """The Assemblea's funds dashboard with the plan's objectives by status (``?formato=pdf``: the same figures,
    objectives included, as a PDF). Small counts are hidden from whoever does not manage the returns (mayors)."""
    filtro = DataForm(request.GET or None)
    data = filtro.data_scelta()
    sopprimi = not request.contesto.puo(GESTISCI)
    obiettivi = obiettivi_cruscotto(ambito=request.ambito, data=data,
                                    solo_approvati=solo_approvati_per(request.contesto))
    if request.GET.get("formato") == "pdf":
        pdf = report.pdf_posizione_fondi(ambito=request.ambito, data=data, sopprimi=sopprimi, obiettivi=obiettivi)
        risposta = HttpResponse(pdf, content_type="application/pdf")
        risposta["Content-Disposition"] = f'attachment; filename="cruscotto-fondi-{data:%Y%m%d}.pdf"'
        return risposta
    return render(request, "rendicontazione/cruscotto.html", {
        "cruscotto": cruscotto_fondi(ambito=request.ambito, data=data, sopprimi=sopprimi), "filtro": filtro,
        "obiettivi": obiettivi})


@richiede(VEDI)
@require_safe
def cruscotto_misure_view(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    """Domande, beneficiaries, waiting lists and time to decision by measure, area and comune (``?formato=pdf``:
    the same figures as a PDF). Small counts are hidden from whoever does not manage the returns (mayors)."""
    from misure.selectors import rendicontazione as misure_selectors

    misure = [(m.pk, m.nome) for m in misure_selectors.misura_mappabile_list(ambito=request.ambito)]
    filtro = FiltroMisureForm(request.GET or None, anni=misure_selectors.anni_con_domande(ambito=request.ambito),
                              misure=misure)
    anno, misura = filtro.scelte()
    sopprimi = not request.contesto.puo(GESTISCI)
    dati = cruscotto_misure(ambito=request.ambito, anno=anno, misura=misura, sopprimi=sopprimi)
    if request.GET.get("formato") == "pdf":
        risposta = HttpResponse(report.pdf_cruscotto_misure(ambito=request.ambito, cruscotto=dati),
                                content_type="application/pdf")
        risposta["Content-Disposition"] = f'attachment; filename="cruscotto-misure-{anno}.pdf"'
        return risposta
    return render(request, "rendicontazione/cruscotto_misure.html", {"cruscotto": dati, "filtro": filtro,
                                                                     "query": request.GET.urlencode()})


@richiede(GESTISCI)
def statistiche_pubbliche(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    """Switch on or off the public page with the aggregate figures of the measures dashboard (off by default)."""
    attiva = selectors.statistiche_pubbliche_attive(ambito=request.ambito)
    # POST may be empty (the box unticked): the form is bound on any POST.
    form = StatistichePubblicheForm(request.POST if request.method == "POST" else None, initial={"attiva": attiva})
    return modulo(
        request, form,
        esegui=lambda dati: services.statistiche_pubbliche_set(ambito=request.ambito, actor=request.user,
                                                               attiva=dati["attiva"]),
        messaggio=lambda s: _("Statistiche pubblicate nell'area pubblica.") if s.attiva
        else _("Statistiche non più pubblicate."),
        successo=lambda _s: redirect("rendicontazione:statistiche_pubbliche", ambito_slug=ambito_slug),
        template="rendicontazione/statistiche_pubbliche.html", contesto={"attiva": attiva})


# ---------------------------------------------------------------------------------------------
# The mapping table
# ---------------------------------------------------------------------------------------------


@richiede(VEDI)
@require_safe
def voce_mappatura_list(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    tipi = tipi_mappabili()
    etichette: dict[tuple[str, str], str] = {}
    for tipo in tipi.values():
        if tipo.scelte is not None:
            etichette.update({(tipo.codice, k): v for k, v in tipo.scelte(request.ambito)})
    voci = list(selectors.voce_mappatura_list(ambito=request.ambito))
    for voce in voci:
        tipo = tipi.get(voce.tipo_oggetto)
        voce.etichetta_tipo = tipo.etichetta if tipo else voce.tipo_oggetto
        voce.etichetta_oggetto = etichette.get((voce.tipo_oggetto, voce.chiave_oggetto), voce.chiave_oggetto)
    return render(request, "rendicontazione/mappatura.html", {
        "voci": voci, "puo_gestire": request.contesto.puo(GESTISCI)})


@richiede(GESTISCI)
def voce_mappatura_create(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    iniziale = {}
    if request.GET.get("tipo_oggetto"):
        iniziale["oggetto"] = f"{request.GET['tipo_oggetto']}|{request.GET.get('chiave_oggetto', '')}"
    form = VoceMappaturaForm(request.POST or None, ambito=request.ambito, initial=iniziale)
    return modulo(
        request, form,
        esegui=lambda _dati: services.voce_mappatura_create(ambito=request.ambito, actor=request.user,
                                                            **form.dati_servizio()),
        messaggio=lambda voce: _("Voce di mappatura registrata: %(d)s.") % {"d": voce.descrizione},
        successo=lambda voce: redirect("rendicontazione:voce_mappatura_list", ambito_slug=ambito_slug),
        template="rendicontazione/modulo.html", contesto={"titolo": _("Nuova voce di mappatura")})


@richiede(GESTISCI)
def voce_mappatura_edit(request: HttpRequest, ambito_slug: str, voce_mappatura_pk: int) -> HttpResponse:
    voce = selectors.voce_mappatura_get(ambito=request.ambito, pk=voce_mappatura_pk)
    iniziale = {campo: getattr(voce, campo) for campo in ("descrizione", *services.CAMPI_CODICI)}
    form = VoceMappaturaForm(request.POST or None, ambito=request.ambito, modifica=True, initial=iniziale)
    return modulo(
        request, form,
        esegui=lambda _dati: services.voce_mappatura_update(voce=voce, actor=request.user, **form.dati_servizio()),
        messaggio=_("Modifiche alla voce di mappatura salvate."),
        successo=lambda _voce: redirect("rendicontazione:voce_mappatura_list", ambito_slug=ambito_slug),
        template="rendicontazione/modulo.html", contesto={"titolo": _("Modifica voce di mappatura"), "voce": voce})


@richiede(GESTISCI)
def voce_mappatura_delete(request: HttpRequest, ambito_slug: str, voce_mappatura_pk: int) -> HttpResponse:
    voce = selectors.voce_mappatura_get(ambito=request.ambito, pk=voce_mappatura_pk)
    elenco = reverse("rendicontazione:voce_mappatura_list", kwargs={"ambito_slug": ambito_slug})
    return conferma(
        request, template="rendicontazione/elimina_voce.html", contesto={"voce": voce},
        esegui=lambda: services.voce_mappatura_delete(voce=voce, actor=request.user),
        messaggio=_("Voce di mappatura eliminata: %(d)s.") % {"d": voce.descrizione},
        successo=lambda _r: redirect(elenco))


# -- SIUSS: the WaaS feed's flows and INPS's outcomes, the ente settings ------------------------------------------


def _con_nomi(request: HttpRequest, flussi: list) -> list[tuple]:
    nomi = misure_siuss.nomi_beneficiari(ambito=request.ambito, ids={f.beneficiario_id for f in flussi})
    return [(f, nomi.get(f.beneficiario_id, "")) for f in flussi]


@richiede(GESTISCI)
@require_safe
def siuss(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    """The SIUSS page: the ente settings, the outbox events per quarter still to send, the flows offered to INPS
    with their outcomes, the events that cannot be built yet with the reason and the link to fix them, the outcomes
    INPS posted for flows the Ambito never offered."""
    non_abbinati = selectors.esito_non_abbinato_list(ambito=request.ambito)
    return render(request, "rendicontazione/siuss.html", {
        "trimestri": misure_siuss.eventi_siuss_per_trimestre(ambito=request.ambito,
                                                             dal=dt.date(oggi().year - 1, 1, 1)),
        "non_abbinati": list(non_abbinati[:50]), "non_abbinati_totale": non_abbinati.count(),
        "configurazione": selectors.configurazione_waas(ambito=request.ambito),
        "conteggi": selectors.flussi_waas_conteggi(ambito=request.ambito),
        "offerti": _con_nomi(request, list(selectors.flusso_waas_list(ambito=request.ambito, stato="offerto")[:50])),
        "scartati": _con_nomi(request, list(selectors.flusso_waas_list(ambito=request.ambito,
                                                                        stato="scartato")[:50])),
        "ritorno": ritorno_get("siuss")})


@richiede(GESTISCI)
@require_safe
def siuss_beneficiario(request: HttpRequest, ambito_slug: str, beneficiario_pk: int) -> HttpResponse:
    """One beneficiary's SIUSS flows and INPS's outcome of each."""
    beneficiario = misure_beneficiari.beneficiario_get(ambito=request.ambito, pk=beneficiario_pk)
    return render(request, "rendicontazione/siuss_beneficiario.html", {
        "beneficiario": beneficiario,
        "flussi": selectors.flusso_waas_list(ambito=request.ambito, beneficiario_id=beneficiario.pk)})


@richiede(GESTISCI)
def configurazione_waas(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    esistente = selectors.configurazione_waas(ambito=request.ambito)
    iniziale = {"attivo": True}
    if esistente is not None:
        iniziale = {c: getattr(esistente, c) for c in ("codice_ente", "belfiore_ente", "cf_operatore",
                                                        "denominazione_ente", "attivo", "pdnd_audience",
                                                        "pdnd_issuer", "pdnd_chiave_pubblica")}
    form = ConfigurazioneWaaSForm(request.POST or None, initial=iniziale)

    def esegui(dati: dict) -> object:
        token = dati.pop("token") or None
        if dati.pop("rimuovi_token"):
            token = ""
        return services.configurazione_waas_set(ambito=request.ambito, actor=request.user, token=token, **dati)

    return modulo(request, form, esegui=esegui,
                  messaggio=lambda c: _("Dati SIUSS salvati per l'ente %(e)s.") % {"e": c},
                  successo=lambda _c: redirect("rendicontazione:siuss", ambito_slug=ambito_slug),
                  template="rendicontazione/configurazione_waas.html",
                  contesto={"configurazione": esistente})
