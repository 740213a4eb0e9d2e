"""Pages of the misure module: beneficiari (owned by the beneficiari part; mounted by misure/urls.py).

Who sees what is the scope's: an assistente sociale reaches only residents of their comuni (another comune's
beneficiary is a 404, like another Ambito's), staff the whole Ambito. ISEE, certifications and declared external
benefits are shown only to holders of ``misure.sensibili.vedi`` and each view is logged
(``ambito.audit.sensibili``). Duplicate registration attempts are the office's list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ambito.accounts.permissions import richiede
from ambito.audit.sensibili import CategoriaSensibile, DatiSensibili, leggi_sensibili, leggi_sensibili_elenco
from ambito.audit.services import registra_lettura_sensibile
from ambito.tenancy.models import TipoISEE
from ambito.web import azione_post, modulo
from misure.codice_fiscale import maschera_codice_fiscale, nome_luogo
from misure.forms import beneficiari as forms
from misure.models import Beneficiario, TipoCertificazione
from misure.selectors import beneficiari as selectors
from misure.selectors import domande as selettori_domande
from misure.services import beneficiari as services

VEDI = "misure.beneficiari.vedi"
GESTISCI = "misure.beneficiari.gestisci"
SENSIBILI = "misure.sensibili.vedi"
UFFICIO = "misure.beneficiari.ufficio"
VEDI_DOMANDE = "misure.domande.vedi"
PRESENTA_DOMANDA = "misure.domande.presenta"
PER_PAGINA = 50
MODULO = "misure/beneficiari/modulo.html"


def _ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR")


def _alla_scheda(beneficiario: Beneficiario) -> HttpResponse:
    return redirect("misure:beneficiario_detail", beneficiario.ambito.slug, beneficiario.pk)


# --- List, create, detail, edit, transfer -------------------------------------------------------------------

@richiede(VEDI)
@require_safe
def beneficiario_list(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    filtro = forms.FiltroBeneficiariForm(request.GET or None, ambito=request.ambito)
    beneficiari = selectors.beneficiario_list(ambito=request.ambito, **filtro.filtri())
    pagina = Paginator(beneficiari, PER_PAGINA).get_page(request.GET.get("pagina"))
    parametri = urlencode({k: v for k, v in request.GET.items() if k != "pagina" and v})
    return render(request, "misure/beneficiari/elenco.html", {
        "filtro": filtro, "pagina": pagina, "parametri": parametri,
        "puo_gestire": request.contesto.puo(GESTISCI),
        "tentativi_da_gestire": selectors.tentativi_da_gestire(ambito=request.ambito)
        if request.contesto.puo(UFFICIO) else 0})


def _successivo(request: HttpRequest) -> str:
    """``?next=`` when it is a page of this site (never another host nor a ``javascript:`` address), else ""."""
    successivo = request.GET.get("next") or request.POST.get("next") or ""
    if successivo and url_has_allowed_host_and_scheme(successivo, allowed_hosts={request.get_host()},
                                                      require_https=request.is_secure()):
        return successivo
    return ""


def _ritorno(request: HttpRequest, beneficiario: Beneficiario) -> HttpResponse:
    """Back to ``?next=`` (e.g. the domanda wizard) with ``beneficiario=<pk>`` added, or to the new record."""
    successivo = _successivo(request)
    if successivo:
        separatore = "&" if "?" in successivo else "?"
        return redirect(f"{successivo}{separatore}{urlencode({'beneficiario': beneficiario.pk})}")
    return _alla_scheda(beneficiario)


@richiede(GESTISCI)
def beneficiario_create(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    form = forms.BeneficiarioForm(request.POST or None, ambito=request.ambito)

    def esegui(dati: dict[str, Any]) -> Beneficiario:
        comune = dati.pop("comune")
        return services.beneficiario_create(ambito=request.ambito, comune=comune, actor=request.user, **dati)

    return modulo(request, form, esegui=esegui,
                  messaggio=lambda b: _("Beneficiario registrato: %(nome)s, %(cf)s, residente a %(comune)s.") % {
                      "nome": b, "cf": b.codice_fiscale, "comune": b.comune},
                  successo=lambda b: _ritorno(request, b), template=MODULO,
                  contesto={"titolo": _("Nuovo beneficiario"), "successivo": _successivo(request),
                            "annulla": _successivo(request) or reverse("misure:beneficiario_list",
                                                                       args=[ambito_slug])})


@dataclass
class Riga:
    oggetto: Any
    sensibili: DatiSensibili
    etichetta: str = ""


def _letture_sensibili(request: HttpRequest, beneficiario: Beneficiario) -> dict[str, Any]:
    """ISEE, certifications and external benefits of the beneficiary, each read logged (one row per record;
    one row for the external benefits, which reveal health through their kind: B1, RSA admission)."""
    motivo = _("scheda del beneficiario")
    attestazioni = list(selectors.attestazione_isee_list(beneficiario=beneficiario))
    certificazioni = list(selectors.certificazione_list(beneficiario=beneficiario))
    benefici = list(selectors.beneficio_esterno_list(beneficiario=beneficiario))
    isee = leggi_sensibili_elenco(attestazioni, utente=request.user, motivo=motivo, indirizzo_ip=_ip(request))
    cert = leggi_sensibili_elenco(certificazioni, utente=request.user, motivo=motivo, indirizzo_ip=_ip(request))
    if benefici:
        registra_lettura_sensibile(ambito=request.ambito, utente=request.user, oggetto=beneficiario,
                                   interessato=maschera_codice_fiscale(beneficiario.codice_fiscale),
                                   categoria=str(CategoriaSensibile.SALUTE.label),
                                   contesto=_("scheda del beneficiario: benefici esterni dichiarati"),
                                   indirizzo_ip=_ip(request))
    return {
        "attestazioni": [Riga(a, s, _etichetta_isee(s)) for a, s in zip(attestazioni, isee, strict=True)],
        "certificazioni": [Riga(c, s, _etichetta_certificazione(s)) for c, s in zip(certificazioni, cert, strict=True)],
        "benefici": benefici, "etichette_benefici": dict(forms.CODICI_BENEFICI),
    }


def _etichetta_isee(sensibili: DatiSensibili) -> str:
    return str(TipoISEE(sensibili.tipo_isee).label)


def _etichetta_certificazione(sensibili: DatiSensibili) -> str:
    return str(TipoCertificazione(sensibili.tipo_certificazione).label)


def _residenze(beneficiario: Beneficiario) -> list[dict[str, Any]]:
    """The comuni of residence over time, from the history (a transfer keeps the previous one)."""
    righe: list[dict[str, Any]] = []
    for versione in beneficiario.history.select_related("comune").order_by("history_date", "history_id"):
        if not righe or righe[-1]["comune"] != versione.comune:
            righe.append({"comune": versione.comune, "dal": versione.residente_dal})
    return righe


@richiede(VEDI)
@require_safe
def beneficiario_detail(request: HttpRequest, ambito_slug: str, beneficiario_pk: int) -> HttpResponse:
    beneficiario = selectors.beneficiario_get(ambito=request.ambito, pk=beneficiario_pk)
    contesto: dict[str, Any] = {
        "beneficiario": beneficiario, "eta": services.eta(beneficiario),
        "luogo_nascita": nome_luogo(beneficiario.luogo_nascita_belfiore, beneficiario.data_nascita),
        "residenze": _residenze(beneficiario), "puo_gestire": request.contesto.puo(GESTISCI),
        "puo_vedere_sensibili": request.contesto.puo(SENSIBILI), "puo_trasferire": request.contesto.puo(UFFICIO),
        "puo_presentare_domanda": request.contesto.puo(PRESENTA_DOMANDA),
        "domande": list(selettori_domande.domanda_list(ambito=request.ambito, comuni=request.contesto.comuni)
                        .filter(beneficiario=beneficiario).order_by("-pk")) if request.contesto.puo(VEDI_DOMANDE)
        else []}
    if contesto["puo_vedere_sensibili"]:
        contesto.update(_letture_sensibili(request, beneficiario))
    return render(request, "misure/beneficiari/scheda.html", contesto)


@richiede(GESTISCI)
def beneficiario_edit(request: HttpRequest, ambito_slug: str, beneficiario_pk: int) -> HttpResponse:
    beneficiario = selectors.beneficiario_get(ambito=request.ambito, pk=beneficiario_pk)
    iniziali = {campo: getattr(beneficiario, campo) for campo in forms.BeneficiarioModificaForm.base_fields}
    form = forms.BeneficiarioModificaForm(request.POST or None, initial=iniziali)
    return modulo(request, form,
                  esegui=lambda dati: services.beneficiario_update(beneficiario=beneficiario, actor=request.user,
                                                                   **dati),
                  messaggio=lambda b: _("Dati di %(nome)s aggiornati.") % {"nome": b},
                  successo=_alla_scheda, template=MODULO,
                  contesto={"titolo": _("Modifica di %(nome)s") % {"nome": beneficiario}, "beneficiario": beneficiario})


@richiede(VEDI, UFFICIO)
def beneficiario_trasferisci(request: HttpRequest, ambito_slug: str, beneficiario_pk: int) -> HttpResponse:
    beneficiario = selectors.beneficiario_get(ambito=request.ambito, pk=beneficiario_pk)
    form = forms.TrasferimentoForm(request.POST or None, ambito=request.ambito)
    return modulo(request, form,
                  esegui=lambda dati: services.beneficiario_trasferisci(beneficiario=beneficiario, actor=request.user,
                                                                        **dati),
                  messaggio=lambda b: _("%(nome)s ora risiede a %(comune)s: il comune precedente resta nello "
                                        "storico.") % {"nome": b, "comune": b.comune},
                  successo=_alla_scheda, template=MODULO,
                  contesto={"titolo": _("Cambio di residenza di %(nome)s") % {"nome": beneficiario},
                            "beneficiario": beneficiario})


# --- ISEE, certifications, external benefits -----------------------------------------------------------------

def _crea_figlio(request: HttpRequest, beneficiario_pk: int, form_class: type, crea: Any, titolo: str,
                 messaggio: str) -> HttpResponse:
    beneficiario = selectors.beneficiario_get(ambito=request.ambito, pk=beneficiario_pk)
    form = form_class(request.POST or None)
    return modulo(request, form, esegui=lambda dati: crea(beneficiario=beneficiario, actor=request.user, **dati),
                  messaggio=messaggio, successo=lambda oggetto: _alla_scheda(beneficiario), template=MODULO,
                  contesto={"titolo": titolo % {"nome": beneficiario}, "beneficiario": beneficiario})


def _modifica_figlio(request: HttpRequest, oggetto: Any, iniziali: dict[str, Any], form_class: type, aggiorna: Any,
                     titolo: str, messaggio: str) -> HttpResponse:
    beneficiario = oggetto.beneficiario
    form = form_class(request.POST or None, initial=iniziali)
    return modulo(request, form, esegui=lambda dati: aggiorna(oggetto, dati), messaggio=messaggio,
                  successo=lambda _oggetto: _alla_scheda(beneficiario), template=MODULO,
                  contesto={"titolo": titolo % {"nome": beneficiario}, "beneficiario": beneficiario})


@richiede(GESTISCI, SENSIBILI)
def attestazione_isee_create(request: HttpRequest, ambito_slug: str, beneficiario_pk: int) -> HttpResponse:
    return _crea_figlio(request, beneficiario_pk, forms.AttestazioneISEEForm, services.attestazione_isee_create,
                        _("Nuova attestazione ISEE di %(nome)s"), _("Attestazione ISEE registrata."))


@richiede(GESTISCI, SENSIBILI)
def attestazione_isee_edit(request: HttpRequest, ambito_slug: str, attestazione_pk: int) -> HttpResponse:
    attestazione = selectors.attestazione_isee_get(ambito=request.ambito, pk=attestazione_pk)
    dati_sensibili = leggi_sensibili(attestazione, utente=request.user, motivo=_("modifica dell'attestazione ISEE"),
                                     indirizzo_ip=_ip(request))
    iniziali = {**dict(dati_sensibili), "rilasciata_il": attestazione.rilasciata_il, "scade_il": attestazione.scade_il}
    return _modifica_figlio(
        request, attestazione, iniziali, forms.AttestazioneISEEForm,
        lambda oggetto, dati: services.attestazione_isee_update(attestazione=oggetto, actor=request.user, **dati),
        _("Attestazione ISEE di %(nome)s"), _("Attestazione ISEE aggiornata."))


@richiede(GESTISCI, SENSIBILI)
def certificazione_create(request: HttpRequest, ambito_slug: str, beneficiario_pk: int) -> HttpResponse:
    return _crea_figlio(request, beneficiario_pk, forms.CertificazioneForm, services.certificazione_create,
                        _("Nuova certificazione di %(nome)s"), _("Certificazione registrata."))


@richiede(GESTISCI, SENSIBILI)
def certificazione_edit(request: HttpRequest, ambito_slug: str, certificazione_pk: int) -> HttpResponse:
    certificazione = selectors.certificazione_get(ambito=request.ambito, pk=certificazione_pk)
    dati_sensibili = leggi_sensibili(certificazione, utente=request.user, motivo=_("modifica della certificazione"),
                                     indirizzo_ip=_ip(request))
    iniziali = {**dict(dati_sensibili), "data": certificazione.data}
    return _modifica_figlio(
        request, certificazione, iniziali, forms.CertificazioneForm,
        lambda oggetto, dati: services.certificazione_update(certificazione=oggetto, actor=request.user, **dati),
        _("Certificazione di %(nome)s"), _("Certificazione aggiornata."))


@richiede(GESTISCI, SENSIBILI)
def beneficio_esterno_create(request: HttpRequest, ambito_slug: str, beneficiario_pk: int) -> HttpResponse:
    return _crea_figlio(request, beneficiario_pk, forms.BeneficioEsternoForm, services.beneficio_esterno_create,
                        _("Nuovo beneficio esterno di %(nome)s"), _("Beneficio esterno dichiarato."))


@richiede(GESTISCI, SENSIBILI)
def beneficio_esterno_edit(request: HttpRequest, ambito_slug: str, beneficio_pk: int) -> HttpResponse:
    beneficio = selectors.beneficio_esterno_get(ambito=request.ambito, pk=beneficio_pk)
    if request.method == "GET":
        registra_lettura_sensibile(ambito=request.ambito, utente=request.user, oggetto=beneficio,
                                   interessato=maschera_codice_fiscale(beneficio.beneficiario.codice_fiscale),
                                   categoria=str(CategoriaSensibile.SALUTE.label),
                                   contesto=_("modifica del beneficio esterno"), indirizzo_ip=_ip(request))
    iniziali = {campo: getattr(beneficio, campo) for campo in services.CAMPI_BENEFICIO}
    return _modifica_figlio(
        request, beneficio, iniziali, forms.BeneficioEsternoForm,
        lambda oggetto, dati: services.beneficio_esterno_update(beneficio=oggetto, actor=request.user, **dati),
        _("Beneficio esterno di %(nome)s"), _("Beneficio esterno aggiornato."))


# --- The office's list of duplicate attempts ------------------------------------------------------------------

@richiede(UFFICIO)
@require_safe
def tentativo_duplicato_list(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    tentativi = selectors.tentativo_duplicato_list(ambito=request.ambito)
    pagina = Paginator(tentativi, PER_PAGINA).get_page(request.GET.get("pagina"))
    return render(request, "misure/beneficiari/tentativi.html", {"pagina": pagina, "form": forms.GestitoForm()})


@richiede(UFFICIO)
@require_POST
def tentativo_duplicato_gestito(request: HttpRequest, ambito_slug: str, tentativo_pk: int) -> HttpResponse:
    tentativo = selectors.tentativo_duplicato_get(ambito=request.ambito, pk=tentativo_pk)
    form = forms.GestitoForm(request.POST)
    nota = form.cleaned_data.get("nota", "") if form.is_valid() else ""
    return azione_post(request, esegui=lambda: services.tentativo_duplicato_mark_gestito(
        tentativo=tentativo, actor=request.user, nota=nota),
        messaggio=_("Segnalazione segnata come gestita."),
        ritorno=redirect("misure:tentativo_duplicato_list", ambito_slug))


def widget_tentativi(request: HttpRequest) -> dict[str, Any] | None:
    """Home widget of the office: the duplicate attempts still to handle (nothing when there are none)."""
    if not request.contesto.puo(UFFICIO):
        return None
    numero = selectors.tentativi_da_gestire(ambito=request.ambito)
    return {"tentativi_da_gestire": numero} if numero else None


urlpatterns = [
    path("beneficiari/", beneficiario_list, name="beneficiario_list"),
    path("beneficiari/nuovo/", beneficiario_create, name="beneficiario_create"),
    path("beneficiari/<int:beneficiario_pk>/", beneficiario_detail, name="beneficiario_detail"),
    path("beneficiari/<int:beneficiario_pk>/modifica/", beneficiario_edit, name="beneficiario_edit"),
    path("beneficiari/<int:beneficiario_pk>/trasferimento/", beneficiario_trasferisci,
         name="beneficiario_trasferisci"),
    path("beneficiari/<int:beneficiario_pk>/isee/nuova/", attestazione_isee_create, name="attestazione_isee_create"),
    path("beneficiari/isee/<int:attestazione_pk>/", attestazione_isee_edit, name="attestazione_isee_edit"),
    path("beneficiari/<int:beneficiario_pk>/certificazioni/nuova/", certificazione_create,
         name="certificazione_create"),
    path("beneficiari/certificazioni/<int:certificazione_pk>/", certificazione_edit, name="certificazione_edit"),
    path("beneficiari/<int:beneficiario_pk>/benefici-esterni/nuovo/", beneficio_esterno_create,
         name="beneficio_esterno_create"),
    path("beneficiari/benefici-esterni/<int:beneficio_pk>/", beneficio_esterno_edit, name="beneficio_esterno_edit"),
    path("beneficiari/doppie-registrazioni/", tentativo_duplicato_list, name="tentativo_duplicato_list"),
    path("beneficiari/doppie-registrazioni/<int:tentativo_pk>/gestito/", tentativo_duplicato_gestito,
         name="tentativo_duplicato_gestito"),
]
