"""Retention of closed domande (data protection: limited storage): past the measure's years they are anonymised.

Each measure sets how long closed domande are kept (``Misura.anni_conservazione``, and
``anni_conservazione_non_ammesse`` for the ones not admitted, usually shorter). A beat task runs
:func:`domande_anonymise` once a day in every Ambito: for each closed domanda (non ammissibile, ritirata,
cessata, decaduta) whose ``chiusa_il`` is older than its measure's years it

* keeps what statistics need: bando, strumento, comune, state, dates, protocol number, score, ISEE type,
  the rule outcomes' codes and results, the assessment's scale and score;
* drops the person: declared ISEE value and disability data, free texts (reasons, notes, équipe, objectives,
  interventions, rule details), the files of its attachments (the rows stay, renamed, because downloads are
  logged append-only), and — when the beneficiary has no other domanda left that is not anonymised — the
  beneficiary's identity (name, codice fiscale, contacts, IBAN, caregiver; birth date reduced to the year)
  with their ISEE attestations, certifications and declared benefits.

A domanda in any open state (bozza … sospesa, see ``STATI_APERTI``) is never touched. The report says what was
done: it is logged, returned by the task, and sent to the office as a notification (``misure.conservazione``).

Limitation: the change history (django-simple-history) is append-only by design and keeps the earlier
values; purging it needs a core retention path (see misure/README.md).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from celery import shared_task
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ambito.allegati.models import Allegato
from ambito.jobs.tasks import AmbitoTask, per_ogni_ambito_attivo
from ambito.notifiche.services import notifica_create
from ambito.tenancy.models import Ambito
from misure.models import (
    STATI_APERTI,
    AttestazioneISEE,
    Beneficiario,
    BeneficioEsterno,
    Certificazione,
    Domanda,
    EsitoRegola,
    EventoDomanda,
    ProgettoIndividuale,
    StatoDomanda,
    Valutazione,
)
from misure.selectors.domande import domande_da_anonimizzare
from misure.services.domande import ISTRUISCI, _svuota_allegato

logger = logging.getLogger(__name__)
ANONIMO = "[anonimizzato]"
TIPO_NOTIFICA = "misure.conservazione"


@dataclass
class Resoconto:
    """What one run did (also logged): domande and beneficiaries anonymised, files removed."""

    domande: list[str] = field(default_factory=list)
    beneficiari: int = 0
    file_rimossi: int = 0
    controllate: int = 0

    def as_dict(self) -> dict:
        return {"domande": self.domande, "beneficiari": self.beneficiari, "file_rimossi": self.file_rimossi,
                "controllate": self.controllate}


def _scaduta(domanda: Domanda, oggi: dt.date) -> bool:
    misura = domanda.bando.edizione.misura
    anni = (misura.anni_conservazione_non_ammesse if domanda.stato == StatoDomanda.NON_AMMISSIBILE
            else misura.anni_conservazione)
    chiusa = timezone.localdate(domanda.chiusa_il)
    try:
        fine = chiusa.replace(year=chiusa.year + anni)
    except ValueError:  # 29 February
        fine = chiusa.replace(year=chiusa.year + anni, day=28)
    return fine <= oggi


def _anonimizza_domanda(domanda: Domanda, resoconto: Resoconto) -> None:
    for campo in ("isee_valore", "isee_scadenza", "l104_c3", "l104_c1", "indennita_accompagnamento",
                  "invalidita_percentuale", "vive_al_domicilio", "costo_effettivo_mensile", "parametro_fasce",
                  "data_protocollo_capofila"):
        setattr(domanda, campo, None)
    domanda.condizioni, domanda.benefici_dichiarati, domanda.punteggio_dettaglio = {}, [], []
    domanda.protocollo_capofila = ""
    for campo in ("motivo_forzatura", "motivo_esito"):
        if getattr(domanda, campo):
            setattr(domanda, campo, ANONIMO)
    domanda.anonimizzata_il = timezone.now()
    domanda.save()
    for evento in EventoDomanda.objects.filter(domanda=domanda).exclude(motivo=""):
        evento.motivo = ANONIMO
        evento.save(update_fields=["motivo"])
    for esito in EsitoRegola.objects.filter(domanda=domanda).exclude(dettaglio=""):
        esito.dettaglio = ""
        esito.save(update_fields=["dettaglio"])
    for valutazione in Valutazione.objects.filter(domanda=domanda):
        valutazione.equipe = valutazione.note = valutazione.sina_area_reddituale = ""
        for campo in ("sina_mobilita", "sina_attivita_quotidiane", "sina_disturbi_cognitivi",
                      "sina_bisogni_sanitari", "sina_rete_supporto"):
            setattr(valutazione, campo, None)
        valutazione.save()
    for progetto in ProgettoIndividuale.objects.filter(domanda=domanda):
        progetto.obiettivi_individuali = progetto.interventi_individuali = ANONIMO
        progetto.save(update_fields=["obiettivi_individuali", "interventi_individuali"])
    for allegato in Allegato.objects.filter(ambito_id=domanda.ambito_id, content_type__app_label="misure",
                                            content_type__model="domanda", object_id=domanda.pk):
        resoconto.file_rimossi += allegato.versioni.exclude(file="").count()
        _svuota_allegato(allegato)
    resoconto.domande.append(str(domanda))


def _anonimizza_beneficiario(beneficiario: Beneficiario) -> bool:
    """Drop the person once none of their domande still needs them (all anonymised)."""
    if beneficiario.anonimizzato_il is not None:
        return False
    if Domanda.objects.filter(beneficiario=beneficiario, anonimizzata_il__isnull=True).exists():
        return False
    beneficiario.codice_fiscale = f"ANON{beneficiario.pk:012d}"[-16:]
    beneficiario.cognome = beneficiario.nome = ANONIMO
    beneficiario.data_nascita = beneficiario.data_nascita.replace(month=1, day=1)
    for campo in ("indirizzo", "domicilio", "telefono", "email", "caregiver_nome", "caregiver_codice_fiscale",
                  "caregiver_relazione", "iban", "intestatario_iban"):
        setattr(beneficiario, campo, "")
    beneficiario.anonimizzato_il = timezone.now()
    beneficiario.save()
    for modello in (AttestazioneISEE, Certificazione, BeneficioEsterno):
        for riga in modello.objects.filter(beneficiario=beneficiario):
            riga.delete()
    return True


@transaction.atomic
def domande_anonymise(*, ambito: Ambito, oggi: dt.date | None = None, actor=None) -> Resoconto:
    """Anonymise the Ambito's closed domande past their measure's retention (see the module docstring)."""
    oggi = oggi or timezone.localdate()
    resoconto = Resoconto()
    beneficiari = {}
    for domanda in domande_da_anonimizzare(ambito=ambito).select_for_update(of=("self",)):
        resoconto.controllate += 1
        if domanda.stato in STATI_APERTI or not _scaduta(domanda, oggi):
            continue
        _anonimizza_domanda(domanda, resoconto)
        beneficiari[domanda.beneficiario_id] = domanda.beneficiario
    for beneficiario in beneficiari.values():
        resoconto.beneficiari += _anonimizza_beneficiario(beneficiario)
    logger.info("misure retention in %s: %s", ambito.slug, resoconto.as_dict())
    if resoconto.domande:
        _notifica_resoconto(ambito, resoconto)
    return resoconto


def _notifica_resoconto(ambito: Ambito, resoconto: Resoconto) -> None:
    """The report to the office (whoever instructs domande): what was anonymised."""
    titolo = ngettext("Conservazione: anonimizzata %(n)d domanda chiusa",
                      "Conservazione: anonimizzate %(n)d domande chiuse", len(resoconto.domande)) % {
        "n": len(resoconto.domande)}
    testo = _("Domande: %(domande)s. Beneficiari anonimizzati: %(b)d. File rimossi: %(f)d.") % {
        "domande": ", ".join(resoconto.domande), "b": resoconto.beneficiari, "f": resoconto.file_rimossi}
    notifica_create(ambito=ambito, tipo=TIPO_NOTIFICA, titolo=titolo, testo=testo, capacita=ISTRUISCI, actor=None)


@shared_task(name="misure.anonimizza_domande")
def anonimizza_domande() -> int:
    """Beat task: fan out the retention run, one task per active Ambito (each in its scope)."""
    return per_ogni_ambito_attivo(anonimizza_domande_ambito)


@shared_task(base=AmbitoTask, name="misure.anonimizza_domande_ambito")
def anonimizza_domande_ambito(*, ambito: Ambito) -> dict:
    return domande_anonymise(ambito=ambito).as_dict()
