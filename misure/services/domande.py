"""Services (writes) of the misure module: domande — draft, submission with protocol, the istruttoria workflow.

Rules enforced here, whatever the entry point (pages, API, the import, the demo):

* **Who.** A domanda is filed by an assistente sociale of the beneficiary's comune or by the Ufficio di Piano
  (``misure.domande.presenta``); the istruttoria is the office's (``misure.domande.istruisci``). The actor's
  capabilities and comuni are read from their membership: an assistente of comune X can neither file for nor
  act on a resident of comune Y. ``actor=None`` is the system (import, demo) and is not checked.
* **Duplicate guard.** One open domanda per beneficiary × bando × strumento: checked with a clear message, and
  held by the partial unique constraint ``misure_domanda_una_aperta`` under concurrency.
* **Protocol.** On submission the next number of the Ambito's counter for the year
  (:class:`~misure.models.ContatoreProtocollo`): the counter row is created if missing (a concurrent creation
  waits on the unique key and falls back to reading it) and locked with ``SELECT … FOR UPDATE`` — never the
  Ambito row — so
  concurrent submissions queue on that row only; the number is taken in the submission's transaction, so a
  failed submission gives its number back (gapless). ``settings.MISURE_PROTOCOLLO_LOCK_DISABILITATO`` (tests
  only) reads the counter without the lock to prove the race.
* **Evaluation.** At submission and on demand, :func:`misure.regole.valuta_domanda` (the bandi part's pure
  rules engine) yields eligibility and incompatibility lines, stored as :class:`~misure.models.EsitoRegola`
  (replacing the previous evaluation), and the score.
* **Workflow.** Every transition is a function here that checks capability and state, records an
  :class:`~misure.models.EventoDomanda` (who, when, why) and notifies the filing social worker (in-app and
  e-mail, ``misure.domanda``); an integrazione done or a withdrawal also notifies the office. An illegal
  transition is a :class:`RegolaViolata` naming the state.
* **Procedure clock** (L.241/1990 art. 2: the days allowed to decide, suspended while the applicant is asked
  for documents): ``scadenza_istruttoria`` = submission date + ``bando.giorni_per_decidere``; while an
  integrazione is pending (or the domanda is "in sospeso") it stops, and on resumption it moves by the days
  it was stopped (``giorni_sospensione``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ambito.accounts.models import Utente
from ambito.accounts.permissions import ContestoAccesso, contesto_per
from ambito.allegati.models import Allegato
from ambito.allegati.services import documento_set
from ambito.errors import Conflitto, RegolaViolata
from ambito.formato import data_it
from ambito.formato import oggi as oggi_roma
from ambito.notifiche.services import notifica_create
from ambito.tenancy.models import Ambito, TipoISEE
from misure.models import (
    Bando,
    Beneficiario,
    ContatoreProtocollo,
    DocumentoRichiesto,
    Domanda,
    EsitoRegola,
    EventoDomanda,
    StatoBando,
    StatoDomanda,
    StrumentoBando,
    TipoVerifica,
)
from misure.selectors import domande as selectors
from misure.selectors.bandi import versione_corrente

VEDI = "misure.domande.vedi"
PRESENTA = "misure.domande.presenta"
ISTRUISCI = "misure.domande.istruisci"
EROGA = "misure.erogazioni.gestisci"
TIPO_NOTIFICA = "misure.domanda"
GRADUATORIE = "misure.graduatorie.gestisci"

# The declared data a domanda stores for the rules (typed fields of the model), editable while a draft.
CAMPI_DICHIARATI = (
    "isee_tipo", "isee_valore", "isee_scadenza", "l104_c3", "l104_c1", "indennita_accompagnamento",
    "invalidita_percentuale", "vive_al_domicilio", "condizioni", "benefici_dichiarati", "costo_effettivo_mensile",
    "parametro_fasce", "protocollo_capofila", "data_protocollo_capofila",
)
STATI_MODIFICABILI = (StatoDomanda.BOZZA, StatoDomanda.INTEGRAZIONE_RICHIESTA, StatoDomanda.IN_SOSPESO)
STATI_CON_DOCUMENTI = STATI_MODIFICABILI
MOTIVO_MAX = 2000
CENT = Decimal("0.01")


# --- who may act ---------------------------------------------------------------------------------------------


def _contesto(ambito: Ambito | int, actor: Utente | None, capacita: str) -> ContestoAccesso | None:
    """The actor's access context with ``capacita`` checked (403), or None for the system."""
    if actor is None:
        return None
    if isinstance(ambito, int):
        ambito = Ambito.objects.get(pk=ambito)
    contesto = contesto_per(actor, ambito)
    if contesto is None:
        raise PermissionDenied(capacita)
    contesto.richiedi(capacita)
    return contesto


def _comune_del_attore(contesto: ContestoAccesso | None, comune_id: int) -> None:
    if contesto is not None and contesto.comuni is not None and comune_id not in contesto.comuni:
        raise RegolaViolata(_("Puoi presentare e seguire domande solo per i residenti dei comuni in cui lavori."),
                            campo="beneficiario", codice="comune_non_tuo")


# --- declared data ----------------------------------------------------------------------------------------------


def _valida_dichiarati(dati: dict[str, Any], attuale: Domanda | None = None) -> dict[str, Any]:
    """Check the declared data a form or the API sends (with ``attuale``'s values for what is not sent): types,
    ranges, shapes; unknown keys are a bug."""
    sconosciuti = set(dati) - set(CAMPI_DICHIARATI)
    if sconosciuti:
        raise TypeError(f"unknown declared fields: {sorted(sconosciuti)}")
    if dati.get("isee_tipo") and dati["isee_tipo"] not in TipoISEE.values:
        raise RegolaViolata(_("Tipo di ISEE sconosciuto."), campo="isee_tipo")
    for campo in ("isee_valore", "costo_effettivo_mensile"):
        valore = dati.get(campo)
        if valore is None:
            continue
        if not isinstance(valore, Decimal):
            raise TypeError("amounts are Decimal")
        if valore < 0:
            raise RegolaViolata(_("L'importo non può essere negativo."), campo=campo)
        if valore != valore.quantize(CENT):
            raise RegolaViolata(_("L'importo non può avere frazioni di centesimo."), campo=campo)
        if valore >= Decimal("10000000000"):
            raise RegolaViolata(_("L'importo è troppo grande."), campo=campo)
    def dichiarato(campo: str) -> Any:
        return dati[campo] if campo in dati else getattr(attuale, campo, None)

    if dichiarato("isee_valore") is not None and not dichiarato("isee_tipo"):
        raise RegolaViolata(_("Indica il tipo di ISEE del valore dichiarato."), campo="isee_tipo")
    invalidita = dati.get("invalidita_percentuale")
    if invalidita is not None and not 0 <= invalidita <= 100:
        raise RegolaViolata(_("La percentuale di invalidità va da 0 a 100."), campo="invalidita_percentuale")
    parametro = dati.get("parametro_fasce")
    if parametro is not None and not Decimal(0) <= parametro < Decimal("1000000"):
        raise RegolaViolata(_("Il valore del parametro delle fasce deve essere tra 0 e 999.999."),
                            campo="parametro_fasce")
    condizioni = dati.get("condizioni")
    if condizioni is not None and (not isinstance(condizioni, dict)
                                   or not all(isinstance(k, str) and isinstance(v, bool)
                                              for k, v in condizioni.items())):
        raise RegolaViolata(_("Le condizioni dichiarate sono coppie codice → sì/no."), campo="condizioni")
    benefici = dati.get("benefici_dichiarati")
    if benefici is not None and (not isinstance(benefici, list) or not all(isinstance(b, str) for b in benefici)):
        raise RegolaViolata(_("Gli altri benefici dichiarati sono un elenco di codici."),
                            campo="benefici_dichiarati")
    if len(dati.get("protocollo_capofila") or "") > 40:
        raise RegolaViolata(_("Al massimo 40 caratteri: il testo ne ha %(n)d.")
                            % {"n": len(dati["protocollo_capofila"])}, campo="protocollo_capofila")
    data_capofila = dati.get("data_protocollo_capofila")
    if data_capofila is not None and data_capofila > oggi_roma():
        raise RegolaViolata(_("La data del protocollo dell'ente capofila non può essere futura."),
                            campo="data_protocollo_capofila")
    return dati


def _motivo(motivo: str | None, *, obbligatorio: bool, campo: str = "motivo") -> str:
    testo = (motivo or "").strip()
    if obbligatorio and not testo:
        raise RegolaViolata(_("Scrivi il motivo: resta nella cronologia della domanda e lo legge chi l'ha "
                              "presentata."), campo=campo, codice="motivo_mancante")
    if len(testo) > MOTIVO_MAX:
        raise RegolaViolata(_("Al massimo %(max)d caratteri: il testo ne ha %(n)d.") % {"max": MOTIVO_MAX,
                                                                                       "n": len(testo)}, campo=campo)
    return testo


def _messaggio_duplicato(esistente: Domanda) -> str:
    if esistente.protocollo_numero:
        return _("Questo beneficiario ha già una domanda aperta per lo stesso bando e strumento "
                 "(protocollo %(n)s/%(anno)s).") % {"n": esistente.protocollo_numero, "anno": esistente.protocollo_anno}
    return _("Questo beneficiario ha già una domanda aperta per lo stesso bando e strumento (una bozza).")


def _salva_senza_duplicati(domanda: Domanda) -> None:
    """Save; the partial unique constraint holds the duplicate guard when two requests race."""
    try:
        with transaction.atomic():
            domanda.save()
    except IntegrityError as exc:
        if "misure_domanda_una_aperta" not in str(exc):
            raise
        raise Conflitto(_("Questo beneficiario ha già una domanda aperta per lo stesso bando e strumento."),
                        campo="beneficiario", codice="domanda_duplicata") from exc


# --- draft -----------------------------------------------------------------------------------------------------------


@transaction.atomic
def domanda_create(*, ambito: Ambito, actor: Utente | None, bando: Bando, strumento: StrumentoBando,
                   beneficiario: Beneficiario, assistente_sociale: Utente | None = None,
                   **dichiarati: Any) -> Domanda:
    """Draft a domanda for ``beneficiario`` on ``bando``/``strumento``; ``comune`` is the beneficiary's comune.

    The filing social worker is the actor when an assistente files it, else ``assistente_sociale`` (the office
    may name the one who follows the case)."""
    contesto = _contesto(ambito, actor, PRESENTA)
    for nome, oggetto in (("bando", bando), ("strumento", strumento), ("beneficiario", beneficiario)):
        if oggetto.ambito_id != ambito.pk:
            raise RegolaViolata(_("L'oggetto indicato appartiene a un altro Ambito."), campo=nome)
    _comune_del_attore(contesto, beneficiario.comune_id)
    if beneficiario.anonimizzato_il is not None:
        raise RegolaViolata(_("Il beneficiario è stato anonimizzato: non si possono presentare domande."),
                            campo="beneficiario")
    if bando.stato != StatoBando.PUBBLICATO:
        raise RegolaViolata(_("Il bando «%(bando)s» non è aperto alle domande.") % {"bando": bando.titolo},
                            campo="bando", codice="bando_non_aperto")
    if strumento.bando_id != bando.pk:
        raise RegolaViolata(_("Lo strumento scelto non è offerto da questo bando."), campo="strumento")
    esistente = selectors.domanda_aperta_per(beneficiario=beneficiario, bando=bando, strumento=strumento)
    if esistente is not None:
        raise RegolaViolata(_messaggio_duplicato(esistente), campo="beneficiario", codice="domanda_duplicata")
    if contesto is not None and contesto.comuni is not None:
        assistente_sociale = actor
    domanda = Domanda(ambito=ambito, comune_id=beneficiario.comune_id, bando=bando, strumento=strumento,
                      beneficiario=beneficiario, assistente_sociale=assistente_sociale, stato=StatoDomanda.BOZZA,
                      **_valida_dichiarati(dichiarati))
    domanda.full_clean(exclude=["ambito", "comune", "bando", "strumento", "beneficiario", "assistente_sociale",
                                "versione_regole"], validate_constraints=False)
    _salva_senza_duplicati(domanda)
    _evento(domanda, "", StatoDomanda.BOZZA, actor, _("Bozza compilata."))
    return domanda


@transaction.atomic
def domanda_update(*, domanda: Domanda, actor: Utente | None, strumento: StrumentoBando | None = None,
                   **dichiarati: Any) -> Domanda:
    """Correct the declared data (a draft, or while documents are asked for); the strumento only in a draft."""
    contesto = _contesto(domanda.ambito_id, actor, PRESENTA)
    _comune_del_attore(contesto, domanda.comune_id)
    domanda = _blocca(domanda)
    if domanda.stato not in STATI_MODIFICABILI:
        raise RegolaViolata(_("I dati dichiarati si correggono solo in bozza o durante un'integrazione: la domanda "
                              "è «%(stato)s».") % {"stato": domanda.get_stato_display()}, codice="stato_non_valido")
    cambi = {k: v for k, v in _valida_dichiarati(dichiarati, domanda).items() if getattr(domanda, k) != v}
    if strumento is not None and strumento.pk != domanda.strumento_id:
        if domanda.stato != StatoDomanda.BOZZA:
            raise RegolaViolata(_("Lo strumento si cambia solo in bozza."), campo="strumento")
        if strumento.bando_id != domanda.bando_id:
            raise RegolaViolata(_("Lo strumento scelto non è offerto da questo bando."), campo="strumento")
        esistente = selectors.domanda_aperta_per(beneficiario=domanda.beneficiario, bando=domanda.bando,
                                                 strumento=strumento, esclusa=domanda.pk)
        if esistente is not None:
            raise RegolaViolata(_messaggio_duplicato(esistente), campo="strumento", codice="domanda_duplicata")
        cambi["strumento"] = strumento
    if not cambi:
        return domanda
    for campo, valore in cambi.items():
        setattr(domanda, campo, valore)
    _salva_senza_duplicati(domanda)
    return domanda


@transaction.atomic
def domanda_delete(*, domanda: Domanda, actor: Utente | None) -> None:
    """Discard a draft (nothing was protocolled yet); a submitted domanda is withdrawn, never deleted."""
    contesto = _contesto(domanda.ambito_id, actor, PRESENTA)
    _comune_del_attore(contesto, domanda.comune_id)
    domanda = _blocca(domanda)
    if domanda.stato != StatoDomanda.BOZZA:
        raise RegolaViolata(_("Si può eliminare solo una bozza: una domanda presentata si ritira."),
                            codice="stato_non_valido")
    for allegato in Allegato.objects.filter(ambito_id=domanda.ambito_id, object_id=domanda.pk,
                                            content_type__app_label="misure", content_type__model="domanda"):
        _svuota_allegato(allegato)
    domanda.delete()


def _svuota_allegato(allegato: Allegato) -> None:
    """Remove an attachment's files from private storage and its labels (rows stay: downloads are logged)."""
    for versione in allegato.versioni.all():
        if versione.file:
            versione.file.storage.delete(versione.file.name)
        versione.file = ""
        versione.nome_file = "[anonimizzato]"
        versione.save(update_fields=["file", "nome_file"])
    allegato.titolo = "[anonimizzato]"
    allegato.save(update_fields=["titolo"])


@transaction.atomic
def documento_domanda_set(*, domanda: Domanda, documento: DocumentoRichiesto, file: UploadedFile,
                          actor: Utente | None) -> Allegato:
    """Attach (or replace with a new version) the file for one document the bando requires.

    Checked by content (PDF/PDF-A/signed PDF/PNG/JPEG), size-limited and kept in private storage by
    :mod:`ambito.allegati`; allowed while the domanda is a draft or documents are asked for."""
    contesto = _contesto(domanda.ambito_id, actor, PRESENTA)
    _comune_del_attore(contesto, domanda.comune_id)
    if documento.bando_id != domanda.bando_id or (documento.strumento_id not in (None, domanda.strumento_id)):
        raise RegolaViolata(_("Il documento non è richiesto per questa domanda."), campo="documento")
    allegati_modificabili(domanda)
    return documento_set(oggetto=domanda, chiave=documento.codice, actor=actor, file=file,
                         titolo=documento.descrizione)


def allegati_modificabili(domanda: Domanda) -> None:
    """The attachments of a domanda change only while it is in the worker's hands (draft, integrazione, in
    sospeso): the domanda's own upload and the core attachment pages (``registra_allegati(modificabile=…)``)."""
    if domanda.stato not in STATI_CON_DOCUMENTI:
        raise RegolaViolata(_("I documenti si caricano in bozza o quando l'ufficio chiede un'integrazione: la "
                              "domanda è «%(stato)s».") % {"stato": domanda.get_stato_display()}, campo="file",
                            codice="stato_non_valido")


@transaction.atomic
def domanda_set_protocollo_capofila(*, domanda: Domanda, actor: Utente | None, numero: str,
                                    data: dt.date | None) -> Domanda:
    """Record the ente capofila's own protocol number and date beside the Ambito's (often given after the
    submission, by the capofila's register)."""
    contesto = _contesto(domanda.ambito_id, actor, PRESENTA)
    _comune_del_attore(contesto, domanda.comune_id)
    dati = _valida_dichiarati({"protocollo_capofila": (numero or "").strip(), "data_protocollo_capofila": data})
    domanda = _blocca(domanda)
    if domanda.anonimizzata_il is not None:
        raise RegolaViolata(_("La domanda è stata anonimizzata."), codice="stato_non_valido")
    if dati["protocollo_capofila"] and dati["data_protocollo_capofila"] is None:
        raise RegolaViolata(_("Indica la data del protocollo dell'ente capofila."), campo="data_protocollo_capofila")
    if (domanda.protocollo_capofila, domanda.data_protocollo_capofila) == (dati["protocollo_capofila"],
                                                                         dati["data_protocollo_capofila"]):
        return domanda
    domanda.protocollo_capofila = dati["protocollo_capofila"]
    domanda.data_protocollo_capofila = dati["data_protocollo_capofila"]
    domanda.save(update_fields=["protocollo_capofila", "data_protocollo_capofila"])
    return domanda


# --- submission and protocol ---------------------------------------------------------------------------------------


def _lock_protocollo_disabilitato() -> bool:
    return bool(getattr(settings, "MISURE_PROTOCOLLO_LOCK_DISABILITATO", False))


def prossimo_protocollo(*, ambito_id: int, anno: int) -> int:
    """Take the next protocol number of the Ambito and year (call inside the submission's transaction)."""
    try:  # the year's first submission creates the row; a concurrent one waits on its unique key, then reads it
        with transaction.atomic():
            ContatoreProtocollo.objects.get_or_create(ambito_id=ambito_id, anno=anno)
    except IntegrityError:
        pass
    contatori = ContatoreProtocollo.objects.filter(ambito_id=ambito_id, anno=anno)
    if not _lock_protocollo_disabilitato():
        contatori = contatori.select_for_update(no_key=True)
    contatore = contatori.get()
    _dopo_lettura_contatore()
    contatore.ultimo += 1
    contatore.save(update_fields=["ultimo"])
    return contatore.ultimo


def _dopo_lettura_contatore() -> None:
    """A seam for the race tests (widen the window between reading and writing the counter)."""


def _blocca(domanda: Domanda) -> Domanda:
    """Lock the domanda's row for the rest of the transaction and read it again (its state may have moved)."""
    return (Domanda.objects.select_for_update(of=("self",)).select_related("bando", "beneficiario", "strumento")
            .get(pk=domanda.pk, ambito_id=domanda.ambito_id))


def documenti_mancanti(domanda: Domanda) -> list[DocumentoRichiesto]:
    presenti = selectors.chiavi_allegate(domanda=domanda)
    return [d for d in selectors.documenti_richiesti(domanda=domanda) if d.obbligatorio and d.codice not in presenti]


@transaction.atomic
def domanda_submit(*, domanda: Domanda, actor: Utente | None, oggi: dt.date | None = None) -> Domanda:
    """Submit a draft: the bando must be open, every required document attached; the domanda gets its protocol
    number, the rule version it is judged by, its deadline, and its first automatic evaluation."""
    contesto = _contesto(domanda.ambito_id, actor, PRESENTA)
    _comune_del_attore(contesto, domanda.comune_id)
    oggi = oggi or oggi_roma()
    domanda = _blocca(domanda)
    if domanda.stato != StatoDomanda.BOZZA:
        raise Conflitto(_("La domanda è già stata presentata (protocollo %(n)s/%(anno)s).")
                        % {"n": domanda.protocollo_numero, "anno": domanda.protocollo_anno}, codice="gia_presentata")
    bando = domanda.bando
    if bando.stato != StatoBando.PUBBLICATO:
        raise RegolaViolata(_("Il bando «%(bando)s» non è aperto alle domande.") % {"bando": bando.titolo},
                            codice="bando_non_aperto")
    if bando.apertura and oggi < bando.apertura:
        raise RegolaViolata(_("Il bando apre il %(data)s: la domanda si presenta da quel giorno.")
                            % {"data": data_it(bando.apertura)}, codice="bando_non_aperto")
    if bando.chiusura and oggi > bando.chiusura:
        raise RegolaViolata(_("Il bando si è chiuso il %(data)s.") % {"data": data_it(bando.chiusura)},
                            codice="bando_chiuso")
    mancanti = documenti_mancanti(domanda)
    if mancanti:
        raise RegolaViolata(_("Mancano documenti richiesti dal bando: %(elenco)s.")
                            % {"elenco": "; ".join(d.descrizione for d in mancanti)}, codice="documenti_mancanti")
    domanda.protocollo_anno = oggi.year
    domanda.protocollo_numero = prossimo_protocollo(ambito_id=domanda.ambito_id, anno=oggi.year)
    domanda.presentata_il = timezone.now()
    domanda.codice_pubblico = domanda.codice_pubblico or codice_pubblico_nuovo()
    domanda.versione_regole = versione_corrente(bando)  # the newest frozen version; none → refused with its reason
    domanda.scadenza_istruttoria = oggi + dt.timedelta(days=bando.giorni_per_decidere)
    domanda.stato = StatoDomanda.PRESENTATA
    domanda.save()
    _evento(domanda, StatoDomanda.BOZZA, StatoDomanda.PRESENTATA, actor,
            _("Presentata con protocollo %(n)s/%(anno)s.") % {"n": domanda.protocollo_numero,
                                                              "anno": domanda.protocollo_anno})
    _valuta_e_registra(domanda, oggi=oggi)
    _notifica(domanda, actor, _("Domanda %(p)s presentata") % {"p": domanda})
    return domanda


# --- evaluation ----------------------------------------------------------------------------------------------------


ALFABETO_CODICE = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed by applicants


def codice_pubblico_nuovo() -> str:
    """A random pseudonymous code (40 bits), printed on the receipt and the only identifier ever published."""
    import secrets

    return "".join(secrets.choice(ALFABETO_CODICE) for _i in range(8))


def _valuta_domanda(domanda: Domanda, *, oggi: dt.date) -> Any:
    """The bandi part's rules engine (pure: it writes nothing)."""
    from misure.regole import valuta_domanda

    return valuta_domanda(domanda, oggi=oggi)


def _valore(esito: Any) -> str:
    return str(getattr(esito, "value", esito))


def _valuta_e_registra(domanda: Domanda, *, oggi: dt.date) -> Domanda:
    """Evaluate and store the lines (replacing the previous evaluation) and the score."""
    risultato = _valuta_domanda(domanda, oggi=oggi)
    quando = timezone.now()
    for vecchia in EsitoRegola.objects.filter(ambito_id=domanda.ambito_id, domanda=domanda):
        vecchia.delete()
    for tipo, verifiche in ((TipoVerifica.AMMISSIBILITA, risultato.ammissibilita),
                            (TipoVerifica.INCOMPATIBILITA, risultato.incompatibilita)):
        for v in verifiche:
            EsitoRegola.objects.create(ambito_id=domanda.ambito_id, domanda=domanda, tipo=tipo,
                                       codice=str(v.codice)[:60], descrizione=str(v.descrizione)[:300],
                                       esito=_valore(v.esito), dettaglio=str(v.dettaglio or "")[:300],
                                       valutata_il=quando)
    punteggio = risultato.punteggio
    domanda.punteggio = punteggio.quantize(CENT) if punteggio is not None else None
    domanda.punteggio_dettaglio = list(risultato.dettaglio_punteggio or [])
    domanda.save(update_fields=["punteggio", "punteggio_dettaglio"])
    return domanda


STATI_VALUTABILI = (StatoDomanda.PRESENTATA, StatoDomanda.IN_ISTRUTTORIA, StatoDomanda.INTEGRAZIONE_RICHIESTA,
                    StatoDomanda.INTEGRATA, StatoDomanda.IN_SOSPESO)


@transaction.atomic
def domanda_evaluate(*, domanda: Domanda, actor: Utente | None, oggi: dt.date | None = None) -> Domanda:
    """Evaluate eligibility and incompatibilities again (new declared data, a new assessment, another domanda
    of the same person changed state). Only before the decision."""
    _contesto(domanda.ambito_id, actor, ISTRUISCI)
    domanda = _blocca(domanda)
    if domanda.stato not in STATI_VALUTABILI:
        raise RegolaViolata(_("Si rivaluta solo una domanda presentata e non ancora decisa: è «%(stato)s».")
                            % {"stato": domanda.get_stato_display()}, codice="stato_non_valido")
    return _valuta_e_registra(domanda, oggi=oggi or oggi_roma())


@transaction.atomic
def domanda_override(*, domanda: Domanda, actor: Utente | None, ammissibile: bool | None, motivo: str) -> Domanda:
    """The office decides eligibility against the automatic evaluation (or returns to it, ``None``), with a
    written reason: recorded on the domanda, in its timeline and in its history."""
    _contesto(domanda.ambito_id, actor, ISTRUISCI)
    motivo = _motivo(motivo, obbligatorio=True, campo="motivo")
    domanda = _blocca(domanda)
    if domanda.stato not in STATI_VALUTABILI:
        raise RegolaViolata(_("L'ammissibilità si decide prima dell'esito: la domanda è «%(stato)s».")
                            % {"stato": domanda.get_stato_display()}, codice="stato_non_valido")
    if domanda.ammissibilita_forzata == ammissibile and domanda.motivo_forzatura == motivo:
        return domanda
    domanda.ammissibilita_forzata = ammissibile
    domanda.motivo_forzatura = motivo if ammissibile is not None else ""
    domanda.save(update_fields=["ammissibilita_forzata", "motivo_forzatura"])
    etichetta = {True: _("ammissibile"), False: _("non ammissibile"), None: _("secondo la valutazione automatica")}
    _evento(domanda, domanda.stato, domanda.stato, actor,
            _("Ammissibilità decisa dall'ufficio: %(esito)s. %(motivo)s") % {"esito": etichetta[ammissibile],
                                                                             "motivo": motivo})
    return domanda


# --- the workflow -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Transizione:
    azione: str
    da: tuple[str, ...]
    a: str
    capacita: str
    motivo_obbligatorio: bool
    etichetta: str
    # Moves made only by another service (the erogazioni part's plan events), never a button of the domanda page.
    interna: bool = False


S = StatoDomanda
TRANSIZIONI: dict[str, Transizione] = {t.azione: t for t in (
    Transizione("prendi_in_istruttoria", (S.PRESENTATA,), S.IN_ISTRUTTORIA, ISTRUISCI, False,
                "prendere in istruttoria"),
    Transizione("richiedi_integrazione", (S.PRESENTATA, S.IN_ISTRUTTORIA, S.INTEGRATA), S.INTEGRAZIONE_RICHIESTA,
                ISTRUISCI, True, "chiedere un'integrazione per"),
    Transizione("sospendi", (S.IN_ISTRUTTORIA, S.INTEGRATA), S.IN_SOSPESO, ISTRUISCI, True, "sospendere"),
    Transizione("riprendi", (S.IN_SOSPESO,), S.IN_ISTRUTTORIA, ISTRUISCI, False, "riprendere"),
    Transizione("integra", (S.INTEGRAZIONE_RICHIESTA, S.IN_SOSPESO), S.INTEGRATA, PRESENTA, False, "integrare"),
    Transizione("dichiara_ammissibile", (S.IN_ISTRUTTORIA, S.INTEGRATA), S.AMMISSIBILE, ISTRUISCI, False,
                "dichiarare ammissibile"),
    Transizione("dichiara_non_ammissibile", (S.IN_ISTRUTTORIA, S.INTEGRATA, S.IN_SOSPESO), S.NON_AMMISSIBILE,
                ISTRUISCI, True, "dichiarare non ammissibile"),
    # Graduatorie part: approval of a graduatoria and scorrimento (capability of the graduatorie).
    Transizione("finanzia", (S.AMMISSIBILE, S.LISTA_ATTESA), S.FINANZIATA, GRADUATORIE, False, "finanziare"),
    Transizione("metti_in_lista_attesa", (S.AMMISSIBILE,), S.LISTA_ATTESA, GRADUATORIE, False,
                "mettere in lista d'attesa"),
    Transizione("ritira", (S.PRESENTATA, S.IN_ISTRUTTORIA, S.INTEGRAZIONE_RICHIESTA, S.INTEGRATA, S.IN_SOSPESO),
                S.RITIRATA, PRESENTA, True, "ritirare"),
    # Erogazioni (issue 17): made by misure.services.erogazioni with the plan's events.
    Transizione("attiva_erogazione", (S.FINANZIATA,), S.ATTIVA, EROGA, False, "attivare l'erogazione di", True),
    Transizione("sospendi_erogazione", (S.ATTIVA,), S.SOSPESA, EROGA, True, "sospendere l'erogazione di", True),
    Transizione("riprendi_erogazione", (S.SOSPESA,), S.ATTIVA, EROGA, False, "riprendere l'erogazione di", True),
    Transizione("cessa_erogazione", (S.ATTIVA, S.SOSPESA), S.CESSATA, EROGA, True, "chiudere", True),
    Transizione("dichiara_decaduta", (S.FINANZIATA, S.ATTIVA, S.SOSPESA), S.DECADUTA, EROGA, True,
                "dichiarare decaduta", True),
    Transizione("registra_rinuncia", (S.FINANZIATA, S.ATTIVA, S.SOSPESA), S.RITIRATA, EROGA, True,
                "registrare la rinuncia su", True),
)}
STATI_FINALI = (S.NON_AMMISSIBILE, S.RITIRATA, S.CESSATA, S.DECADUTA)


def azioni_possibili(domanda: Domanda, contesto: ContestoAccesso) -> list[Transizione]:
    """The transitions this user may start on this domanda now (the buttons of its page)."""
    return [t for t in TRANSIZIONI.values()
            if domanda.stato in t.da and contesto.puo(t.capacita) and not t.interna]


@transaction.atomic
def domanda_transition(*, domanda: Domanda, azione: str, actor: Utente | None, motivo: str = "",
                       oggi: dt.date | None = None, da_servizio: bool = False) -> Domanda:
    """Move the domanda along the workflow (:data:`TRANSIZIONI`): capability, current state, reason, clock,
    timeline, notification. An illegal move is refused naming the state."""
    transizione = TRANSIZIONI.get(azione)
    if transizione is None or (transizione.interna and not da_servizio):
        raise RegolaViolata(_("Operazione sconosciuta: %(azione)s.") % {"azione": azione}, campo="azione")
    contesto = _contesto(domanda.ambito_id, actor, transizione.capacita)
    _comune_del_attore(contesto, domanda.comune_id)
    motivo = _motivo(motivo, obbligatorio=transizione.motivo_obbligatorio)
    oggi = oggi or oggi_roma()
    domanda = _blocca(domanda)
    if domanda.stato not in transizione.da:
        raise RegolaViolata(_("Non si può %(azione)s una domanda «%(stato)s».")
                            % {"azione": transizione.etichetta, "stato": domanda.get_stato_display()},
                            codice="transizione_non_ammessa")
    da_stato = domanda.stato
    _prima_della_transizione(domanda, transizione, motivo)
    _aggiorna_termine(domanda, da_stato=da_stato, a_stato=transizione.a, oggi=oggi)
    domanda.stato = transizione.a
    if transizione.a in STATI_FINALI:
        domanda.chiusa_il = timezone.now()
    domanda.save()
    _evento(domanda, da_stato, transizione.a, actor, motivo)
    titolo = _("Domanda %(p)s: %(stato)s") % {"p": domanda, "stato": domanda.get_stato_display()}
    _notifica(domanda, actor, titolo, testo=motivo)
    if transizione.a in (S.INTEGRATA, S.RITIRATA):  # the office waits on these: tell whoever instructs domande
        _notifica_ufficio(domanda, actor, titolo, testo=motivo)
    return domanda


def _prima_della_transizione(domanda: Domanda, transizione: Transizione, motivo: str) -> None:
    if transizione.a == S.AMMISSIBILE:
        esiti = list(selectors.esito_list(domanda=domanda))
        if not selectors.ammissibilita_effettiva(domanda, esiti):
            raise RegolaViolata(_("La valutazione automatica non dà la domanda per ammissibile (requisiti non "
                                  "soddisfatti, incompatibilità o dati mancanti): per dichiararla ammissibile "
                                  "registra prima la decisione dell'ufficio con la motivazione."),
                                codice="non_ammissibile_secondo_le_regole")
        domanda.motivo_esito = motivo
    elif transizione.a == S.NON_AMMISSIBILE:
        domanda.motivo_esito = motivo
    elif transizione.a == S.INTEGRATA:
        mancanti = documenti_mancanti(domanda)
        if mancanti:
            raise RegolaViolata(_("Mancano ancora documenti richiesti dal bando: %(elenco)s.")
                                % {"elenco": "; ".join(d.descrizione for d in mancanti)}, codice="documenti_mancanti")


def _aggiorna_termine(domanda: Domanda, *, da_stato: str, a_stato: str, oggi: dt.date) -> None:
    """Stop the clock when documents are asked for; on resumption move the deadline by the days it stood."""
    sospeso_prima = da_stato in selectors.STATI_TERMINE_SOSPESO
    sospeso_dopo = a_stato in selectors.STATI_TERMINE_SOSPESO
    if not sospeso_prima and sospeso_dopo:
        domanda.sospesa_dal = oggi
    elif sospeso_prima and not sospeso_dopo and domanda.sospesa_dal is not None:
        giorni = max((oggi - domanda.sospesa_dal).days, 0)
        domanda.giorni_sospensione += giorni
        if domanda.scadenza_istruttoria is not None:
            domanda.scadenza_istruttoria += dt.timedelta(days=giorni)
        domanda.sospesa_dal = None


@transaction.atomic
def domanda_bulk_transition(*, domande: Iterable[Domanda], azione: str, actor: Utente | None, motivo: str = ""
                            ) -> tuple[list[Domanda], list[tuple[Domanda, str]]]:
    """The same transition on several domande (only the safe ones: "prendi in istruttoria"); each is its own
    step, so a refused one is reported and the others go ahead."""
    if azione not in AZIONI_MULTIPLE:
        raise RegolaViolata(_("Questa operazione non si fa su più domande insieme."), campo="azione")
    fatte, rifiutate = [], []
    for domanda in domande:
        try:
            with transaction.atomic():
                fatte.append(domanda_transition(domanda=domanda, azione=azione, actor=actor, motivo=motivo))
        except RegolaViolata as exc:
            rifiutate.append((domanda, exc.messaggio))
    return fatte, rifiutate


AZIONI_MULTIPLE = ("prendi_in_istruttoria",)


# --- timeline and notifications -------------------------------------------------------------------------------------


def _evento(domanda: Domanda, da_stato: str, a_stato: str, actor: Utente | None, motivo: str) -> EventoDomanda:
    return EventoDomanda.objects.create(ambito_id=domanda.ambito_id, domanda=domanda, da_stato=da_stato,
                                        a_stato=a_stato, quando=timezone.now(), utente=actor, motivo=motivo)


def url_domanda(domanda: Domanda, ambito_slug: str) -> str:
    return reverse("misure:domanda_detail", kwargs={"ambito_slug": ambito_slug, "domanda_pk": domanda.pk})


_EMAIL = ContextVar("misure_domande_email", default=True)


@contextmanager
def senza_email() -> Iterator[None]:
    """Notifications in the application only (demo data, back-fills): no e-mail leaves."""
    token = _EMAIL.set(False)
    try:
        yield
    finally:
        _EMAIL.reset(token)


def _notifica_ufficio(domanda: Domanda, actor: Utente | None, titolo: str, testo: str = "") -> None:
    ambito = Ambito.objects.get(pk=domanda.ambito_id)
    notifica_create(ambito=ambito, tipo=TIPO_NOTIFICA, titolo=titolo, testo=testo,
                    url=url_domanda(domanda, ambito.slug), capacita=ISTRUISCI, actor=actor, email=_EMAIL.get())


def _notifica(domanda: Domanda, actor: Utente | None, titolo: str, testo: str = "") -> None:
    """Tell the filing social worker (in-app and e-mail, as they chose) — not when they did it themselves."""
    assistente = domanda.assistente_sociale
    if assistente is None or (actor is not None and assistente.pk == actor.pk):
        return
    ambito = Ambito.objects.get(pk=domanda.ambito_id)
    notifica_create(ambito=ambito, tipo=TIPO_NOTIFICA, titolo=titolo, testo=testo,
                    url=url_domanda(domanda, ambito.slug), utenti=[assistente], actor=actor, email=_EMAIL.get())
