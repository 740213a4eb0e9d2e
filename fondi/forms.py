"""Forms of the funds pages: they parse input; the rules are the services'.

Choice querysets come from selectors and are set in ``__init__`` (nothing is queried at import).
Amounts accept the Italian decimal comma (``1234,56``) as well as a point.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from ambito.formato import oggi
from ambito.forms import CampoData, CampoImporto, ConStileBootstrap, DataForm
from ambito.tenancy.models import Ambito
from ambito.territorio.selectors import comune_list
from fondi import selectors
from fondi.models import (
    AreaIntervento,
    Assegnazione,
    MetodoRiparto,
    TipoDestinazione,
    TipoMovimento,
    VincoloTipo,
)
from fondi.selectors import DIMENSIONI


def _atto(label: Any = None, required: bool = True, help_text: Any = "") -> forms.ModelChoiceField:
    return forms.ModelChoiceField(label=label or _("Atto"), queryset=None, required=required, help_text=help_text,
                                  empty_label=_("Scegli l'atto") if required else _("Nessun atto"))


class _ConAmbito(ConStileBootstrap, forms.Form):
    def __init__(self, *args: Any, ambito: Ambito, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ambito = ambito
        if "atto" in self.fields:
            self.fields["atto"].queryset = selectors.atto_list_scelte(ambito=ambito)


class AssegnazioneForm(_ConAmbito):
    fonte = forms.ModelChoiceField(label=_("Fonte"), queryset=None, empty_label=_("Scegli la fonte"))
    descrizione = forms.CharField(label=_("Descrizione"), max_length=250,
                                  help_text=_("Es. «Misura B2» o «Servizi e interventi sociali»: fonte e annualità "
                                              "sono già indicate."))
    annualita = forms.IntegerField(label=_("Annualità"), min_value=2000, max_value=2100)
    esercizio = forms.IntegerField(label=_("Esercizio"), min_value=2000, max_value=2100)
    importo = CampoImporto(label=_("Importo assegnato (€)"))
    data_assegnazione = CampoData(label=_("Data contabile dell'assegnazione"))
    atto = _atto(_("Atto di assegnazione (decreto, DGR)"))
    ente_finanziatore = forms.ModelChoiceField(label=_("Ente finanziatore"), queryset=None, required=False,
                                               empty_label=_("Nessuno"), help_text=_("Per fondazioni e privati."))
    scadenza_impegno = CampoData(label=_("Impegnare entro il"), required=False)
    scadenza_spesa = CampoData(label=_("Spendere entro il"), required=False)
    scadenza_rendicontazione = CampoData(label=_("Rendicontare entro il"), required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fonte"].queryset = selectors.fonte_list()
        self.fields["ente_finanziatore"].queryset = selectors.ente_list_scelte()


class AssegnazioneModificaForm(ConStileBootstrap, forms.Form):
    descrizione = forms.CharField(label=_("Descrizione"), max_length=250)
    scadenza_impegno = CampoData(label=_("Impegnare entro il"), required=False)
    scadenza_spesa = CampoData(label=_("Spendere entro il"), required=False)
    scadenza_rendicontazione = CampoData(label=_("Rendicontare entro il"), required=False)
    rendicontata_il = CampoData(label=_("Rendicontata il"), required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class VincoloForm(ConStileBootstrap, forms.Form):
    tipo = forms.ChoiceField(label=_("Tipo"), choices=VincoloTipo.choices)
    tipo_destinazione = forms.ChoiceField(label=_("Destinazione"), required=False,
                                          choices=[("", _("Nessuna")), *TipoDestinazione.choices])
    area = forms.ChoiceField(label=_("Area"), required=False, choices=[("", _("Nessuna")), *AreaIntervento.choices])
    percentuale = forms.DecimalField(label=_("Percentuale"), min_value=0, max_value=100, decimal_places=2,
                                     localize=True)
    descrizione = forms.CharField(label=_("Descrizione"), required=False, max_length=250)


class QuotaForm(_ConAmbito):
    tipo_destinazione = forms.ChoiceField(label=_("Destinazione"), choices=TipoDestinazione.choices)
    descrizione = forms.CharField(label=_("Descrizione"), max_length=250)
    area = forms.ChoiceField(label=_("Area"), required=False, choices=[("", _("Nessuna")), *AreaIntervento.choices])
    comune = forms.ModelChoiceField(label=_("Comune"), queryset=None, required=False, empty_label=_("Nessun comune"),
                                    help_text=_("Obbligatorio per una quota destinata a un comune."))
    importo = CampoImporto(label=_("Importo (€)"))
    data_contabile = CampoData(label=_("Data contabile"), initial=oggi)
    atto = _atto(_("Atto di approvazione"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["comune"].queryset = comune_list(ambito=self.ambito)


class QuotaRimodulaForm(_ConAmbito):
    # The services check the change as ``importo``: its refusal goes next to ``nuovo_importo``.
    campi_del_servizio: ClassVar[dict[str, str]] = {"importo": "nuovo_importo"}

    nuovo_importo = CampoImporto(label=_("Nuovo importo della quota (€)"), min_value=Decimal(0))
    data_contabile = CampoData(label=_("Data contabile"), initial=oggi)
    atto = _atto(_("Atto di approvazione"))
    motivo = forms.CharField(label=_("Motivo"), widget=forms.Textarea(attrs={"rows": 2}))


class MovimentoForm(_ConAmbito):
    tipo = forms.ChoiceField(label=_("Operazione"), choices=[
        (t, TipoMovimento(t).label) for t in (TipoMovimento.IMPEGNO, TipoMovimento.LIQUIDAZIONE,
                                             TipoMovimento.DISIMPEGNO)])
    importo = CampoImporto(label=_("Importo (€)"))
    data_contabile = CampoData(label=_("Data contabile"), initial=oggi)
    atto = _atto(_("Atto (determina)"), required=False)
    comune = forms.ModelChoiceField(label=_("Comune"), queryset=None, required=False,
                                    empty_label=_("Quello della quota"),
                                    help_text=_("Il comune a cui si riferisce la spesa, se diverso da quello della "
                                                "quota."))
    descrizione = forms.CharField(label=_("Descrizione"), required=False, max_length=250)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["comune"].queryset = comune_list(ambito=self.ambito)


class RettificaForm(_ConAmbito):
    importo = CampoImporto(label=_("Variazione (€)"), negativo=True,
                           help_text=_("Negativa se il movimento originale era troppo alto, es. -150,00."))
    data_contabile = CampoData(label=_("Data contabile della rettifica"), initial=oggi)
    motivo = forms.CharField(label=_("Motivo"), widget=forms.Textarea(attrs={"rows": 2}))
    atto = _atto(required=False)


class RiportoForm(_ConAmbito):
    destinazione = forms.ModelChoiceField(label=_("Assegnazione di destinazione"), queryset=None)
    importo = CampoImporto(label=_("Importo (€)"))
    data_contabile = CampoData(label=_("Data contabile"), initial=oggi)
    motivo = forms.CharField(label=_("Motivo"), widget=forms.Textarea(attrs={"rows": 2}))
    atto = _atto(required=False)

    def __init__(self, *args: Any, assegnazione: Assegnazione, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["destinazione"].queryset = selectors.assegnazione_list(
            ambito=self.ambito, fonte=assegnazione.fonte).filter(annualita__gt=assegnazione.annualita)


def parse_valori(testo: str) -> dict[str, Decimal]:
    """Lines ``codice ISTAT;valore`` (or tab/comma separated with a decimal point) → dict."""
    valori: dict[str, Decimal] = {}
    for numero, riga in enumerate(testo.splitlines(), 1):
        riga = riga.strip()
        if not riga:
            continue
        parti = [p.strip() for p in riga.replace("\t", ";").split(";")]
        if len(parti) != 2:
            raise forms.ValidationError(_("Riga %(n)s: attesi codice ISTAT e valore separati da ';'."),
                                        params={"n": numero})
        try:
            valori[parti[0]] = Decimal(parti[1].replace(".", "").replace(",", ".") if "," in parti[1] else parti[1])
        except InvalidOperation:
            raise forms.ValidationError(_("Riga %(n)s: valore non numerico."), params={"n": numero}) from None
    return valori


class RipartoForm(_ConAmbito):
    descrizione = forms.CharField(label=_("Descrizione"), max_length=250)
    metodo = forms.ChoiceField(label=_("Metodo"), choices=MetodoRiparto.choices)
    totale = CampoImporto(label=_("Importo da ripartire (€)"))
    anno_popolazione = forms.IntegerField(label=_("Anno della popolazione"), required=False, min_value=2000,
                                          max_value=2100,
                                          help_text=_("Per i metodi per popolazione: l'anno dei residenti registrati "
                                                      "per i comuni."))
    percentuale_fissa = forms.DecimalField(label=_("Quota fissa (%)"), required=False, min_value=0,
                                           max_value=100, decimal_places=2, localize=True, error_messages={
                                               "invalid": _("Scrivi una percentuale, es. 30 o 12,5."),
                                               "max_decimal_places": _("Al massimo due decimali, es. 12,5."),
                                               "max_value": _("La quota fissa è una percentuale tra 0 e 100."),
                                               "min_value": _("La quota fissa è una percentuale tra 0 e 100.")},
                                           help_text=_("Solo per «quota fissa + popolazione»: la parte divisa in "
                                                       "parti uguali, es. 30."))
    valori = forms.CharField(label=_("Valori importati"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                             help_text=_("Una riga per comune: codice ISTAT;valore (pesi o importi)."))
    data_riferimento = CampoData(label=_("Comuni dell'Ambito alla data"), initial=oggi)
    data_contabile = CampoData(label=_("Data contabile"), initial=oggi)
    area = forms.ChoiceField(label=_("Area"), required=False, choices=[("", _("Nessuna")), *AreaIntervento.choices])
    atto = _atto(_("Atto di approvazione"), required=False,
                 help_text=_("Obbligatorio per registrare il riparto (non per l'anteprima)."))

    def clean_valori(self) -> dict[str, Decimal]:
        return parse_valori(self.cleaned_data.get("valori") or "")

    # The services check the amount as ``importo``: its refusal goes next to this form's ``totale``.
    campi_del_servizio: ClassVar[dict[str, str]] = {"importo": "totale"}

    def clean(self) -> dict[str, Any]:
        dati = super().clean()
        metodo = dati.get("metodo")
        # "Missing" only when the field was left empty: a value typed wrong already has its own error.
        if metodo in (MetodoRiparto.POPOLAZIONE, MetodoRiparto.FISSA_POPOLAZIONE) and self._vuoto("anno_popolazione"):
            self.add_error("anno_popolazione", _("Indicare l'anno della popolazione."))
        if metodo == MetodoRiparto.FISSA_POPOLAZIONE and self._vuoto("percentuale_fissa"):
            self.add_error("percentuale_fissa", _("Indicare la percentuale della quota fissa."))
        if metodo in (MetodoRiparto.PESI_IMPORTATI, MetodoRiparto.IMPORTI_IMPORTATI) and self._vuoto("valori"):
            self.add_error("valori", _("Incollare i valori per comune."))
        return dati

    def _vuoto(self, campo: str) -> bool:
        return campo not in self.errors and self.cleaned_data.get(campo) in (None, "", {})


class CofinanziamentoForm(_ConAmbito):
    descrizione = forms.CharField(label=_("Descrizione"), max_length=250)
    anno = forms.IntegerField(label=_("Anno"), min_value=2000, max_value=2100)
    quota_per_abitante = forms.DecimalField(label=_("Quota per abitante (€)"), min_value=Decimal("0.0001"),
                                            max_digits=8, decimal_places=4, localize=True)
    anno_popolazione = forms.IntegerField(label=_("Anno della popolazione"), min_value=2000, max_value=2100)
    data_riferimento = CampoData(label=_("Comuni dell'Ambito alla data"), initial=oggi)
    scadenza = CampoData(label=_("Versare entro il"), required=False)
    atto = _atto(_("Atto di approvazione"))


class VersamentoForm(ConStileBootstrap, forms.Form):
    data = CampoData(label=_("Data"), initial=oggi)
    importo = CampoImporto(label=_("Importo (€)"), negativo=True,
                           help_text=_("Negativo per una restituzione o correzione."))
    riferimento = forms.CharField(label=_("Riferimento (reversale, quietanza)"), required=False, max_length=120)


PER_PREDEFINITO = ("fonte", "annualita")


class PosizioneForm(DataForm):
    per = forms.MultipleChoiceField(label=_("Raggruppa per"), required=False,
                                    choices=[(d, d.capitalize()) for d in DIMENSIONI],
                                    widget=forms.CheckboxSelectMultiple)
    fonte = forms.ModelChoiceField(label=_("Fonte"), queryset=None, required=False, empty_label=_("Tutte le fonti"))
    annualita = forms.IntegerField(label=_("Annualità"), required=False, min_value=2000, max_value=2100)

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        if data is not None and not data.getlist("per"):
            data = data.copy()
            data.setlist("per", list(PER_PREDEFINITO))
        super().__init__(data, *args, **kwargs)
        self.fields["per"].initial = list(PER_PREDEFINITO)
        self.fields["fonte"].queryset = selectors.fonte_list()
        self.fields["per"].choices = [
            ("fonte", _("Fonte")), ("annualita", _("Annualità")), ("assegnazione", _("Assegnazione")),
            ("destinazione", _("Destinazione")), ("quota", _("Quota")), ("comune", _("Comune"))]


class MovimentiFiltroForm(DataForm):
    oggi_se_vuota = False  # no date = every movement
    assegnazione = forms.IntegerField(required=False, widget=forms.HiddenInput)
    quota = forms.RegexField(regex=r"^(\d+|nessuno)$", required=False, widget=forms.HiddenInput)
    fonte = forms.IntegerField(required=False, widget=forms.HiddenInput)
    annualita = forms.IntegerField(label=_("Annualità"), required=False)
    tipo_destinazione = forms.ChoiceField(label=_("Destinazione"), required=False,
                                          choices=[("", _("Tutte")), *TipoDestinazione.choices,
                                                   (selectors.NESSUNO, _("Nessuna (assegnato)"))])
    # A comune's id, or "nessuno" (the drill-down of the report's "Non attribuito" row).
    comune = forms.RegexField(regex=r"^(\d+|nessuno)$", required=False, widget=forms.HiddenInput)
    fonte_esatta = forms.IntegerField(required=False, widget=forms.HiddenInput)
    tipo = forms.ChoiceField(label=_("Tipo"), required=False, choices=[("", _("Tutti")), *TipoMovimento.choices])

    def filtri(self) -> selectors.FiltriMovimenti:
        dati = self.cleaned_data if self.is_valid() else {}
        comune, quota = dati.get("comune") or None, dati.get("quota") or None
        return selectors.FiltriMovimenti(
            assegnazione=dati.get("assegnazione"), quota=int(quota) if quota and quota.isdigit() else quota,
            fonte=dati.get("fonte"),
            annualita=dati.get("annualita"), tipo_destinazione=dati.get("tipo_destinazione") or None,
            comune=int(comune) if comune and comune.isdigit() else comune, tipo=dati.get("tipo") or None,
            data=dati.get("data"), fonte_esatta=dati.get("fonte_esatta"))
