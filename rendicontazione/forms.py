"""Forms parse input only; the rules are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ambito.forms import CampoData, ConStileBootstrap
from rendicontazione import codici
from rendicontazione.mappabili import tipi_mappabili
from rendicontazione.registry import FORMATI_RITORNO, MESI_PER_PERIODO, EsportatoreRitorno


def _scelte(elenco: dict[str, str]) -> list[tuple[str, str]]:
    return [("", "—")] + [(codice, f"{codice} — {etichetta}") for codice, etichetta in elenco.items()]


class InvioForm(ConStileBootstrap, forms.Form):
    """Produce a return for a period: year, period, format and the return's own parameters."""

    anno = forms.IntegerField(label=_("Anno"), min_value=2000, max_value=2100)
    periodo = forms.TypedChoiceField(label=_("Periodo"), coerce=int)
    formato = forms.ChoiceField(label=_("Formato"))

    def __init__(self, *args: Any, ritorno: type[EsportatoreRitorno], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        periodi = 12 // MESI_PER_PERIODO[ritorno.periodicita]
        self.fields["periodo"].choices = [(n, str(n)) for n in range(1, periodi + 1)]
        self.fields["formato"].choices = [(f, FORMATI_RITORNO[f]) for f in ritorno.formati]
        self.extra = list(ritorno.campi_parametri())
        for nome, campo in ritorno.campi_parametri().items():
            self.fields[nome] = campo
            campo.widget.attrs.setdefault("class", "form-select" if isinstance(campo.widget, forms.Select)
                                          else "form-control")

    def dati_servizio(self) -> dict[str, Any]:
        dati = dict(self.cleaned_data)
        parametri = {nome: dati.pop(nome) for nome in self.extra}
        return {**dati, "parametri": parametri}


class TermineForm(ConStileBootstrap, forms.Form):
    giorni = forms.IntegerField(label=_("Termine: giorni dopo la fine del periodo"), min_value=1, max_value=365)
    note = forms.CharField(label=_("Riferimento"), required=False, max_length=250,
                           help_text=_("La nota o l'atto che fissa il termine."))


class StatistichePubblicheForm(ConStileBootstrap, forms.Form):
    attiva = forms.BooleanField(label=_("Pubblica le statistiche delle misure nell'area pubblica"), required=False,
                                help_text=_("Solo cifre aggregate; i numeri piccoli sono nascosti."))


class InviatoForm(ConStileBootstrap, forms.Form):
    inviato_il = CampoData(label=_("Inviato il"))
    protocollo = forms.CharField(label=_("Protocollo o identificativo della ricevuta"), max_length=100)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class VoceMappaturaForm(ConStileBootstrap, forms.Form):
    """``oggetto`` is ``<kind>|<key>`` (a free local intervention is ``locale|``): keys of different kinds may
    coincide, the pair does not."""

    oggetto = forms.ChoiceField(label=_("Oggetto mappato"))
    descrizione = forms.CharField(label=_("Intervento locale"), max_length=250)
    siuss_codice_prestazione = forms.CharField(label=_("SIUSS: codice prestazione"), required=False, max_length=10,
                                               help_text=_("Dal nomenclatore INPS, es. A1.09."))
    siuss_area_utenza = forms.ChoiceField(label=_("SIUSS: area utenza"), required=False)
    istat_area = forms.ChoiceField(label=_("ISTAT: area di utenza"), required=False)
    istat_servizio = forms.ChoiceField(label=_("ISTAT: servizio"), required=False)
    voce_regionale = forms.CharField(label=_("Voce di spesa regionale"), required=False, max_length=40)
    macroarea_pdz = forms.ChoiceField(label=_("Macro-area del Piano di Zona"), required=False)
    ddn_intervento = forms.ChoiceField(label=_("Dopo di Noi: codice intervento"), required=False)
    b2_strumento = forms.ChoiceField(label=_("FNA B2: strumento nel monitoraggio regionale"), required=False)
    codice_cittadinanza = forms.CharField(label=_("SIUSS: codice cittadinanza"), required=False, max_length=3,
                                          help_text=_("Per una cittadinanza dei beneficiari: il codice numerico "
                                                      "dello Stato, tre cifre (ISO 3166, es. 504 Marocco, 642 "
                                                      "Romania). L'italiana è 380 senza mappatura."))

    def __init__(self, *args: Any, ambito: Any, modifica: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        oggetti: list[tuple[str, str]] = []
        for tipo in tipi_mappabili().values():
            if tipo.scelte is None:
                oggetti.append((f"{tipo.codice}|", str(tipo.etichetta)))
            else:
                oggetti += [(f"{tipo.codice}|{chiave}", f"{tipo.etichetta}: {etichetta}")
                            for chiave, etichetta in tipo.scelte(ambito)]
        self.fields["oggetto"].choices = oggetti
        self.fields["siuss_area_utenza"].choices = _scelte(codici.siuss_aree_utenza())
        self.fields["istat_area"].choices = _scelte(codici.istat_aree())
        self.fields["istat_servizio"].choices = _scelte(codici.istat_servizi())
        self.fields["macroarea_pdz"].choices = _scelte(codici.macroaree_pdz())
        self.fields["ddn_intervento"].choices = _scelte(codici.ddn_interventi())
        self.fields["b2_strumento"].choices = _scelte(codici.b2_strumenti())
        if modifica:
            del self.fields["oggetto"]

    def dati_servizio(self) -> dict[str, Any]:
        dati = dict(self.cleaned_data)
        if "oggetto" in dati:
            dati["tipo_oggetto"], dati["chiave_oggetto"] = dati.pop("oggetto").split("|", 1)
        return dati


class FiltroMisureForm(ConStileBootstrap, forms.Form):
    """Year and measure of the dashboard by measure (an invalid choice falls back to the defaults, with the
    field's error shown)."""

    anno = forms.IntegerField(label=_("Anno"), min_value=2000, max_value=2100, required=False)
    misura = forms.TypedChoiceField(label=_("Misura"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, anni: list[int], misure: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.anno_predefinito = anni[0]
        self.fields["anno"].initial = anni[0]
        self.fields["misura"].choices = [("", _("Tutte le misure"))] + [(str(pk), nome) for pk, nome in misure]

    def scelte(self) -> tuple[int, int | None]:
        dati = self.cleaned_data if self.is_valid() else {}
        return dati.get("anno") or self.anno_predefinito, dati.get("misura")


class ConfigurazioneWaaSForm(ConStileBootstrap, forms.Form):
    """The Ambito's SIUSS ente data and WaaS credentials (the token is write-only: empty keeps the current one)."""

    codice_ente = forms.CharField(label=_("Codice dell'ente presso l'INPS"), max_length=32)
    belfiore_ente = forms.CharField(label=_("Codice catastale della sede dell'ente"), max_length=4,
                                    help_text=_("Es. E648 per Lodi."))
    cf_operatore = forms.CharField(label=_("Codice fiscale dell'operatore che trasmette"), max_length=16)
    denominazione_ente = forms.CharField(label=_("Denominazione dell'ente"), max_length=100, required=False)
    attivo = forms.BooleanField(label=_("API WaaS attiva"), required=False)
    token = forms.CharField(label=_("Nuovo token di accesso per l'INPS"), required=False, max_length=200,
                            widget=forms.PasswordInput(render_value=False),
                            help_text=_("Almeno 16 caratteri. Vuoto: resta quello attuale. Se ne conserva solo "
                                        "l'impronta."))
    rimuovi_token = forms.BooleanField(label=_("Rimuovi il token attuale"), required=False)
    pdnd_audience = forms.CharField(label=_("Audience del voucher PDND"), max_length=250, required=False)
    pdnd_issuer = forms.CharField(label=_("Emittente del voucher PDND"), max_length=250, required=False)
    pdnd_chiave_pubblica = forms.CharField(label=_("Chiave pubblica PDND (PEM)"), required=False,
                                           widget=forms.Textarea(attrs={"rows": 4}))
