"""Forms of the bandi pages: they parse input; the rules are the services' (misure.services.bandi).

Choice querysets come from selectors and are set in ``__init__`` (nothing is queried at import).
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ambito.forms import CampoData, CampoImporto, ConStileBootstrap
from ambito.tenancy.models import Ambito
from misure.models import Bando, GestoreMisura, ModalitaBando
from misure.selectors import bandi as selettori


def _atti(ambito: Ambito) -> Any:
    from fondi.selectors import atto_list_scelte

    return atto_list_scelte(ambito=ambito)


def _atto(required: bool, label: Any = None, help_text: Any = "") -> forms.ModelChoiceField:
    return forms.ModelChoiceField(label=label or _("Atto di approvazione"), queryset=None, required=required,
                                  help_text=help_text,
                                  empty_label=_("Scegli l'atto") if required else _("Nessun atto per ora"))


class _ConAmbito(ConStileBootstrap, forms.Form):
    def __init__(self, *args: Any, ambito: Ambito, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ambito = ambito
        if "atto" in self.fields:
            self.fields["atto"].queryset = _atti(ambito)


class BandoForm(_ConAmbito):
    titolo = forms.CharField(label=_("Titolo"), max_length=250)
    descrizione = forms.CharField(label=_("Descrizione"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    modalita = forms.ChoiceField(label=_("Modalità"), choices=ModalitaBando.choices)
    apertura = CampoData(label=_("Apertura"), required=False)
    chiusura = CampoData(label=_("Chiusura"), required=False,
                         help_text=_("Vuota per un bando a sportello o a finestre aperto fino a esaurimento fondi."))
    giorno_chiusura_mensile = forms.IntegerField(label=_("Giorno di chiusura mensile"), min_value=1, max_value=31,
                                                 required=False, help_text=_("Solo per i bandi a finestre."))
    giorni_per_decidere = forms.IntegerField(label=_("Giorni per concludere l'istruttoria"), min_value=1,
                                             max_value=365, initial=30)
    atto = _atto(False, help_text=_("Serve per pubblicare; si può indicare anche alla pubblicazione."))


class BandoCreaForm(BandoForm):
    edizione = forms.ModelChoiceField(label=_("Edizione della misura"), queryset=None,
                                      empty_label=_("Scegli l'edizione"))
    field_order = ["edizione"]

    def __init__(self, *args: Any, ambito: Ambito, **kwargs: Any) -> None:
        super().__init__(*args, ambito=ambito, **kwargs)
        self.fields["edizione"].queryset = selettori.edizione_list(ambito=ambito).filter(misura__esterna=False)


class BandoPubblicatoForm(ConStileBootstrap, forms.Form):
    """What changes on a published bando: the description and the closing date (an extension)."""

    descrizione = forms.CharField(label=_("Descrizione"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    chiusura = CampoData(label=_("Chiusura"), required=False)


class StrumentoBandoForm(ConStileBootstrap, forms.Form):
    strumento = forms.ModelChoiceField(label=_("Strumento"), queryset=None, empty_label=_("Scegli lo strumento"))
    importo_mensile = CampoImporto(label=_("Importo mensile"), required=False,
                                   help_text=_("Vuoto: vale l'importo dell'edizione (o quello per fasce)."))
    mesi = forms.IntegerField(label=_("Mesi"), min_value=1, max_value=60, required=False)

    def __init__(self, *args: Any, bando: Bando, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["strumento"].queryset = selettori.strumento_list(ambito=bando.ambito, edizione=bando.edizione)


class DocumentoForm(ConStileBootstrap, forms.Form):
    codice = forms.SlugField(label=_("Codice"), max_length=40, help_text=_("Es. contratto-inps"))
    descrizione = forms.CharField(label=_("Descrizione"), max_length=250)
    obbligatorio = forms.BooleanField(label=_("Obbligatorio"), required=False, initial=True)
    strumento = forms.ModelChoiceField(label=_("Solo per lo strumento"), queryset=None, required=False,
                                       empty_label=_("Tutte le domande"))

    def __init__(self, *args: Any, bando: Bando, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["strumento"].queryset = selettori.strumento_bando_list(bando=bando)


class CampoJSON(forms.CharField):
    """A JSON object typed in a textarea; a syntax error is reported with its line and column."""

    widget = forms.Textarea(attrs={"rows": 14, "class": "font-monospace", "spellcheck": "false"})

    def to_python(self, value: Any) -> Any:
        testo = (super().to_python(value) or "").strip()
        if not testo:
            return {}
        try:
            return json.loads(testo)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(
                _("JSON non valido alla riga %(riga)s, colonna %(colonna)s: controllare virgole, virgolette e "
                  "parentesi."), params={"riga": exc.lineno, "colonna": exc.colno}, code="json") from exc


class RegoleForm(ConStileBootstrap, forms.Form):
    ammissibilita = CampoJSON(label=_("Requisiti di ammissibilità"), required=False)
    punteggio = CampoJSON(label=_("Criteri di punteggio e di parità"), required=False)
    incompatibilita = CampoJSON(label=_("Incompatibilità"), required=False)

    @staticmethod
    def iniziali(versione: Any) -> dict[str, str]:
        return {"ammissibilita": _json(versione.regole_ammissibilita), "punteggio": _json(versione.regole_punteggio),
                "incompatibilita": _json(versione.regole_incompatibilita)}


def _json(valore: Any) -> str:
    return json.dumps(valore or {}, ensure_ascii=False, indent=2)


class AttoForm(_ConAmbito):
    atto = _atto(True)


class BudgetForm(_ConAmbito):
    assegnazione = forms.ModelChoiceField(label=_("Assegnazione dei fondi"), queryset=None,
                                          empty_label=_("Scegli l'assegnazione"))
    importo = CampoImporto(label=_("Importo"))
    data_contabile = CampoData(label=_("Data dell'allocazione"))
    descrizione = forms.CharField(label=_("Descrizione"), max_length=250, required=False)
    atto = _atto(True, label=_("Atto che alloca la quota"))

    def __init__(self, *args: Any, ambito: Ambito, **kwargs: Any) -> None:
        super().__init__(*args, ambito=ambito, **kwargs)
        from fondi.selectors import assegnazione_list

        self.fields["assegnazione"].queryset = assegnazione_list(ambito=ambito)


class MisuraForm(ConStileBootstrap, forms.Form):
    nome = forms.CharField(label=_("Nome"), max_length=200)
    descrizione = forms.CharField(label=_("Descrizione"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    riferimenti_normativi = forms.CharField(label=_("Riferimenti normativi"), required=False,
                                            widget=forms.Textarea(attrs={"rows": 2}))
    gestore = forms.ChoiceField(label=_("Gestita da"), choices=GestoreMisura.choices)
    esterna = forms.BooleanField(label=_("Beneficio esterno (si dichiara e si controlla, non si emettono bandi)"),
                                 required=False)
    attiva = forms.BooleanField(label=_("Attiva"), required=False, initial=True)
    anni_conservazione = forms.IntegerField(label=_("Anni di conservazione delle domande chiuse"), min_value=1,
                                            max_value=100, initial=10)
    anni_conservazione_non_ammesse = forms.IntegerField(label=_("Anni di conservazione delle domande non ammesse"),
                                                        min_value=1, max_value=100, initial=5)


class MisuraCreaForm(MisuraForm):
    codice = forms.SlugField(label=_("Codice"), max_length=40, help_text=_("Es. b2, dopo-di-noi, misura-locale"))
    field_order = ["codice"]


class EdizioneForm(ConStileBootstrap, forms.Form):
    titolo = forms.CharField(label=_("Titolo"), max_length=250)
    atto_regionale = forms.CharField(label=_("Atto regionale"), max_length=120, required=False,
                                     help_text=_("Es. DGR XII/3719 del 30/12/2024"))
    data_atto_regionale = CampoData(label=_("Data dell'atto regionale"), required=False)
    annualita = forms.IntegerField(label=_("Annualità"), min_value=2000, max_value=2100)
    esercizio = forms.IntegerField(label=_("Esercizio"), min_value=2000, max_value=2100)
    valida_dal = CampoData(label=_("Valida dal"), required=False)
    valida_al = CampoData(label=_("Valida al"), required=False)
    regole_ammissibilita = CampoJSON(label=_("Requisiti di ammissibilità predefiniti"), required=False)
    regole_punteggio = CampoJSON(label=_("Criteri di punteggio predefiniti"), required=False)
    regole_incompatibilita = CampoJSON(label=_("Incompatibilità predefinite"), required=False)

    @staticmethod
    def iniziali(edizione: Any) -> dict[str, Any]:
        valori = {k: getattr(edizione, k) for k in EdizioneForm.base_fields}
        for k in ("regole_ammissibilita", "regole_punteggio", "regole_incompatibilita"):
            valori[k] = _json(valori[k])
        return valori


class StrumentoForm(ConStileBootstrap, forms.Form):
    nome = forms.CharField(label=_("Nome"), max_length=200)
    descrizione = forms.CharField(label=_("Descrizione"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    importo_mensile = CampoImporto(label=_("Importo mensile"), required=False)
    importo_mensile_massimo = CampoImporto(label=_("Importo mensile massimo"), required=False)
    importo_annuo_massimo = CampoImporto(label=_("Importo annuo massimo"), required=False)
    importo_una_tantum_massimo = CampoImporto(label=_("Importo una tantum massimo"), required=False)
    percentuale_massima_costo = forms.DecimalField(label=_("Quota massima del costo (%)"), required=False,
                                                   min_value=0, max_value=100, decimal_places=2, localize=True)
    mesi = forms.IntegerField(label=_("Mesi"), min_value=1, max_value=60, required=False)
    parametro_fasce = forms.CharField(label=_("Parametro delle fasce"), max_length=60, required=False,
                                      help_text=_("Es. ore settimanali del contratto"))
    fasce_importo = CampoJSON(label=_("Importo per fasce"), required=False,
                              help_text=_('Es. [{"da": 0, "a": 24, "importo": "400.00"}, {"da": 24.01, "a": null, '
                                          '"importo": "800.00"}]'))

    def clean_fasce_importo(self) -> Any:
        valore = self.cleaned_data["fasce_importo"]
        return [] if valore == {} else valore

    @staticmethod
    def iniziali(strumento: Any) -> dict[str, Any]:
        valori = {k: getattr(strumento, k) for k in StrumentoForm.base_fields}
        valori["fasce_importo"] = json.dumps(valori["fasce_importo"] or [], ensure_ascii=False)
        return valori


class StrumentoCreaForm(StrumentoForm):
    codice = forms.SlugField(label=_("Codice"), max_length=40, help_text=_("Es. caregiver, assistente-familiare"))
    field_order = ["codice"]
