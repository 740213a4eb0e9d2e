"""Forms of the domande pages: they parse input; the rules are the services'.

Choice querysets come from selectors, set in ``__init__`` with the user's Ambito and comuni (nothing is
queried at import, and an assistente is offered only the residents of their comuni).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ambito.forms import CampoData, CampoImporto, ConStileBootstrap
from ambito.tenancy.models import Ambito, TipoISEE
from ambito.territorio.selectors import comune_list
from misure.models import AreaReddituale, StatoDomanda, StrumentoValutazione
from misure.selectors import domande as selectors


class CampoDecimale(forms.DecimalField):
    """A number with the Italian decimal comma (``35,5``) as well as a point."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().replace(" ", "").replace(",", ".")
        return super().to_python(value)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)


SI_NO = [("", _("Non dichiarato")), ("si", _("Sì")), ("no", _("No"))]


class CampoSiNo(forms.TypedChoiceField):
    """A yes/no/not declared choice (a declared condition may be unknown: the rules then report missing data)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=SI_NO, coerce=lambda v: v == "si", empty_value=None, required=False, **kwargs)


class DichiaratiForm(ConStileBootstrap, forms.Form):
    """The declared data the rules read (typed fields of the domanda)."""

    isee_tipo = forms.ChoiceField(label=_("Tipo di ISEE"), required=False,
                                  choices=[("", _("Non dichiarato")), *TipoISEE.choices])
    isee_valore = CampoImporto(label=_("Valore ISEE (€)"), required=False, min_value=Decimal(0))
    isee_scadenza = CampoData(label=_("Scadenza dell'attestazione ISEE"), required=False)
    l104_c3 = CampoSiNo(label=_("L.104/1992 art. 3 comma 3 (situazione di gravità)"))
    l104_c1 = CampoSiNo(label=_("L.104/1992 art. 3 comma 1"))
    indennita_accompagnamento = CampoSiNo(label=_("Indennità di accompagnamento"))
    invalidita_percentuale = forms.IntegerField(label=_("Invalidità civile (%)"), required=False, min_value=0,
                                                max_value=100)
    vive_al_domicilio = CampoSiNo(label=_("Vive al proprio domicilio"))
    benefici_dichiarati = forms.CharField(
        label=_("Altri benefici dichiarati"), required=False,
        help_text=_("Codici separati da virgola, es. «b1, hcp, rsa_aperta»: servono al controllo delle "
                    "incompatibilità."))
    costo_effettivo_mensile = CampoImporto(label=_("Costo effettivo mensile dell'assistenza (€)"), required=False,
                                           min_value=Decimal(0))
    parametro_fasce = CampoDecimale(label=_("Ore settimanali del contratto (o altro parametro delle fasce)"),
                                    required=False, min_value=0, max_digits=8, decimal_places=2)
    protocollo_capofila = forms.CharField(label=_("Protocollo dell'ente capofila"), required=False)
    data_protocollo_capofila = CampoData(label=_("Data del protocollo dell'ente capofila"), required=False)

    def clean_benefici_dichiarati(self) -> list[str]:
        testo = self.cleaned_data.get("benefici_dichiarati") or ""
        return [c.strip().lower() for c in testo.replace(";", ",").split(",") if c.strip()]

    def clean(self) -> dict[str, Any]:
        dati = super().clean()
        if dati.get("isee_valore") is not None and not dati.get("isee_tipo"):
            self.add_error("isee_tipo", _("Indica il tipo di ISEE del valore dichiarato."))
        return dati

    def dichiarati(self) -> dict[str, Any]:
        return {nome: self.cleaned_data.get(nome) for nome in DichiaratiForm.base_fields}


class DomandaForm(DichiaratiForm):
    """The new-domanda wizard: who, which bando and strumento, what is declared."""

    beneficiario = forms.ModelChoiceField(label=_("Beneficiario"), queryset=None,
                                          empty_label=_("Scegli il beneficiario"))
    strumento = forms.ModelChoiceField(label=_("Bando e strumento"), queryset=None,
                                       empty_label=_("Scegli il bando e lo strumento"))
    field_order = ["beneficiario", "strumento"]

    def __init__(self, *args: Any, ambito: Ambito, comuni: Sequence[int] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["beneficiario"].queryset = selectors.beneficiario_visibile_list(ambito=ambito, comuni=comuni)
        self.fields["beneficiario"].label_from_instance = lambda b: f"{b.cognome} {b.nome} — {b.comune}"
        self.fields["strumento"].queryset = selectors.strumento_aperto_list(ambito=ambito)
        self.fields["strumento"].label_from_instance = lambda s: f"{s.bando.titolo} — {s.strumento.nome}"


class MotivoForm(ConStileBootstrap, forms.Form):
    motivo = forms.CharField(label=_("Motivo"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DecisioneUfficioForm(ConStileBootstrap, forms.Form):
    ammissibile = forms.TypedChoiceField(
        label=_("Decisione dell'ufficio sull'ammissibilità"),
        choices=[("si", _("Ammissibile")), ("no", _("Non ammissibile")), ("auto", _("Torna alla valutazione "
                                                                                   "automatica"))],
        coerce=lambda v: {"si": True, "no": False}.get(v))
    motivo = forms.CharField(label=_("Motivazione (obbligatoria)"), widget=forms.Textarea(attrs={"rows": 2}))


class ProtocolloCapofilaForm(ConStileBootstrap, forms.Form):
    numero = forms.CharField(label=_("Protocollo dell'ente capofila"), required=False)
    data = CampoData(label=_("Data del protocollo"), required=False)
    campi_del_servizio = {"protocollo_capofila": "numero", "data_protocollo_capofila": "data"}


class DocumentoForm(ConStileBootstrap, forms.Form):
    file = forms.FileField(label=_("File (PDF o immagine)"))


class ValutazioneForm(ConStileBootstrap, forms.Form):
    strumento = forms.ChoiceField(label=_("Strumento di valutazione"), choices=StrumentoValutazione.choices)
    punteggio = CampoDecimale(label=_("Punteggio"), min_value=0, max_digits=7, decimal_places=2)
    punteggio_massimo = CampoDecimale(label=_("Punteggio massimo della scala"), required=False, min_value=0,
                                      max_digits=7, decimal_places=2)
    data = CampoData(label=_("Data della valutazione"))
    equipe = forms.CharField(label=_("Équipe (comune e ASST)"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    uvm_asst = forms.BooleanField(label=_("Valutazione multidimensionale con l'ASST (UVM)"), required=False)
    sina_mobilita = forms.IntegerField(label=_("SINA — mobilità (1–4)"), required=False, min_value=1, max_value=4)
    sina_attivita_quotidiane = forms.IntegerField(label=_("SINA — attività della vita quotidiana (1–4)"),
                                                  required=False, min_value=1, max_value=4)
    sina_disturbi_cognitivi = forms.IntegerField(label=_("SINA — disturbi cognitivi e comportamentali (1–4)"),
                                                 required=False, min_value=1, max_value=4)
    sina_bisogni_sanitari = forms.IntegerField(label=_("SINA — bisogni sanitari (1–4)"), required=False,
                                               min_value=1, max_value=4)
    sina_rete_supporto = forms.IntegerField(label=_("SINA — rete di supporto (1–4)"), required=False, min_value=1,
                                            max_value=4)
    sina_area_reddituale = forms.ChoiceField(label=_("SINA — area reddituale"), required=False,
                                             choices=[("", "—"), *AreaReddituale.choices])
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ProgettoForm(ConStileBootstrap, forms.Form):
    obiettivi = forms.CharField(label=_("Obiettivi"), widget=forms.Textarea(attrs={"rows": 3}))
    interventi = forms.CharField(label=_("Interventi"), widget=forms.Textarea(attrs={"rows": 3}))
    durata_mesi = forms.IntegerField(label=_("Durata (mesi)"), min_value=1, max_value=120)
    firmato_il = CampoData(label=_("Sottoscritto il"), required=False)


TERMINI = [("", _("Tutti")), ("in_scadenza", _("In scadenza")), ("scaduto", _("Scaduto")),
           ("sospeso", _("Sospeso (integrazione)"))]


class FiltroDomandeForm(ConStileBootstrap, forms.Form):
    bando = forms.ModelChoiceField(label=_("Bando"), queryset=None, required=False, empty_label=_("Tutti"))
    comune = forms.ModelChoiceField(label=_("Comune"), queryset=None, required=False, empty_label=_("Tutti"))
    stato = forms.ChoiceField(label=_("Stato"), required=False, choices=[("", _("Tutti")), *StatoDomanda.choices])
    termine = forms.ChoiceField(label=_("Termine"), required=False, choices=TERMINI)
    testo = forms.CharField(label=_("Cognome, codice fiscale o protocollo"), required=False, max_length=60)

    def __init__(self, *args: Any, ambito: Ambito, comuni: Sequence[int] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bando"].queryset = selectors.bando_visibile_list(ambito=ambito)
        qs = comune_list(ambito=ambito)
        self.fields["comune"].queryset = qs.filter(pk__in=comuni) if comuni is not None else qs

    def filtri(self) -> selectors.FiltriDomande:
        if not self.is_valid():
            return selectors.FiltriDomande()
        d = self.cleaned_data
        return selectors.FiltriDomande(bando=d["bando"].pk if d.get("bando") else None,
                                       comune=d["comune"].pk if d.get("comune") else None,
                                       stato=d.get("stato") or None, termine=d.get("termine") or None,
                                       testo=d.get("testo") or "")
