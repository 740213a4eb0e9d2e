"""Forms parse input only; the rules are the services'. Choice fields get their querysets from selectors in
``__init__(…, ambito=…)`` (nothing queried at import time)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ambito.forms import CampoData, CampoImporto, ConStileBootstrap
from ambito.tenancy.models import Ambito
from ambito.territorio.selectors import comune_list, ente_list
from udos import selectors
from udos.models import (
    AreaFSR,
    CanaleCPE,
    EsitoRequisito,
    EsitoVigilanza,
    StatoAccreditamento,
    StatoCPE,
    StatoUnita,
    TipoComunicazione,
    TipoCPE,
    TitolareProcedimento,
)


class FiltroUnitaForm(ConStileBootstrap, forms.Form):
    q = forms.CharField(label=_("Cerca"), required=False, max_length=100,
                        help_text=_("Denominazione, indirizzo, codice AFAM o ente gestore."))
    stato = forms.ChoiceField(label=_("Stato"), required=False, choices=[("", _("Tutti")), *StatoUnita.choices])
    area = forms.ChoiceField(label=_("Area"), required=False, choices=[("", _("Tutte")), *AreaFSR.choices])
    tipologia = forms.ChoiceField(label=_("Tipologia"), required=False)
    comune = forms.ModelChoiceField(label=_("Comune"), required=False, queryset=None, empty_label=_("Tutti"))

    def __init__(self, *args: Any, ambito: Ambito, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tipologia"].choices = [("", _("Tutte"))] + [
            (t.codice, t.denominazione) for t in selectors.tipologia_list()]
        self.fields["comune"].queryset = comune_list(ambito=ambito)

    def filtri(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        dati = self.cleaned_data
        return {"q": dati.get("q") or "", "stato": dati.get("stato") or "", "tipologia": dati.get("tipologia") or "",
                "area": dati.get("area") or "", "comune": dati["comune"].pk if dati.get("comune") else None}


class _ProcedimentoCampi(forms.Form):
    canale = forms.ChoiceField(label=_("Presentata tramite"), choices=CanaleCPE.choices, initial=CanaleCPE.SUAP)
    titolare_procedimento = forms.ChoiceField(label=_("Chi istruisce"), choices=TitolareProcedimento.choices,
                                              initial=TitolareProcedimento.UFFICIO_PIANO)
    protocollo = forms.CharField(label=_("Protocollo"), required=False, max_length=50)
    data_presentazione = CampoData(label=_("Data di presentazione"),
                                   help_text=_("L'attività può iniziare da questa data."))


class CPEAvvioForm(ConStileBootstrap, _ProcedimentoCampi):
    """Step 2 of the wizard for a new unit: what the gestore declares."""

    tipologia = forms.ModelChoiceField(label=_("Tipologia"), queryset=None)
    denominazione = forms.CharField(label=_("Denominazione dell'unità"), max_length=200)
    ente_gestore = forms.ModelChoiceField(label=_("Ente gestore"), queryset=None,
                                          help_text=_("Dal registro degli enti (codice fiscale / partita IVA "
                                                      "verificati)."))
    comune = forms.ModelChoiceField(label=_("Comune"), queryset=None)
    indirizzo = forms.CharField(label=_("Indirizzo"), max_length=200)
    capacita = forms.IntegerField(label=_("Capacità dichiarata"), min_value=1, max_value=100000,
                                  help_text=_("In bambini, posti o progetti secondo la tipologia."))
    telefono = forms.CharField(label=_("Telefono della struttura"), required=False, max_length=30)
    email = forms.EmailField(label=_("E-mail della struttura"), required=False)
    giorni_apertura = forms.CharField(label=_("Giorni di apertura"), required=False, max_length=100)
    orari_apertura = forms.CharField(label=_("Orari di apertura"), required=False, max_length=100)
    retta_mensile = CampoImporto(label=_("Retta mensile"), required=False)

    field_order = ["tipologia", "denominazione", "ente_gestore", "comune", "indirizzo", "capacita",
                   "data_presentazione", "canale", "titolare_procedimento", "protocollo"]

    def __init__(self, *args: Any, ambito: Ambito, ente: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tipologia"].queryset = selectors.tipologia_list(senza_struttura=False)
        self.fields["ente_gestore"].queryset = selectors.ente_gestore_list(ambito=ambito, ente=ente)
        self.fields["comune"].queryset = comune_list(ambito=ambito)


class CPEVariazioneForm(ConStileBootstrap, _ProcedimentoCampi):
    tipo = forms.ChoiceField(label=_("Che cosa cambia"),
                             choices=[c for c in TipoCPE.choices if c[0] != TipoCPE.AVVIO])
    capacita = forms.IntegerField(label=_("Nuova capacità"), required=False, min_value=1, max_value=100000)
    tipologia = forms.ModelChoiceField(label=_("Nuova tipologia (trasformazione)"), required=False, queryset=None)
    indirizzo = forms.CharField(label=_("Nuovo indirizzo (trasferimento)"), required=False, max_length=200)
    comune = forms.ModelChoiceField(label=_("Nuovo comune (trasferimento)"), required=False, queryset=None)
    ente_gestore = forms.ModelChoiceField(label=_("Nuovo ente gestore"), required=False, queryset=None)

    field_order = ["tipo", "capacita", "tipologia", "indirizzo", "comune", "ente_gestore", "data_presentazione",
                   "canale", "titolare_procedimento", "protocollo"]

    def __init__(self, *args: Any, ambito: Ambito, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tipologia"].queryset = selectors.tipologia_list(senza_struttura=False)
        self.fields["comune"].queryset = comune_list(ambito=ambito)
        self.fields["ente_gestore"].queryset = ente_list(ambito=ambito)


class UnitaSenzaCPEForm(ConStileBootstrap, forms.Form):
    """A service without a building (with its type) or an experimental unit (with its authorising act)."""

    tipologia = forms.ModelChoiceField(label=_("Servizio senza struttura"), required=False, queryset=None,
                                       empty_label=_("— Nessuno: unità sperimentale —"))
    atto_sperimentazione = forms.CharField(label=_("Atto che autorizza la sperimentazione"), required=False,
                                           max_length=200, help_text=_("Solo per le unità sperimentali."))
    denominazione = forms.CharField(label=_("Denominazione"), max_length=200)
    ente_gestore = forms.ModelChoiceField(label=_("Ente gestore (erogatore)"), queryset=None)
    comune = forms.ModelChoiceField(label=_("Comune"), queryset=None)
    indirizzo = forms.CharField(label=_("Indirizzo (sede operativa)"), max_length=200)
    capacita = forms.IntegerField(label=_("Capacità (utenti o posti)"), min_value=1, max_value=100000)
    data_avvio = CampoData(label=_("Inizio attività"))

    def __init__(self, *args: Any, ambito: Ambito, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tipologia"].queryset = selectors.tipologia_list(senza_struttura=True)
        self.fields["ente_gestore"].queryset = ente_list(ambito=ambito)
        self.fields["comune"].queryset = comune_list(ambito=ambito)


class WizardSceltaForm(ConStileBootstrap, forms.Form):
    """Step 1 of the CPE wizard: a new unit, or a change of one in the register."""

    unita = forms.ModelChoiceField(label=_("Unità già in registro"), required=False, queryset=None,
                                   empty_label=_("— Nuova unità d'offerta (CPE di avvio) —"))

    def __init__(self, *args: Any, ambito: Ambito, ente: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unita"].queryset = selectors.unita_list(ambito=ambito, ente=ente).exclude(
            stato=StatoUnita.CESSATA)


class DataForm(ConStileBootstrap, forms.Form):
    data = CampoData(label=_("Data"))


class IntegrazioniForm(DataForm):
    motivo = forms.CharField(label=_("Integrazioni richieste"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))


class EsitoATSForm(ConStileBootstrap, forms.Form):
    esito = forms.ChoiceField(label=_("Esito della vigilanza"), choices=[
        (StatoCPE.ESITO_POSITIVO, _("Positivo")), (StatoCPE.PRESCRIZIONI, _("Con prescrizioni")),
        (StatoCPE.INIBITA, _("Inibizione dell'attività"))])
    data_sopralluogo = CampoData(label=_("Data del sopralluogo"))
    data_esito = CampoData(label=_("Data dell'esito"))
    prescrizioni = forms.CharField(label=_("Prescrizioni"), required=False, max_length=4000,
                                   widget=forms.Textarea(attrs={"rows": 3}))
    termine_prescrizioni = CampoData(label=_("Termine per ottemperare"), required=False)


class PrescrizioniForm(DataForm):
    ottemperate = forms.TypedChoiceField(label=_("Esito della verifica delle prescrizioni"), coerce=lambda v: v == "si",
                                         choices=[("si", _("Ottemperate: esito positivo")),
                                                  ("no", _("Non ottemperate: attività inibita"))])
    note = forms.CharField(label=_("Note"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class ChecklistForm(ConStileBootstrap, forms.Form):
    """One esito + note per requirement line of the CPE."""

    def __init__(self, *args: Any, verifiche: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.righe = []
        for v in verifiche:
            self.fields[f"esito_{v.pk}"] = forms.ChoiceField(label=v.requisito.testo, choices=EsitoRequisito.choices,
                                                             initial=v.esito)
            self.fields[f"nota_{v.pk}"] = forms.CharField(label=_("Nota"), required=False, max_length=500,
                                                          initial=v.nota)
            self.righe.append((v, f"esito_{v.pk}", f"nota_{v.pk}"))

    def esiti(self) -> dict[int, tuple[str, str]]:
        return {v.pk: (self.cleaned_data[e], self.cleaned_data[n]) for v, e, n in self.righe}

    def campi_righe(self) -> list:
        return [(v, self[e], self[n]) for v, e, n in self.righe]


class UnitaForm(ConStileBootstrap, forms.Form):
    codice_afam = forms.CharField(label=_("Codice regionale (AFAM)"), required=False, max_length=30)
    denominazione = forms.CharField(label=_("Denominazione"), max_length=200)
    telefono = forms.CharField(label=_("Telefono della struttura"), required=False, max_length=30)
    email = forms.EmailField(label=_("E-mail della struttura"), required=False)
    latitudine = forms.DecimalField(label=_("Latitudine"), required=False, max_digits=9, decimal_places=6,
                                    localize=True)
    longitudine = forms.DecimalField(label=_("Longitudine"), required=False, max_digits=9, decimal_places=6,
                                    localize=True)
    giorni_apertura = forms.CharField(label=_("Giorni di apertura"), required=False, max_length=100)
    orari_apertura = forms.CharField(label=_("Orari di apertura"), required=False, max_length=100)
    retta_mensile = CampoImporto(label=_("Retta mensile"), required=False)
    rapporto_personale = forms.CharField(label=_("Rapporto operatori/utenti"), required=False, max_length=50)


class ComunicazioneForm(ConStileBootstrap, forms.Form):
    tipo = forms.ChoiceField(label=_("Comunicazione"), choices=TipoComunicazione.choices)
    data = CampoData(label=_("Data"))
    testo = forms.CharField(label=_("Contenuto"), required=False, max_length=2000,
                            widget=forms.Textarea(attrs={"rows": 3}))


class VisitaForm(ConStileBootstrap, forms.Form):
    data = CampoData(label=_("Data del sopralluogo"))
    esito = forms.ChoiceField(label=_("Esito"), choices=EsitoVigilanza.choices)
    prescrizioni = forms.CharField(label=_("Prescrizioni"), required=False, max_length=4000,
                                   widget=forms.Textarea(attrs={"rows": 3}))
    termine = CampoData(label=_("Termine per ottemperare"), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class BandoForm(ConStileBootstrap, forms.Form):
    titolo = forms.CharField(label=_("Titolo"), max_length=200)
    requisiti = forms.CharField(label=_("Requisiti comuni dell'Ambito"), max_length=8000,
                                widget=forms.Textarea(attrs={"rows": 5}))
    data_apertura = CampoData(label=_("Aperto dal"))
    data_chiusura = CampoData(label=_("Aperto fino al"), required=False)


class AccreditamentoForm(ConStileBootstrap, forms.Form):
    bando = forms.ModelChoiceField(label=_("Bando"), required=False, queryset=None)
    data_domanda = CampoData(label=_("Data della domanda"))
    posti = forms.IntegerField(label=_("Posti da accreditare"), min_value=1, max_value=100000)

    def __init__(self, *args: Any, ambito: Ambito, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bando"].queryset = selectors.bando_list(ambito=ambito)


class AccreditamentoStatoForm(ConStileBootstrap, forms.Form):
    stato = forms.ChoiceField(label=_("Nuovo stato"), choices=StatoAccreditamento.choices)
    data = CampoData(label=_("Data"))
    atto = forms.ModelChoiceField(label=_("Atto di accreditamento"), required=False, queryset=None)
    scadenza = CampoData(label=_("Verifica periodica entro"), required=False)
    retta_patto = CampoImporto(label=_("Retta del patto"), required=False)
    valore_voucher = CampoImporto(label=_("Valore del voucher"), required=False)
    motivo = forms.CharField(label=_("Motivazione"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, ambito: Ambito, **kwargs: Any) -> None:
        from ambito.atti.selectors import atto_list

        super().__init__(*args, **kwargs)
        self.fields["atto"].queryset = atto_list(ambito=ambito, solo_pubblicati=False)


class ContrattoForm(ConStileBootstrap, forms.Form):
    committente = forms.ModelChoiceField(label=_("Committente"), queryset=None)
    data_inizio = CampoData(label=_("Dal"))
    data_fine = CampoData(label=_("Al"))
    posti = forms.IntegerField(label=_("Posti"), min_value=1, max_value=100000)
    tariffa = CampoImporto(label=_("Tariffa"))
    unita_tariffa = forms.CharField(label=_("Tariffa per"), max_length=30, initial="giornata")

    def __init__(self, *args: Any, ambito: Ambito, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committente"].queryset = ente_list(ambito=ambito)


class ConsuntivoForm(ConStileBootstrap, forms.Form):
    anno = forms.IntegerField(label=_("Anno di attività"), min_value=2000, max_value=2100)
    utenti = forms.IntegerField(label=_("Utenti / iscritti"), min_value=0, max_value=1000000)
    giornate = forms.IntegerField(label=_("Giornate di apertura"), min_value=0, max_value=366)
    costi = CampoImporto(label=_("Costi"))
    ricavi = CampoImporto(label=_("Ricavi"), required=False)

    def clean_ricavi(self) -> Any:
        from decimal import Decimal

        return self.cleaned_data.get("ricavi") or Decimal("0")


class AvvisoFSRForm(ConStileBootstrap, forms.Form):
    anno = forms.IntegerField(label=_("Anno di attività rendicontato"), min_value=2000, max_value=2100)
    data_riferimento = CampoData(label=_("Unità attive al"))
    scadenza = CampoData(label=_("Termine per i consuntivi"))
    atto = forms.ModelChoiceField(label=_("Atto che approva l'avviso"), required=False, queryset=None)

    def __init__(self, *args: Any, ambito: Ambito, **kwargs: Any) -> None:
        from ambito.atti.selectors import atto_list

        super().__init__(*args, **kwargs)
        self.fields["atto"].queryset = atto_list(ambito=ambito, solo_pubblicati=False)


class CriterioFSRForm(ConStileBootstrap, forms.Form):
    anno = forms.IntegerField(label=_("Anno di attività"), min_value=2000, max_value=2100)
    area = forms.ChoiceField(label=_("Area"), choices=AreaFSR.choices)
    importo = CampoImporto(label=_("Quota dell'area"))
    atto = forms.ModelChoiceField(label=_("Deliberazione dell'Assemblea"), queryset=None)

    def __init__(self, *args: Any, ambito: Ambito, **kwargs: Any) -> None:
        from ambito.atti.selectors import atto_list

        super().__init__(*args, **kwargs)
        self.fields["atto"].queryset = atto_list(ambito=ambito, solo_pubblicati=False)


class ContributoForm(ConStileBootstrap, forms.Form):
    assegnazione = forms.ModelChoiceField(label=_("Assegnazione FSR"), queryset=None)
    importo = CampoImporto(label=_("Contributo"))
    atto = forms.ModelChoiceField(label=_("Atto"), queryset=None)
    data_contabile = CampoData(label=_("Data contabile"))

    def __init__(self, *args: Any, ambito: Ambito, **kwargs: Any) -> None:
        from ambito.atti.selectors import atto_list
        from fondi.selectors import assegnazione_list_scelte

        super().__init__(*args, **kwargs)
        self.fields["assegnazione"].queryset = assegnazione_list_scelte(ambito=ambito).filter(fonte__codice="FSR")
        self.fields["atto"].queryset = atto_list(ambito=ambito, solo_pubblicati=False)
