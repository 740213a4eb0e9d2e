"""State changes of the data returns: request a production (which starts its job), record the checks' findings,
mark a production submitted with its receipt, log a download; maintain the mapping table; clean up the compact
rows of superseded productions (the system's beat task).

Every function is keyword-only, atomic and takes the acting user; a broken rule raises ``RegolaViolata``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import forms
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from ambito import regole
from ambito.accounts.models import Utente
from ambito.errors import Conflitto, RegolaViolata
from ambito.jobs.models import StatoJob
from ambito.jobs.services import job_create
from ambito.tenancy.models import Ambito
from misure.services import siuss as misure_siuss
from rendicontazione import codici
from rendicontazione.mappabili import LOCALE, tipi_mappabili
from rendicontazione.models import (
    ConfigurazioneWaaS,
    EsitoControlli,
    Invio,
    ScaricamentoInvio,
    StatistichePubbliche,
    TermineDebito,
    VoceMappatura,
)
from rendicontazione.registry import Anomalia, Periodo, ritorno_get

logger = logging.getLogger(__name__)


@transaction.atomic
def invio_create(*, ambito: Ambito, actor: Utente | None, codice: str, anno: int, periodo: int, formato: str,
                 parametri: dict[str, Any] | None = None) -> Invio:
    """Record a production of the return ``codice`` for a period and start its job (after commit).

    The period must exist for the return's periodicity and the format be one the return offers."""
    ritorno = ritorno_get(codice)
    Periodo.valido(anno, periodo, ritorno.periodicita)
    if formato not in ritorno.formati:
        raise RegolaViolata(_("Formato non previsto per questo debito informativo."), campo="formato",
                            codice="formato_non_previsto")
    invio = Invio(ambito=ambito, codice=codice, anno=anno, periodo=periodo, formato=formato,
                  parametri=_parametri_validi(ritorno, parametri or {}), prodotto_da=actor)
    invio.save()
    invio.job = job_create(ambito=ambito, actor=actor, tipo=f"rendicontazione.{codice}",
                           parametri={"invio": invio.pk})
    invio.save(update_fields=["job"])
    return invio


def _parametri_validi(ritorno: Any, parametri: dict[str, Any]) -> dict[str, Any]:
    """The return's own parameters, validated by its fields (unknown names refused)."""
    campi = ritorno.campi_parametri()
    for nome in parametri.keys() - campi.keys():
        raise RegolaViolata(_("Parametro non previsto: %(nome)s.") % {"nome": nome}, campo=f"parametri.{nome}")
    valori = {}
    for nome, campo in campi.items():
        try:
            valori[nome] = campo.clean(parametri.get(nome))
        except forms.ValidationError as exc:
            raise RegolaViolata(str(exc.messages[0]), campo=f"parametri.{nome}",
                                codice="parametro_non_valido") from None
    return {nome: str(valore) if valore is not None else None for nome, valore in valori.items()}


@transaction.atomic
def invio_record_controlli(*, invio: Invio, actor: Utente | None, anomalie: Iterable[Anomalia],
                           sintesi: dict[str, dict[str, str]] | None) -> Invio:
    """Store the checks' findings and the keyed summary of the figures (run by the job, once per attempt);
    ``sintesi`` None: too many rows to keep, the production's compact rows stand for it."""
    elenco = [a.come_dict() for a in anomalie]
    errori = any(a["gravita"] == "errore" for a in elenco)
    invio.anomalie = elenco
    invio.sintesi = sintesi or {}
    invio.sintesi_completa = sintesi is not None
    invio.esito_controlli = EsitoControlli.NON_SUPERATI if errori else EsitoControlli.SUPERATI
    invio.save(update_fields=["anomalie", "sintesi", "sintesi_completa", "esito_controlli"])
    return invio


@transaction.atomic
def invio_mark_inviato(*, invio: Invio, actor: Utente | None, inviato_il: dt.date, protocollo: str,
                       note: str = "") -> Invio:
    """Mark a produced file as submitted to its recipient, with the receipt (protocol number; the receipt file
    goes among the Invio's attachments). Only a file that passed the checks and exists can be submitted, once,
    and not one whose compact rows the clean-up removed (superseded: it could not be a comparison's reference).
    It becomes the reference the next productions of the same period are compared with."""
    invio = Invio.objects.select_for_update(of=("self",)).select_related("job").get(pk=invio.pk, ambito=invio.ambito)
    if invio.inviato:
        raise Conflitto(_("Questo file è già stato segnato come inviato."))
    if invio.job is None or invio.job.stato != StatoJob.COMPLETATO or invio.esito_controlli != EsitoControlli.SUPERATI:
        raise RegolaViolata(_("Si può segnare come inviato solo un file prodotto che ha superato i controlli."),
                            codice="file_non_pronto")
    if invio.righe_rimosse_il is not None:
        raise RegolaViolata(_("Questo file è stato superato da una produzione più recente dello stesso periodo e "
                              "non può più essere confrontato con i file successivi: segna come inviata la "
                              "produzione più recente, o produci di nuovo il file."), codice="file_superato")
    regole.data_non_futura(inviato_il, campo="inviato_il",
                           messaggio=_("La data d'invio non può essere successiva a oggi (%(oggi)s)."))
    if not protocollo.strip():
        raise RegolaViolata(_("Indica il numero di protocollo o l'identificativo della ricevuta."),
                            campo="protocollo")
    _nessuna_diminuzione(invio)
    invio.inviato_il, invio.inviato_da, invio.protocollo, invio.note_invio = inviato_il, actor, protocollo, note
    invio.save(update_fields=["inviato_il", "inviato_da", "protocollo", "note_invio"])
    if invio.codice == "siuss":
        _siuss_eventi_inviati(invio, actor)
    return invio


def _nessuna_diminuzione(invio: Invio) -> None:
    """A file may not be marked submitted with a figure below one already submitted: two files produced before either
    was submitted are checked against each other only now (the order of productions is not that of submissions).
    Compared on their compact rows, in one query."""
    from rendicontazione import selectors
    from rendicontazione import sintesi_db as compatta

    ritorno = ritorno_get(invio.codice)
    if not ritorno.non_diminuibili:
        return
    precedente = selectors.ultimo_inviato(ambito=invio.ambito, codice=invio.codice, anno=invio.anno,
                                          periodo=invio.periodo, escluso=invio.pk, cumulativo=ritorno.cumulativo)
    if precedente is None:
        return
    trovate = compatta.diminuzioni(invio=invio, precedente=precedente, campi=ritorno.non_diminuibili, limite=1)
    if trovate:
        d = trovate[0]
        etichetta = next((c.etichetta for c in ritorno.tracciato if c.nome == d.campo), d.campo)
        raise RegolaViolata(
            _("Questo file dichiara %(campo)s %(adesso)s per %(chiave)s, meno dei %(prima)s del file inviato il "
              "%(data)s (protocollo %(protocollo)s): la piattaforma del destinatario lo rifiuterebbe. Produci di "
              "nuovo il file.") % {"campo": etichetta, "adesso": ritorno.cifra(d.campo, Decimal(d.adesso)),
                                   "prima": ritorno.cifra(d.campo, Decimal(d.prima)), "chiave": d.chiave,
                                   "data": precedente.inviato_il.strftime("%d/%m/%Y"),
                                   "protocollo": precedente.protocollo},
            codice="diminuzione")


@transaction.atomic
def righe_superate_delete(*, ambito: Ambito, actor: Utente | None) -> int:
    """The system's clean-up of compact rows (beat ``rendicontazione.pulisci_righe_invio``, ``actor=None``): the
    rows of every unsubmitted production superseded by a newer completed production of the same return and period
    are deleted in one statement; each such Invio records it (``righe_rimosse_il``, one history row each with the
    actor, written in bulk). Submitted productions keep theirs (they are the comparisons' reference), and so does
    the latest production of a period. Returns the compact rows deleted."""
    from rendicontazione import selectors
    from rendicontazione import sintesi_db as compatta

    superati = list(selectors.invio_superati(ambito=ambito).select_for_update(of=("self",)).only(
        "pk", "ambito_id", "righe_rimosse_il"))
    if not superati:
        return 0
    righe = compatta.righe_delete(ambito_id=ambito.pk, invii=[i.pk for i in superati])
    adesso = timezone.now()
    for invio in superati:
        invio.righe_rimosse_il = adesso
    bulk_update_with_history(superati, Invio, ["righe_rimosse_il"], batch_size=1000, default_user=actor,
                             default_change_reason="pulizia delle righe compatte di produzioni superate")
    logger.info("ambito %s: compact rows of %d superseded productions deleted (%d rows, %s)", ambito.slug,
                len(superati), righe, actor)
    return righe
def _siuss_eventi_inviati(invio: Invio, actor: Utente | None) -> int:
    """The SIUSS file of a quarter submitted: misure's outbox events of the quarter not sent yet are marked (those
    written before the file's production started, so certainly in it; the WaaS feed may have sent some already)."""
    periodo = Periodo(invio.anno, invio.periodo, ritorno_get(invio.codice).periodicita)
    assert invio.job is not None and invio.inviato_il is not None  # checked above
    letti_entro = invio.job.iniziato_il or invio.job.creato_il
    adesso = timezone.now()
    quando = (adesso if invio.inviato_il >= timezone.localdate(adesso)
              else timezone.make_aware(dt.datetime.combine(invio.inviato_il, dt.time())))
    return misure_siuss.eventi_siuss_mark_inviati(
        ambito=invio.ambito, actor=actor, inviato_il=quando, dal=periodo.dal, al=periodo.al, creati_entro=letti_entro,
        motivo=_("File SIUSS %(p)s inviato (prot. %(n)s)") % {"p": periodo.etichetta, "n": invio.protocollo})


def scaricamento_record(*, invio: Invio, actor: Utente) -> ScaricamentoInvio:
    """Log that ``actor`` downloaded the produced file (who downloaded what)."""
    return ScaricamentoInvio.objects.create(ambito=invio.ambito, invio=invio, utente=actor)


@transaction.atomic
def termine_debito_set(*, ambito: Ambito, actor: Utente | None, codice: str, giorni: int, note: str = ""
                       ) -> TermineDebito:
    """Set the Ambito's deadline for a return (days after the end of each period, 1–365); the calendar and its
    reminders follow it at once."""
    ritorno_get(codice)
    if not 1 <= giorni <= 365:
        raise RegolaViolata(_("Il termine va da 1 a 365 giorni dopo la fine del periodo."), campo="giorni")
    termine = TermineDebito.objects.select_for_update().filter(ambito=ambito, codice=codice).first()
    if termine is None:
        termine = TermineDebito(ambito=ambito, codice=codice, giorni=giorni, note=note)
        termine.save()
    elif (termine.giorni, termine.note) != (giorni, note):
        termine.giorni, termine.note = giorni, note
        termine.save(update_fields=["giorni", "note"])
    return termine


# ---------------------------------------------------------------------------------------------
# The mapping table
# ---------------------------------------------------------------------------------------------

CAMPI_CODICI = ("siuss_codice_prestazione", "siuss_area_utenza", "istat_area", "istat_servizio", "voce_regionale",
                "macroarea_pdz", "ddn_intervento", "b2_strumento", "codice_cittadinanza")
CODICE_CITTADINANZA = re.compile(r"^[0-9]{3}$")


def _verifica_codici(dati: dict[str, Any]) -> None:
    """Each code must be one of the reference lists (``rendicontazione/dati``); the SIUSS benefit code and the
    citizenship code (three digits, the ISTAT code of the State) must have the XSD's shape (the nomenclatore is not
    public)."""
    elenchi = {"siuss_area_utenza": codici.siuss_aree_utenza(), "istat_area": codici.istat_aree(),
               "istat_servizio": codici.istat_servizi(), "macroarea_pdz": codici.macroaree_pdz(),
               "ddn_intervento": codici.ddn_interventi(), "b2_strumento": codici.b2_strumenti()}
    for campo, ammessi in elenchi.items():
        valore = dati.get(campo) or ""
        if valore and valore not in ammessi:
            raise RegolaViolata(_("Codice non ammesso: «%(v)s».") % {"v": valore}, campo=campo,
                                codice="codice_non_ammesso")
    prestazione = dati.get("siuss_codice_prestazione") or ""
    if prestazione and not codici.CODICE_PRESTAZIONE.match(prestazione):
        raise RegolaViolata(_("Il codice prestazione SIUSS ha da 5 a 10 caratteri (lettere, cifre, punti)."),
                            campo="siuss_codice_prestazione", codice="codice_non_ammesso")
    cittadinanza = dati.get("codice_cittadinanza") or ""
    if cittadinanza and not CODICE_CITTADINANZA.match(cittadinanza):
        raise RegolaViolata(_("Il codice cittadinanza SIUSS è di tre cifre (codice numerico dello Stato, es. 504 "
                              "per il Marocco)."),
                            campo="codice_cittadinanza", codice="codice_non_ammesso")


def _verifica_oggetto(*, ambito: Ambito, tipo_oggetto: str, chiave_oggetto: str, escluso: int | None) -> None:
    tipo = tipi_mappabili().get(tipo_oggetto)
    if tipo is None:
        raise RegolaViolata(_("Tipo di oggetto sconosciuto."), campo="tipo_oggetto")
    if tipo_oggetto == LOCALE or tipo.scelte is None:
        if chiave_oggetto:
            raise RegolaViolata(_("Un intervento locale non si collega a un oggetto."), campo="chiave_oggetto")
        return
    if not chiave_oggetto:
        raise RegolaViolata(_("Scegli l'oggetto da mappare."), campo="chiave_oggetto")
    if chiave_oggetto not in dict(tipo.scelte(ambito)):
        raise RegolaViolata(_("Oggetto inesistente in questo Ambito."), campo="chiave_oggetto")
    if VoceMappatura.objects.filter(ambito=ambito, tipo_oggetto=tipo_oggetto,
                                    chiave_oggetto=chiave_oggetto).exclude(pk=escluso).exists():
        raise RegolaViolata(_("Questo oggetto ha già una voce di mappatura: modificala."), campo="chiave_oggetto",
                            codice="gia_mappato")


@transaction.atomic
def voce_mappatura_create(*, ambito: Ambito, actor: Utente | None, tipo_oggetto: str, descrizione: str,
                          chiave_oggetto: str = "", **codici_voce: str) -> VoceMappatura:
    """Map a local intervention (an object of a registered kind, or a free row) to the returns' codes."""
    _verifica_oggetto(ambito=ambito, tipo_oggetto=tipo_oggetto, chiave_oggetto=chiave_oggetto, escluso=None)
    _verifica_codici(codici_voce)
    voce = VoceMappatura(ambito=ambito, tipo_oggetto=tipo_oggetto, chiave_oggetto=chiave_oggetto,
                         descrizione=descrizione, **{c: codici_voce.get(c) or "" for c in CAMPI_CODICI})
    voce.full_clean(exclude=["ambito"])
    voce.save()
    return voce


@transaction.atomic
def voce_mappatura_update(*, voce: VoceMappatura, actor: Utente | None, descrizione: str,
                          **codici_voce: str) -> VoceMappatura:
    """Change the codes of a mapping row (its object stays: delete and recreate to map another)."""
    _verifica_codici(codici_voce)
    nuovi = {"descrizione": descrizione, **{c: codici_voce.get(c) or "" for c in CAMPI_CODICI}}
    cambiati = [nome for nome, valore in nuovi.items() if getattr(voce, nome) != valore]
    if not cambiati:
        return voce
    for nome in cambiati:
        setattr(voce, nome, nuovi[nome])
    voce.full_clean(exclude=["ambito"])
    voce.save(update_fields=cambiati)
    return voce


@transaction.atomic
def voce_mappatura_delete(*, voce: VoceMappatura, actor: Utente | None) -> None:
    voce.delete()


# -- SIUSS / WaaS settings ----------------------------------------------------------------------------------------

_CF_PATTERN = r"^([A-Za-z]{6}\d{2}[A-Za-z]\d{2}[A-Za-z][A-Za-z0-9]{3}[A-Za-z]|\d{11})$"


def impronta_token(token: str) -> str:
    """The SHA-256 of a WaaS bearer token (only this is stored)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _chiave_pem_valida(pem: str) -> bool:
    """Whether the text is a public key in PEM form (as PDND publishes its signing keys)."""
    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    try:
        load_pem_public_key(pem.encode())
    except (ValueError, TypeError):
        return False
    return True


@transaction.atomic
def configurazione_waas_set(*, ambito: Ambito, actor: Utente | None, codice_ente: str, belfiore_ente: str,
                            cf_operatore: str, denominazione_ente: str = "", attivo: bool = True,
                            token: str | None = None, pdnd_chiave_pubblica: str = "", pdnd_audience: str = "",
                            pdnd_issuer: str = "") -> ConfigurazioneWaaS:
    """Set the Ambito's SIUSS ente data and the WaaS credentials (``token`` None keeps the current one, "" removes
    it). The codes follow the SIUSS schema (ente code 1–32 characters, seat's Belfiore code, operator's codice
    fiscale); a token or a PDND audience already used by another Ambito is refused (it would name two Ambiti)."""
    codice_ente, belfiore_ente = codice_ente.strip(), belfiore_ente.strip().upper()
    cf_operatore = cf_operatore.strip().upper()
    if not 1 <= len(codice_ente) <= 32:
        raise RegolaViolata(_("Il codice dell'ente ha da 1 a 32 caratteri."), campo="codice_ente")
    if not re.fullmatch(r"[A-Z]\d{3}", belfiore_ente):
        raise RegolaViolata(_("Il codice catastale è una lettera e tre cifre (es. E648)."), campo="belfiore_ente")
    if not re.fullmatch(_CF_PATTERN, cf_operatore):
        raise RegolaViolata(_("Codice fiscale dell'operatore non valido."), campo="cf_operatore")
    if pdnd_chiave_pubblica.strip() and not _chiave_pem_valida(pdnd_chiave_pubblica.strip()):
        raise RegolaViolata(_("La chiave pubblica PDND non è una chiave PEM valida (-----BEGIN PUBLIC KEY-----)."),
                            campo="pdnd_chiave_pubblica")
    configurazione = (ConfigurazioneWaaS.objects.select_for_update().filter(ambito=ambito).first()
                      or ConfigurazioneWaaS(ambito=ambito))
    valori = {"codice_ente": codice_ente, "belfiore_ente": belfiore_ente, "cf_operatore": cf_operatore,
              "denominazione_ente": denominazione_ente.strip(), "attivo": attivo,
              "pdnd_chiave_pubblica": pdnd_chiave_pubblica.strip(), "pdnd_audience": pdnd_audience.strip(),
              "pdnd_issuer": pdnd_issuer.strip()}
    if token is not None:
        if token and len(token) < 16:
            raise RegolaViolata(_("Il token deve avere almeno 16 caratteri."), campo="token")
        valori["token_sha256"] = impronta_token(token) if token else ""
    cambiati = [n for n, v in valori.items() if getattr(configurazione, n) != v]
    if configurazione.pk and not cambiati:
        return configurazione
    for nome, valore in valori.items():
        setattr(configurazione, nome, valore)
    try:
        with transaction.atomic():
            configurazione.save()
    except IntegrityError:
        raise RegolaViolata(_("Questo token o questa audience PDND sono già usati da un altro Ambito."),
                            campo="token", codice="credenziale_duplicata") from None
    return configurazione


@transaction.atomic
def statistiche_pubbliche_set(*, ambito: Ambito, actor: Utente | None, attiva: bool) -> StatistichePubbliche:
    """Switch the public statistics page of the Ambito on or off (audited)."""
    scelta = StatistichePubbliche.objects.select_for_update().filter(ambito=ambito).first()
    if scelta is None:
        scelta = StatistichePubbliche(ambito=ambito)
    elif scelta.attiva == attiva:
        return scelta
    scelta.attiva = attiva
    scelta.save()
    return scelta
