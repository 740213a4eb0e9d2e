"""Forms of the beneficiari pages: they parse input; the rules (codice fiscale, IBAN, dates, duplicates) are the
services'. Choice querysets come from selectors in ``__init__`` (nothing is queried at import)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ambito.forms import CampoData, CampoImporto, ConStileBootstrap
from ambito.tenancy.models import Ambito, TipoISEE
from ambito.territorio.selectors import comune_list
from misure.models import Sesso, TipoCertificazione
from misure.selectors.beneficiari import comuni_del_perimetro

CODICI_BENEFICI = [
    ("b1", _("Misura B1 (ASST)")),
    ("hcp", _("INPS Home Care Premium")),
    ("rsa_definitivo", _("Ricovero definitivo in RSA/RSD/CSS")),
    ("rsa_aperta", _("RSA aperta")),
    ("provi_assistente", _("PRO.VI per l'assistente personale")),
    ("sollievo", _("Ricovero di sollievo")),
    ("altro", _("Altro contributo pubblico")),
]


def _comuni(ambito: Ambito) -> Any:
    """The comuni of the Ambito the user works for (all of them for staff)."""
    qs = comune_list(ambito=ambito)
    perimetro = comuni_del_perimetro()
    return qs.filter(pk__in=perimetro) if perimetro is not None else qs


class FiltroBeneficiariForm(ConStileBootstrap, forms.Form):
    cerca = forms.CharField(label=_("Cerca"), required=False, max_length=100,
                            help_text=_("Codice fiscale (anche solo l'inizio), cognome o nome"))
    comune = forms.ModelChoiceField(label=_("Comune"), queryset=None, required=False, empty_label=_("Tutti"))

    def __init__(self, *args: Any, ambito: Ambito, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["comune"].queryset = _comuni(ambito)

    def filtri(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        comune = self.cleaned_data.get("comune")
        return {"cerca": self.cleaned_data.get("cerca") or "", "comune": comune.pk if comune else None}


class NucleoFamiliareField(forms.CharField):
    """One household member per line: «Cognome; Nome; Codice fiscale; relazione» (the code may be empty)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value: Any) -> list[dict[str, str]]:
        testo = super().to_python(value)
        componenti = []
        for n, riga in enumerate(line for line in testo.splitlines() if line.strip()):
            parti = [p.strip() for p in riga.split(";")]
            if len(parti) != 4:
                raise forms.ValidationError(_("Riga %(n)s: servono 4 parti separate da «;» (cognome; nome; codice "
                                              "fiscale; relazione).") % {"n": n + 1})
            componenti.append(dict(zip(("cognome", "nome", "codice_fiscale", "relazione"), parti, strict=True)))
        return componenti

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join("; ".join(str(p.get(k, "")) for k in ("cognome", "nome", "codice_fiscale", "relazione"))
                             for p in value)
        return value


class BeneficiarioModificaForm(ConStileBootstrap, forms.Form):
    codice_fiscale = forms.CharField(label=_("Codice fiscale"), max_length=30)
    cognome = forms.CharField(label=_("Cognome"))
    nome = forms.CharField(label=_("Nome"))
    sesso = forms.ChoiceField(label=_("Sesso"), choices=[("", "—"), *Sesso.choices])
    data_nascita = CampoData(label=_("Data di nascita"))
    luogo_nascita_belfiore = forms.CharField(
        label=_("Luogo di nascita (codice catastale)"), max_length=10,
        help_text=_("Il codice Belfiore del comune o dello stato estero, es. E648 Lodi, C816 Codogno, Z404 Stati "
                    "Uniti: è nel codice fiscale (caratteri 12–15)."))
    cittadinanza = forms.CharField(label=_("Cittadinanza"), required=False, initial="italiana")
    residente_dal = CampoData(label=_("Residente dal"), required=False)
    indirizzo = forms.CharField(label=_("Indirizzo di residenza"), required=False)
    domicilio = forms.CharField(label=_("Domicilio, se diverso"), required=False)
    telefono = forms.CharField(label=_("Telefono"), required=False)
    email = forms.CharField(label=_("E-mail"), required=False)
    caregiver_nome = forms.CharField(label=_("Caregiver familiare (nome e cognome)"), required=False)
    caregiver_codice_fiscale = forms.CharField(label=_("Codice fiscale del caregiver"), required=False, max_length=30)
    caregiver_relazione = forms.CharField(label=_("Relazione del caregiver"), required=False,
                                          help_text=_("Es. figlia, coniuge"))
    iban = forms.CharField(label=_("IBAN"), required=False, max_length=50)
    intestatario_iban = forms.CharField(label=_("Intestatario del conto"), required=False)
    nucleo_familiare = NucleoFamiliareField(
        label=_("Componenti del nucleo familiare"), required=False,
        help_text=_("Solo se la misura lo richiede. Uno per riga: cognome; nome; codice fiscale; relazione."))


class BeneficiarioForm(BeneficiarioModificaForm):
    comune = forms.ModelChoiceField(label=_("Comune di residenza"), queryset=None, empty_label=_("Scegli il comune"))
    field_order = ["comune"]

    def __init__(self, *args: Any, ambito: Ambito, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        comuni = _comuni(ambito)
        self.fields["comune"].queryset = comuni
        self.order_fields(["comune"])
        unico = list(comuni[:2])
        if len(unico) == 1:  # an assistente sociale of one comune: already chosen
            self.fields["comune"].initial = unico[0].pk


class TrasferimentoForm(ConStileBootstrap, forms.Form):
    comune = forms.ModelChoiceField(label=_("Nuovo comune di residenza"), queryset=None,
                                    empty_label=_("Scegli il comune"))
    residente_dal = CampoData(label=_("Residente dal"))

    def __init__(self, *args: Any, ambito: Ambito, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["comune"].queryset = comune_list(ambito=ambito)


class AttestazioneISEEForm(ConStileBootstrap, forms.Form):
    tipo_isee = forms.ChoiceField(label=_("Tipo di ISEE"), choices=[("", "—"), *TipoISEE.choices])
    valore_isee = CampoImporto(label=_("Valore ISEE (€)"))
    protocollo_dsu = forms.CharField(label=_("Protocollo DSU"), required=False,
                                     help_text=_("Es. INPS-ISEE-2026-00012345A-00"))
    anno_dsu = forms.IntegerField(label=_("Anno della DSU"), required=False, min_value=2000, max_value=2100)
    rilasciata_il = CampoData(label=_("Rilasciata il"))
    scade_il = CampoData(label=_("Scade il"))
    difforme = forms.BooleanField(label=_("Con omissioni o difformità"), required=False)


class CertificazioneForm(ConStileBootstrap, forms.Form):
    tipo_certificazione = forms.ChoiceField(label=_("Tipo"), choices=[("", "—"), *TipoCertificazione.choices])
    percentuale_invalidita = forms.IntegerField(label=_("Percentuale di invalidità"), required=False, min_value=0,
                                                max_value=100, help_text=_("Obbligatoria per l'invalidità civile"))
    data = CampoData(label=_("Data della certificazione"))
    revisione_il = CampoData(label=_("Rivedibile il"), required=False)
    note_certificazione = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class BeneficioEsternoForm(ConStileBootstrap, forms.Form):
    codice = forms.ChoiceField(label=_("Beneficio"), choices=[("", "—"), *CODICI_BENEFICI])
    descrizione = forms.CharField(label=_("Descrizione"), required=False)
    dal = CampoData(label=_("Dal"))
    al = CampoData(label=_("Al"), required=False)
    importo_mensile = CampoImporto(label=_("Importo mensile (€)"), required=False)
    costo_coperto = forms.CharField(label=_("Costo coperto"), required=False,
                                    help_text=_("La voce di costo che il contributo copre (es. assistente familiare)"))


class GestitoForm(ConStileBootstrap, forms.Form):
    nota = forms.CharField(label=_("Nota"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
