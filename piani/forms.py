"""Forms of the Piano di Zona pages: they parse input; the rules are the services'.

Choice querysets come from selectors and are set in ``__init__`` (nothing is queried at import).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ambito.atti.models import TipoAtto
from ambito.atti.selectors import atto_list, enti_per_atti
from ambito.forms import CampoData, CampoImporto, ConStileBootstrap
from ambito.indicatori import indicatori_registrati
from ambito.tenancy.models import Ambito
from piani import selectors
from piani.models import (
    EsitoCandidatura,
    FonteIndicatore,
    Periodicita,
    PianoDiZona,
    Priorita,
    StatoObiettivo,
    StatoPiano,
    StatoProcedura,
    TipoDatoComunita,
    TipoEvento,
    TipoIndicatore,
    TipoObiettivo,
    TipoProcedura,
)

VALORE_DECIMALE = {"max_digits": 16, "decimal_places": 4}


def _atti(ambito: Ambito, *tipi: str) -> Any:
    qs = atto_list(ambito=ambito, solo_pubblicati=False)
    return qs.filter(tipo__in=tipi) if tipi else qs


class PianoForm(ConStileBootstrap, forms.Form):
    triennio = forms.IntegerField(label=_("Triennio: anno di inizio"), min_value=2000, max_value=2100,
                                  help_text=_("Es. 2025 per il triennio 2025–2027."))
    titolo = forms.CharField(label=_("Titolo"), max_length=250)
    atto_linee_guida = forms.ModelChoiceField(label=_("Atto regionale di indirizzo (DGR)"), queryset=None,
                                              required=False, empty_label=_("Nessuno"))
    note = forms.CharField(label=_("Note"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, ambito: Ambito, modifica: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["atto_linee_guida"].queryset = _atti(ambito, TipoAtto.DGR, TipoAtto.DECRETO_REGIONALE)
        if modifica:
            del self.fields["triennio"]


class TransizioneForm(ConStileBootstrap, forms.Form):
    stato = forms.ChoiceField(label=_("Nuovo stato"), choices=StatoPiano.choices)
    atto = forms.ModelChoiceField(label=_("Atto"), queryset=None, required=False, empty_label=_("Nessun atto"),
                                  help_text=_("Per l'approvazione: la deliberazione dell'Assemblea."))

    def __init__(self, *args: Any, piano: PianoDiZona, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from piani.services import TRANSIZIONI

        self.fields["stato"].choices = [(s, StatoPiano(s).label) for s in TRANSIZIONI.get(piano.stato, ())]
        self.fields["atto"].queryset = _atti(piano.ambito, TipoAtto.DELIBERAZIONE_ASSEMBLEA,
                                             TipoAtto.RISOLUZIONE_ASSEMBLEA)


class AccordoForm(ConStileBootstrap, forms.Form):
    atto = forms.ModelChoiceField(label=_("Accordo di Programma (atto)"), queryset=None,
                                  empty_label=_("Scegli l'atto"))
    valido_al = CampoData(label=_("Valido fino al"))

    def __init__(self, *args: Any, ambito: Ambito, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["atto"].queryset = _atti(ambito, TipoAtto.ACCORDO_PROGRAMMA)


class SottoscrittoreForm(ConStileBootstrap, forms.Form):
    comune = forms.ModelChoiceField(label=_("Comune"), queryset=None, required=False, empty_label=_("Nessuno"))
    ente = forms.ModelChoiceField(label=_("Ente (ATS, ASST, ente del Terzo Settore)"), queryset=None,
                                  required=False, empty_label=_("Nessuno"))
    rappresentante = forms.CharField(label=_("Firmatario"), max_length=200, required=False)
    data_firma = CampoData(label=_("Data di sottoscrizione"), required=False)
    adesione = forms.BooleanField(label=_("Adesione successiva di un ente del Terzo Settore"), required=False)

    def __init__(self, *args: Any, ambito: Ambito, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from ambito.territorio.selectors import comune_list

        self.fields["comune"].queryset = comune_list(ambito=ambito)
        self.fields["ente"].queryset = enti_per_atti()


class FirmaForm(ConStileBootstrap, forms.Form):
    data_firma = CampoData(label=_("Data di sottoscrizione"))
    rappresentante = forms.CharField(label=_("Firmatario"), max_length=200, required=False)


class EventoForm(ConStileBootstrap, forms.Form):
    tipo = forms.ChoiceField(label=_("Tipo"), choices=TipoEvento.choices)
    anno = forms.IntegerField(label=_("Anno"), min_value=2000, max_value=2100)
    atto = forms.ModelChoiceField(label=_("Atto"), queryset=None, required=False, empty_label=_("Nessun atto"))
    valido_al = CampoData(label=_("Nuova scadenza dell'Accordo (proroga o rinnovo)"), required=False)
    descrizione = forms.CharField(label=_("Descrizione / esito"), required=False, max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, ambito: Ambito, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["atto"].queryset = _atti(ambito)


class MacroAreaForm(ConStileBootstrap, forms.Form):
    codice = forms.CharField(label=_("Codice"), max_length=10)
    denominazione = forms.CharField(label=_("Denominazione"), max_length=200)
    ordine = forms.IntegerField(label=_("Ordine"), min_value=0, max_value=999, initial=0)


class _DelPiano(ConStileBootstrap, forms.Form):
    def __init__(self, *args: Any, piano: PianoDiZona, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.piano = piano
        if "macro_aree" in self.fields:
            self.fields["macro_aree"].queryset = selectors.macroarea_list(ambito=piano.ambito,
                                                                          triennio=piano.triennio)


class ObiettivoForm(_DelPiano):
    tipo = forms.ChoiceField(label=_("Tipo"), choices=TipoObiettivo.choices)
    padre = forms.ModelChoiceField(label=_("Obiettivo strategico di riferimento"), queryset=None, required=False,
                                   empty_label=_("Nessuno (obiettivo strategico)"))
    codice = forms.CharField(label=_("Codice"), max_length=20, required=False)
    titolo = forms.CharField(label=_("Titolo"), max_length=250)
    descrizione = forms.CharField(label=_("Descrizione"), required=False, max_length=10000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    macro_aree = forms.ModelMultipleChoiceField(label=_("Macro-aree"), queryset=None,
                                                widget=forms.CheckboxSelectMultiple)
    responsabile = forms.CharField(label=_("Responsabile"), max_length=200, required=False)
    partner = forms.ModelMultipleChoiceField(label=_("Partner"), queryset=None, required=False)
    priorita = forms.ChoiceField(label=_("Priorità"), choices=Priorita.choices, initial=Priorita.MEDIA)
    integrazione_sociosanitaria = forms.BooleanField(label=_("Integrazione sociosanitaria"), required=False)
    sovrazonale = forms.BooleanField(label=_("Sovrazonale"), required=False)
    leps = forms.CharField(label=_("LEPS di riferimento"), max_length=200, required=False)
    risorse_previste = CampoImporto(label=_("Risorse previste (€)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["padre"].queryset = selectors.strategici_scelte(piano=self.piano)
        self.fields["partner"].queryset = enti_per_atti()


class ProgettoForm(_DelPiano):
    """The project card, in the sections of the card the Uffici di Piano use."""

    titolo = forms.CharField(label=_("Titolo"), max_length=250)
    macro_aree = forms.ModelMultipleChoiceField(label=_("Macro-aree"), queryset=None,
                                                widget=forms.CheckboxSelectMultiple)
    obiettivi = forms.ModelMultipleChoiceField(label=_("Obiettivi del piano"), queryset=None, required=False,
                                               widget=forms.CheckboxSelectMultiple)
    contesto = forms.CharField(label=_("Contesto e analisi del bisogno"), required=False, max_length=20000,
                               widget=forms.Textarea(attrs={"rows": 4}))
    obiettivi_generali = forms.CharField(label=_("Obiettivi generali"), required=False, max_length=10000,
                                         widget=forms.Textarea(attrs={"rows": 3}))
    obiettivi_specifici = forms.CharField(label=_("Obiettivi specifici"), required=False, max_length=10000,
                                          widget=forms.Textarea(attrs={"rows": 3}))
    destinatari = forms.CharField(label=_("Destinatari"), required=False, max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    utenti_stimati = forms.IntegerField(label=_("Utenti stimati"), required=False, min_value=0)
    partner_ruoli = forms.CharField(label=_("Partner e loro ruoli"), required=False, max_length=5000,
                                    widget=forms.Textarea(attrs={"rows": 2}))
    responsabile = forms.CharField(label=_("Responsabile"), max_length=200, required=False)
    data_inizio = CampoData(label=_("Inizio"), required=False)
    data_fine = CampoData(label=_("Fine"), required=False)
    integrazione_sociosanitaria = forms.BooleanField(label=_("Integrazione sociosanitaria"), required=False)

    SEZIONI = [
        (_("Intestazione"), ["titolo", "macro_aree", "obiettivi", "responsabile"]),
        (_("Contesto e bisogno"), ["contesto"]),
        (_("Obiettivi"), ["obiettivi_generali", "obiettivi_specifici"]),
        (_("Destinatari"), ["destinatari", "utenti_stimati"]),
        (_("Partner"), ["partner_ruoli"]),
        (_("Durata"), ["data_inizio", "data_fine", "integrazione_sociosanitaria"]),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["obiettivi"].queryset = selectors.obiettivi_scelte(piano=self.piano)

    def sezioni(self) -> list[tuple[str, list]]:
        return [(titolo, [self[nome] for nome in campi]) for titolo, campi in self.SEZIONI]


class AzioneForm(ConStileBootstrap, forms.Form):
    anno = forms.IntegerField(label=_("Annualità"), min_value=2000, max_value=2100)
    descrizione = forms.CharField(label=_("Azione"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))


class BudgetForm(ConStileBootstrap, forms.Form):
    anno = forms.IntegerField(label=_("Anno"), min_value=2000, max_value=2100)
    fonte = forms.CharField(label=_("Fonte"), max_length=120, help_text=_("Es. FNPS, FSR, comuni, ETS."))
    importo = CampoImporto(label=_("Importo previsto (€)"))


class PartnerForm(ConStileBootstrap, forms.Form):
    utente = forms.ModelChoiceField(label=_("Referente partner"), queryset=None, empty_label=_("Scegli"))

    def __init__(self, *args: Any, ambito: Ambito, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["utente"].queryset = selectors.partner_scelte(ambito=ambito)


class IndicatoreForm(ConStileBootstrap, forms.Form):
    nome = forms.CharField(label=_("Nome"), max_length=250)
    tipo = forms.ChoiceField(label=_("Tipo"), choices=TipoIndicatore.choices)
    unita = forms.CharField(label=_("Unità di misura"), max_length=60)
    baseline = forms.DecimalField(label=_("Valore di partenza"), required=False, **VALORE_DECIMALE)
    fonte = forms.ChoiceField(label=_("Fonte del dato"), choices=FonteIndicatore.choices)
    calcolo = forms.ChoiceField(label=_("Indicatore calcolato"), required=False)
    periodicita = forms.ChoiceField(label=_("Periodicità"), choices=Periodicita.choices, initial=Periodicita.ANNUALE)
    crescente = forms.BooleanField(label=_("Più alto è meglio"), required=False, initial=True)

    def __init__(self, *args: Any, piano: PianoDiZona, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.anni = piano.anni
        self.fields["calcolo"].choices = [("", _("Nessuno (inserimento manuale)")),
                                          *((i.codice, f"{i.etichetta} ({i.unita})") for i in indicatori_registrati())]
        for anno in self.anni:
            self.fields[f"target_{anno}"] = forms.DecimalField(label=_("Valore atteso %(anno)d") % {"anno": anno},
                                                               required=False, **VALORE_DECIMALE)
            self.fields[f"target_{anno}"].widget.attrs["class"] = "form-control"

    def dati_servizio(self) -> dict[str, Any]:
        dati = dict(self.cleaned_data)
        dati["target"] = {anno: dati.pop(f"target_{anno}") for anno in self.anni}
        return dati


class PeriodoForm(ConStileBootstrap, forms.Form):
    anno = forms.IntegerField(label=_("Anno"), min_value=2000, max_value=2100)
    semestre = forms.TypedChoiceField(label=_("Periodo"), coerce=int, empty_value=None, required=False,
                                      choices=[("", _("Intero anno")), (1, _("1° semestre")), (2, _("2° semestre"))])


class ValoreForm(ConStileBootstrap, forms.Form):
    valore = forms.DecimalField(label=_("Valore"), **VALORE_DECIMALE)
    note = forms.CharField(label=_("Note"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))
    evidenza = forms.CharField(label=_("Evidenza / fonte"), required=False, max_length=250)


class ValutazioneForm(ConStileBootstrap, forms.Form):
    stato = forms.ChoiceField(label=_("Stato dell'obiettivo"), choices=StatoObiettivo.choices)
    motivazione = forms.CharField(label=_("Motivazione"), required=False, max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 2}))


class RiaperturaForm(ConStileBootstrap, forms.Form):
    motivo = forms.CharField(label=_("Motivo della riapertura"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class QuotaProgettoForm(ConStileBootstrap, forms.Form):
    assegnazione = forms.ModelChoiceField(label=_("Assegnazione (fondo)"), queryset=None,
                                          empty_label=_("Scegli l'assegnazione"))
    importo = CampoImporto(label=_("Importo (€)"))
    atto = forms.ModelChoiceField(label=_("Atto di approvazione"), queryset=None, empty_label=_("Scegli l'atto"))
    data_contabile = CampoData(label=_("Data contabile"))
    descrizione = forms.CharField(label=_("Descrizione"), max_length=250, required=False)

    def __init__(self, *args: Any, ambito: Ambito, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from fondi.selectors import assegnazione_list_scelte, atto_list_scelte

        self.fields["assegnazione"].queryset = assegnazione_list_scelte(ambito=ambito)
        self.fields["atto"].queryset = atto_list_scelte(ambito=ambito)

    def clean_importo(self) -> Decimal:
        return self.cleaned_data["importo"]


class DatoComunitaForm(ConStileBootstrap, forms.Form):
    anno = forms.IntegerField(label=_("Anno"), min_value=2000, max_value=2100)
    comune = forms.ModelChoiceField(label=_("Comune"), queryset=None, required=False,
                                    empty_label=_("Intero Ambito"))
    tipo = forms.ChoiceField(label=_("Tipo"), choices=TipoDatoComunita.choices)
    voce = forms.CharField(label=_("Voce"), max_length=200, help_text=_("Es. «65 anni e oltre»."))
    valore = forms.DecimalField(label=_("Valore"), **VALORE_DECIMALE)
    unita = forms.CharField(label=_("Unità di misura"), max_length=60, initial=_("persone"))
    fonte = forms.CharField(label=_("Fonte"), max_length=200, help_text=_("Es. ISTAT, demo.istat.it, 1° gennaio."))
    macro_area = forms.ModelChoiceField(label=_("Macro-area"), queryset=None, required=False,
                                        empty_label=_("Nessuna"),
                                        help_text=_("Il dato compare accanto agli obiettivi di questa macro-area."))

    def __init__(self, *args: Any, ambito: Ambito, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from ambito.territorio.selectors import comune_list

        self.fields["comune"].queryset = comune_list(ambito=ambito)
        self.fields["macro_area"].queryset = selectors.macroarea_tutte(ambito=ambito)


class CoprogettazioneForm(ConStileBootstrap, forms.Form):
    tipo = forms.ChoiceField(label=_("Tipo"), choices=TipoProcedura.choices)
    oggetto = forms.CharField(label=_("Oggetto"), max_length=250)
    responsabile_procedimento = forms.CharField(label=_("Responsabile del procedimento"), max_length=200)
    piano = forms.ModelChoiceField(label=_("Piano di Zona"), queryset=None, required=False, empty_label=_("Nessuno"))
    avviso = forms.ModelChoiceField(label=_("Avviso pubblico (atto)"), queryset=None, required=False,
                                    empty_label=_("Da registrare"))
    scadenza_candidature = CampoData(label=_("Termine per le manifestazioni di interesse"), required=False)

    def __init__(self, *args: Any, ambito: Ambito, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["piano"].queryset = selectors.piano_list(ambito=ambito)
        self.fields["avviso"].queryset = _atti(ambito, TipoAtto.AVVISO)


class ProceduraStatoForm(ConStileBootstrap, forms.Form):
    stato = forms.ChoiceField(label=_("Nuova fase"), choices=StatoProcedura.choices)
    tavolo = forms.ModelChoiceField(label=_("Tavolo di co-progettazione"), queryset=None, required=False,
                                    empty_label=_("Nessuno"), help_text=_("Un organo di tipo tavolo: sedute e "
                                                                          "verbali si gestiscono negli organi."))
    convenzione = forms.ModelChoiceField(label=_("Convenzione (atto)"), queryset=None, required=False,
                                         empty_label=_("Nessuna"))
    esito = forms.CharField(label=_("Esito / documento di sintesi"), required=False, max_length=10000,
                            widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, ambito: Ambito, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tavolo"].queryset = selectors.tavoli_scelte(ambito=ambito)
        self.fields["convenzione"].queryset = _atti(ambito, TipoAtto.CONVENZIONE)


class CandidaturaForm(ConStileBootstrap, forms.Form):
    ente = forms.ModelChoiceField(label=_("Ente del Terzo Settore"), queryset=None, empty_label=_("Scegli l'ente"))
    esito = forms.ChoiceField(label=_("Esito"), choices=EsitoCandidatura.choices)
    motivazione = forms.CharField(label=_("Motivazione"), max_length=500, required=False)
    ruolo = forms.CharField(label=_("Ruolo nella convenzione"), max_length=250, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ente"].queryset = enti_per_atti()


class ScadenzaForm(ConStileBootstrap, forms.Form):
    data = CampoData(label=_("Data"))
    descrizione = forms.CharField(label=_("Descrizione"), max_length=250)


class AvvisoOnlineForm(ConStileBootstrap, forms.Form):
    dal = CampoData(label=_("Pubblicato dal"))
    al = CampoData(label=_("Fino al"))


class SovrazonaleForm(ConStileBootstrap, forms.Form):
    titolo = forms.CharField(label=_("Titolo"), max_length=250)
    descrizione = forms.CharField(label=_("Descrizione"), required=False, max_length=10000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    ente = forms.ModelChoiceField(label=_("ASST / ente sanitario"), queryset=None, required=False,
                                  empty_label=_("Nessuno"))
    ambiti = forms.ModelMultipleChoiceField(label=_("Altri Ambiti partecipanti"), queryset=None,
                                            widget=forms.CheckboxSelectMultiple,
                                            help_text=_("Gli Ambiti della stessa ATS."))

    def __init__(self, *args: Any, ambito: Ambito, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ente"].queryset = enti_per_atti()
        self.fields["ambiti"].queryset = selectors.ambiti_partner_scelte(ambito=ambito)


class ParteSovrazonaleForm(ConStileBootstrap, forms.Form):
    testata = forms.ModelChoiceField(label=_("Progetto sovrazonale"), queryset=None, required=False,
                                     empty_label=_("Nessuno: progetto del solo Ambito"))

    def __init__(self, *args: Any, ambito: Ambito, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["testata"].queryset = selectors.sovrazonale_list(ambito=ambito)
