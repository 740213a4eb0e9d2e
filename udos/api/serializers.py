"""Input and output of each API operation of the register (one pair per operation). Ids in bodies are resolved
through selectors inside the URL's Ambito: another Ambito's comune, ente or type is "not found"."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from rest_framework import serializers

from ambito.atti.models import Atto
from ambito.atti.selectors import atto_list
from ambito.territorio.models import Comune, Ente
from ambito.territorio.selectors import comune_list, ente_list
from fondi.selectors import assegnazione_list_scelte
from udos import selectors
from udos.models import (
    BandoAccreditamento,
    CanaleCPE,
    EsitoRequisito,
    EsitoVigilanza,
    StatoAccreditamento,
    StatoCPE,
    StatoUnita,
    TipoComunicazione,
    TipoCPE,
    TipologiaUdO,
    TitolareProcedimento,
)

Importo = serializers.DecimalField
_IMP = {"max_digits": 12, "decimal_places": 2}


class _Modello:
    """Stands in for a queryset until validation time (drf-spectacular only reads ``.model``)."""

    def __init__(self, model: type) -> None:
        self.model = model


class OggettoDellAmbito(serializers.PrimaryKeyRelatedField):
    """An id resolved through a selector with the view's Ambito (``context["ambito"]``) at validation time."""

    def __init__(self, modello: type, selettore: Callable[..., QuerySet], **kwargs: Any) -> None:
        self.selettore = selettore
        super().__init__(queryset=_Modello(modello), **kwargs)

    def get_queryset(self) -> QuerySet:
        return self.selettore(ambito=self.context["ambito"], ente=self.context.get("ente_visibile"))


def _tipologia(**kwargs: Any) -> OggettoDellAmbito:
    return OggettoDellAmbito(TipologiaUdO, lambda ambito, ente: selectors.tipologia_list(), **kwargs)


def _comune(**kwargs: Any) -> OggettoDellAmbito:
    return OggettoDellAmbito(Comune, lambda ambito, ente: comune_list(ambito=ambito), **kwargs)


def _ente(**kwargs: Any) -> OggettoDellAmbito:
    """The ente gestore of a new CPE (a gestore: only their own); the new gestore of a change of gestore is looked
    up among the Ambito's enti (``_ente_dell_ambito``)."""
    return OggettoDellAmbito(Ente, lambda ambito, ente: selectors.ente_gestore_list(ambito=ambito, ente=ente),
                             **kwargs)


def _ente_dell_ambito(**kwargs: Any) -> OggettoDellAmbito:
    return OggettoDellAmbito(Ente, lambda ambito, ente: ente_list(ambito=ambito), **kwargs)


# --- outputs ----------------------------------------------------------------------------------------------


class RequisitoOutput(serializers.Serializer):
    codice = serializers.CharField()
    testo = serializers.CharField()


class TipologiaOutput(serializers.Serializer):
    id = serializers.IntegerField()
    codice = serializers.CharField()
    versione = serializers.IntegerField()
    denominazione = serializers.CharField()
    area = serializers.CharField()
    unita_capacita = serializers.CharField()
    capacita_min = serializers.IntegerField(allow_null=True)
    capacita_max = serializers.IntegerField(allow_null=True)
    ore_consecutive_max = serializers.IntegerField(allow_null=True)
    sociale = serializers.BooleanField()
    fsr_ammissibile = serializers.BooleanField()
    riferimento_normativo = serializers.CharField()
    valida_dal = serializers.DateField()
    valida_al = serializers.DateField(allow_null=True)
    requisiti = RequisitoOutput(many=True, source="requisiti.all")


class EnteGestoreOutput(serializers.Serializer):
    id = serializers.IntegerField()
    denominazione = serializers.CharField()
    codice_fiscale = serializers.CharField()


class UnitaOutput(serializers.Serializer):
    id = serializers.IntegerField()
    codice_afam = serializers.CharField()
    tipologia = serializers.CharField(source="tipologia.codice", allow_null=True, default=None)
    denominazione = serializers.CharField()
    ente_gestore = EnteGestoreOutput()
    titolare = EnteGestoreOutput(allow_null=True)
    comune = serializers.CharField(source="comune.codice_istat")
    indirizzo = serializers.CharField()
    latitudine = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True)
    longitudine = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True)
    telefono = serializers.CharField()
    email = serializers.CharField()
    capacita_autorizzata = serializers.IntegerField()
    posti_accreditati = serializers.IntegerField()
    posti_contrattualizzati = serializers.IntegerField()
    giorni_apertura = serializers.CharField()
    orari_apertura = serializers.CharField()
    retta_mensile = Importo(**_IMP, allow_null=True)
    rapporto_personale = serializers.CharField()
    stato = serializers.ChoiceField(choices=StatoUnita.choices)
    data_avvio = serializers.DateField()
    data_cessazione = serializers.DateField(allow_null=True)
    sperimentale = serializers.BooleanField()


class VerificaOutput(serializers.Serializer):
    id = serializers.IntegerField()
    requisito = serializers.CharField(source="requisito.codice")
    testo = serializers.CharField(source="requisito.testo")
    esito = serializers.ChoiceField(choices=EsitoRequisito.choices)
    nota = serializers.CharField()


class CPEOutput(serializers.Serializer):
    id = serializers.IntegerField()
    unita = serializers.IntegerField(source="unita_id")
    tipo = serializers.ChoiceField(choices=TipoCPE.choices)
    precedente = serializers.IntegerField(source="precedente_id", allow_null=True)
    canale = serializers.ChoiceField(choices=CanaleCPE.choices)
    titolare_procedimento = serializers.ChoiceField(choices=TitolareProcedimento.choices)
    protocollo = serializers.CharField()
    data_presentazione = serializers.DateField()
    stato = serializers.ChoiceField(choices=StatoCPE.choices)
    tipologia = serializers.CharField(source="tipologia.codice")
    capacita = serializers.IntegerField()
    ente_gestore = serializers.IntegerField(source="ente_gestore_id")
    indirizzo = serializers.CharField()
    data_verifica = serializers.DateField(allow_null=True)
    data_integrazioni_richieste = serializers.DateField(allow_null=True)
    motivo_integrazioni = serializers.CharField()
    data_integrazioni_ricevute = serializers.DateField(allow_null=True)
    data_richiesta_ats = serializers.DateField(allow_null=True)
    data_sopralluogo = serializers.DateField(allow_null=True)
    data_esito = serializers.DateField(allow_null=True)
    prescrizioni = serializers.CharField()
    termine_prescrizioni = serializers.DateField(allow_null=True)
    data_ottemperanza = serializers.DateField(allow_null=True)


class CPEDettaglioOutput(CPEOutput):
    verifiche = VerificaOutput(many=True, source="verifiche_lette")


class VisitaOutput(serializers.Serializer):
    id = serializers.IntegerField()
    unita = serializers.IntegerField(source="unita_id")
    cpe = serializers.IntegerField(source="cpe_id", allow_null=True)
    data = serializers.DateField()
    esito = serializers.ChoiceField(choices=EsitoVigilanza.choices)
    prescrizioni = serializers.CharField()
    termine = serializers.DateField(allow_null=True)
    ottemperata_il = serializers.DateField(allow_null=True)


class AccreditamentoOutput(serializers.Serializer):
    id = serializers.IntegerField()
    unita = serializers.IntegerField(source="unita_id")
    stato = serializers.CharField()
    data_domanda = serializers.DateField()
    data_accreditamento = serializers.DateField(allow_null=True)
    scadenza = serializers.DateField(allow_null=True)
    posti = serializers.IntegerField()
    retta_patto = Importo(**_IMP, allow_null=True)
    valore_voucher = Importo(**_IMP, allow_null=True)


class ConsuntivoOutput(serializers.Serializer):
    id = serializers.IntegerField()
    unita = serializers.IntegerField(source="unita_id")
    anno = serializers.IntegerField()
    utenti = serializers.IntegerField()
    giornate = serializers.IntegerField()
    costi = Importo(**_IMP)
    ricavi = Importo(**_IMP)
    sbilancio = Importo(**_IMP)
    contributo = Importo(**_IMP, allow_null=True)


class ComunicazioneOutput(serializers.Serializer):
    id = serializers.IntegerField()
    unita = serializers.IntegerField(source="unita_id")
    tipo = serializers.ChoiceField(choices=TipoComunicazione.choices)
    data = serializers.DateField()
    testo = serializers.CharField()


# --- inputs -----------------------------------------------------------------------------------------------


class FiltroUnitaInput(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=100)
    stato = serializers.ChoiceField(choices=StatoUnita.choices, required=False)
    tipologia = serializers.CharField(required=False, max_length=20)
    area = serializers.CharField(required=False, max_length=20, help_text="prima_infanzia, minori, disabili, anziani")
    comune = serializers.IntegerField(required=False, min_value=1)


class UnitaSenzaCPEInput(serializers.Serializer):
    tipologia = OggettoDellAmbito(TipologiaUdO, lambda ambito, ente: selectors.tipologia_list(senza_struttura=True),
                                  required=False, allow_null=True,
                                  help_text="Un servizio senza struttura (SAD, ADM, AES); omesso: unità sperimentale.")
    atto_sperimentazione = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    denominazione = serializers.CharField(max_length=200)
    ente_gestore = OggettoDellAmbito(Ente, lambda ambito, ente: ente_list(ambito=ambito))
    comune = OggettoDellAmbito(Comune, lambda ambito, ente: comune_list(ambito=ambito))
    indirizzo = serializers.CharField(max_length=200)
    capacita = serializers.IntegerField(min_value=1, max_value=100000)
    data_avvio = serializers.DateField()


class _Procedimento(serializers.Serializer):
    canale = serializers.ChoiceField(choices=CanaleCPE.choices)
    titolare_procedimento = serializers.ChoiceField(choices=TitolareProcedimento.choices, required=False,
                                                    default=TitolareProcedimento.UFFICIO_PIANO)
    protocollo = serializers.CharField(required=False, allow_blank=True, max_length=50, default="")
    data_presentazione = serializers.DateField()


class CPEAvvioInput(_Procedimento):
    tipologia = _tipologia()
    denominazione = serializers.CharField(max_length=200)
    ente_gestore = _ente()
    comune = _comune()
    indirizzo = serializers.CharField(max_length=200)
    capacita = serializers.IntegerField(min_value=1, max_value=100000)
    telefono = serializers.CharField(required=False, allow_blank=True, max_length=30)
    email = serializers.EmailField(required=False, allow_blank=True)
    giorni_apertura = serializers.CharField(required=False, allow_blank=True, max_length=100)
    orari_apertura = serializers.CharField(required=False, allow_blank=True, max_length=100)
    retta_mensile = Importo(**_IMP, required=False, allow_null=True, min_value=0)


class CPEVariazioneInput(_Procedimento):
    tipo = serializers.ChoiceField(choices=TipoCPE.choices, help_text="Ogni tipo tranne 'avvio' (l'unità esiste già).")
    capacita = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=100000)
    tipologia = _tipologia(required=False, allow_null=True)
    indirizzo = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    comune = _comune(required=False, allow_null=True)
    ente_gestore = _ente_dell_ambito(required=False, allow_null=True)


AZIONI_CPE = ("verifica", "integrazioni", "integrazioni_ricevute", "vigilanza", "esito", "prescrizioni")


class TransizioneCPEInput(serializers.Serializer):
    azione = serializers.ChoiceField(choices=[(a, a) for a in AZIONI_CPE])
    data = serializers.DateField(required=False, help_text="Data del passo (tutte le azioni tranne 'esito').")
    motivo = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    esito = serializers.ChoiceField(choices=StatoCPE.choices, required=False,
                                    help_text="Per 'esito': esito_positivo, prescrizioni o inibita.")
    data_sopralluogo = serializers.DateField(required=False)
    data_esito = serializers.DateField(required=False)
    prescrizioni = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="")
    termine_prescrizioni = serializers.DateField(required=False, allow_null=True)
    ottemperate = serializers.BooleanField(required=False)

    def validate(self, dati: dict[str, Any]) -> dict[str, Any]:
        servono = {"esito": ("esito", "data_sopralluogo", "data_esito"),
                   "prescrizioni": ("data", "ottemperate")}.get(dati["azione"], ("data",))
        mancanti = {campo: [_("Campo obbligatorio per questa azione.")] for campo in servono if campo not in dati}
        if mancanti:
            raise serializers.ValidationError(mancanti)
        return dati


class EsitoVerificaInput(serializers.Serializer):
    id = serializers.IntegerField()
    esito = serializers.ChoiceField(choices=EsitoRequisito.choices)
    nota = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")


class ChecklistInput(serializers.Serializer):
    esiti = EsitoVerificaInput(many=True, allow_empty=False)


class VisitaInput(serializers.Serializer):
    data = serializers.DateField()
    esito = serializers.ChoiceField(choices=EsitoVigilanza.choices)
    prescrizioni = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="")
    termine = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class ConsuntivoInput(serializers.Serializer):
    anno = serializers.IntegerField(min_value=2000, max_value=2100)
    utenti = serializers.IntegerField(min_value=0, max_value=1000000)
    giornate = serializers.IntegerField(min_value=0, max_value=366)
    costi = Importo(**_IMP, min_value=0)
    ricavi = Importo(**_IMP, min_value=0)


class ComunicazioneInput(serializers.Serializer):
    tipo = serializers.ChoiceField(choices=TipoComunicazione.choices)
    data = serializers.DateField()
    testo = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")



class CriterioFSRInput(serializers.Serializer):
    anno = serializers.IntegerField(min_value=2000, max_value=2100)
    # A plain string (checked by the service): a choice field named "area" would clash with fondi's in the schema.
    area = serializers.CharField(max_length=20, help_text="prima_infanzia, minori, disabili o anziani")
    importo = Importo(**_IMP, min_value=Decimal("0.01"))
    atto = OggettoDellAmbito(Atto, lambda ambito, ente: atto_list(ambito=ambito, solo_pubblicati=False))


class CriterioFSROutput(serializers.Serializer):
    id = serializers.IntegerField()
    anno = serializers.IntegerField()
    area = serializers.CharField()
    importo = Importo(**_IMP)
    atto = serializers.IntegerField(source="atto_id")


class UnitaModificaInput(serializers.Serializer):
    """The data that change without a CPE (omitted fields stay as they are)."""

    codice_afam = serializers.CharField(required=False, allow_blank=True, max_length=30)
    denominazione = serializers.CharField(required=False, max_length=200)
    telefono = serializers.CharField(required=False, allow_blank=True, max_length=30)
    email = serializers.EmailField(required=False, allow_blank=True)
    latitudine = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True)
    longitudine = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True)
    giorni_apertura = serializers.CharField(required=False, allow_blank=True, max_length=100)
    orari_apertura = serializers.CharField(required=False, allow_blank=True, max_length=100)
    retta_mensile = Importo(**_IMP, required=False, allow_null=True, min_value=0)
    rapporto_personale = serializers.CharField(required=False, allow_blank=True, max_length=50)

    def validate(self, dati: dict[str, Any]) -> dict[str, Any]:
        iniziali = self.initial_data if isinstance(self.initial_data, dict) else {}
        estranei = sorted(set(iniziali) - set(self.fields))
        if estranei:
            raise serializers.ValidationError({campo: [_("Non modificabile qui: tipologia, capacità, sede e gestore "
                                                         "cambiano solo con una CPE.")] for campo in estranei})
        return dati


class AccreditamentoInput(serializers.Serializer):
    data_domanda = serializers.DateField()
    posti = serializers.IntegerField(min_value=1, max_value=100000)
    bando = OggettoDellAmbito(BandoAccreditamento, lambda ambito, ente: selectors.bando_list(ambito=ambito),
                              required=False, allow_null=True)


class AccreditamentoTransizioneInput(serializers.Serializer):
    stato = serializers.ChoiceField(choices=StatoAccreditamento.choices)
    data = serializers.DateField()
    atto = OggettoDellAmbito(Atto, lambda ambito, ente: atto_list(ambito=ambito, solo_pubblicati=False),
                             required=False, allow_null=True)
    scadenza = serializers.DateField(required=False, allow_null=True)
    retta_patto = Importo(**_IMP, required=False, allow_null=True)
    valore_voucher = Importo(**_IMP, required=False, allow_null=True)
    motivo = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class ContrattoOutput(serializers.Serializer):
    id = serializers.IntegerField()
    committente = serializers.IntegerField(source="committente_id")
    data_inizio = serializers.DateField()
    data_fine = serializers.DateField()
    posti = serializers.IntegerField()
    tariffa = Importo(**_IMP)
    unita_tariffa = serializers.CharField()


class AccreditamentoDettaglioOutput(AccreditamentoOutput):
    contratti = ContrattoOutput(many=True, source="contratti_letti")


class ContrattoInput(serializers.Serializer):
    committente = OggettoDellAmbito(Ente, lambda ambito, ente: ente_list(ambito=ambito))
    data_inizio = serializers.DateField()
    data_fine = serializers.DateField()
    posti = serializers.IntegerField(min_value=1, max_value=100000)
    tariffa = Importo(**_IMP)
    unita_tariffa = serializers.CharField(required=False, max_length=30, default="giornata")


class DataPassoInput(serializers.Serializer):
    data = serializers.DateField()


class ContributoInput(serializers.Serializer):
    # fondi's model named through the app registry (modules talk through selectors and services, not models)
    assegnazione = OggettoDellAmbito(apps.get_model("fondi", "Assegnazione"),
                                     lambda ambito, ente: assegnazione_list_scelte(ambito=ambito))
    importo = Importo(**_IMP)
    atto = OggettoDellAmbito(Atto, lambda ambito, ente: atto_list(ambito=ambito, solo_pubblicati=False))
    data_contabile = serializers.DateField()


class BandoAccreditamentoInput(serializers.Serializer):
    titolo = serializers.CharField(max_length=200)
    requisiti = serializers.CharField(max_length=8000)
    data_apertura = serializers.DateField()
    data_chiusura = serializers.DateField(required=False, allow_null=True)


class BandoAccreditamentoOutput(serializers.Serializer):
    id = serializers.IntegerField()
    titolo = serializers.CharField()
    requisiti = serializers.CharField()
    data_apertura = serializers.DateField()
    data_chiusura = serializers.DateField(allow_null=True)


class AvvisoFSRInput(serializers.Serializer):
    anno = serializers.IntegerField(min_value=2000, max_value=2100)
    data_riferimento = serializers.DateField()
    scadenza = serializers.DateField()
    atto = OggettoDellAmbito(Atto, lambda ambito, ente: atto_list(ambito=ambito, solo_pubblicati=False),
                             required=False, allow_null=True)


class AvvisoFSROutput(serializers.Serializer):
    id = serializers.IntegerField()
    anno = serializers.IntegerField()
    data_riferimento = serializers.DateField()
    scadenza = serializers.DateField()
    atto = serializers.IntegerField(source="atto_id", allow_null=True)
