"""Services (writes) of the misure module: misure, editions, strumenti, bandi, documents and rule versions.

Every function is keyword-only, atomic and audited (history via TenantModel). Rules of the bando:

* its strumenti, documents, parameters and rules are edited while it is a draft (``bozza``);
* :func:`bando_publish` needs an approving act and rules that validate (:func:`misure.regole.valida_regole`);
  it freezes the current version and links the act to the bando (``atto_link``);
* after publication the rules are frozen: a change is a new version (:func:`versione_new`) edited as a draft
  and put in force by :func:`versione_approve` with its own act; each domanda keeps the version it was judged by;
* the budget is fondi quotas (:func:`bando_budget_add` → ``fondi.services.quota_create(oggetto=bando)``): this
  module never writes fondi tables.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ambito.accounts.models import Utente
from ambito.atti.models import Atto
from ambito.atti.selectors import atti_dell_oggetto
from ambito.atti.services import atto_link
from ambito.errors import Conflitto, RegolaViolata
from ambito.tenancy.models import Ambito
from misure.models import (
    Bando,
    DocumentoRichiesto,
    EdizioneMisura,
    Misura,
    StatoBando,
    Strumento,
    StrumentoBando,
    VersioneRegole,
)
from misure.regole import ErroreRegola, valida_regole
from misure.regole.schema import a_decimale
from misure.selectors.bandi import versione_corrente, versione_in_bozza

__all__ = [
    "RegoleNonValide", "bando_budget_add", "bando_close", "bando_create", "bando_publish", "bando_update",
    "documento_create", "documento_delete", "documento_update", "edizione_create", "edizione_update",
    "misura_create", "misura_update", "strumento_bando_add", "strumento_bando_remove", "strumento_bando_update",
    "strumento_create", "strumento_update", "versione_approve", "versione_corrente", "versione_new",
    "versione_update",
]

_CODICE = re.compile(r"^[a-z0-9_-]{1,40}$")
CAMPI_MISURA = ("nome", "descrizione", "riferimenti_normativi", "gestore", "esterna", "fonte", "anni_conservazione",
                "anni_conservazione_non_ammesse", "attiva")
CAMPI_EDIZIONE = ("titolo", "atto_regionale", "data_atto_regionale", "annualita", "esercizio", "valida_dal",
                  "valida_al", "regole_ammissibilita", "regole_punteggio", "regole_incompatibilita")
CAMPI_STRUMENTO = ("nome", "descrizione", "importo_mensile", "importo_mensile_massimo", "importo_annuo_massimo",
                   "importo_una_tantum_massimo", "percentuale_massima_costo", "mesi", "fasce_importo",
                   "parametro_fasce")
CAMPI_BANDO = ("titolo", "descrizione", "atto", "modalita", "apertura", "chiusura", "giorno_chiusura_mensile",
               "giorni_per_decidere")
CAMPI_BANDO_PUBBLICATO = ("descrizione", "chiusura")  # a published bando may be extended and described better


class RegoleNonValide(RegolaViolata):
    """The rule sets do not validate; ``errori`` holds every problem with its path."""

    codice = "regole_non_valide"

    def __init__(self, errori: list[ErroreRegola]) -> None:
        primo = errori[0]
        super().__init__(_("Le regole non sono valide (%(n)s errori). Primo: %(p)s — %(m)s")
                         % {"n": len(errori), "p": primo.percorso, "m": primo.messaggio}, campo="regole")
        self.errori = errori


# --- helpers -------------------------------------------------------------------------------------------

def _pulisci(oggetto: Any) -> None:
    """Run the model's field checks and turn Django's ValidationError into the service's RegolaViolata."""
    try:
        oggetto.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        campo, messaggi = next(iter(exc.message_dict.items()))
        raise RegolaViolata(" ".join(messaggi), campo=None if campo == "__all__" else campo) from exc


def _salva(oggetto: Any, messaggio_duplicato: str, campo: str = "codice") -> None:
    try:
        with transaction.atomic():
            oggetto.save()
    except IntegrityError as exc:
        raise RegolaViolata(messaggio_duplicato, campo=campo, codice="duplicato") from exc


def _codice(codice: str) -> str:
    codice = (codice or "").strip()
    if not _CODICE.match(codice):
        raise RegolaViolata(_("Il codice deve avere 1–40 caratteri tra lettere minuscole, cifre, «_» e «-»."),
                            campo="codice")
    return codice


def _imposta(oggetto: Any, campi: dict[str, Any], ammessi: tuple[str, ...]) -> list[str]:
    vietati = set(campi) - set(ammessi)
    if vietati:
        raise RegolaViolata(_("Campi non modificabili: %(c)s.") % {"c": ", ".join(sorted(vietati))})
    cambiati = [nome for nome, valore in campi.items() if getattr(oggetto, nome) != valore]
    for nome in cambiati:
        setattr(oggetto, nome, campi[nome])
    return cambiati


def _stesso_ambito(ambito_id: int, **oggetti: Any) -> None:
    for nome, oggetto in oggetti.items():
        if oggetto is not None and getattr(oggetto, "ambito_id", ambito_id) != ambito_id:
            raise RegolaViolata(_("L'oggetto indicato appartiene a un altro Ambito."), campo=nome)


def _in_bozza(bando: Bando) -> None:
    if bando.stato != StatoBando.BOZZA:
        raise RegolaViolata(_("Il bando «%(b)s» è %(s)s: strumenti, documenti e parametri si modificano "
                              "solo in bozza.") % {"b": bando, "s": bando.get_stato_display().lower()},
                            codice="bando_non_bozza")


def _blocca_bando(bando: Bando) -> Bando:
    return Bando.objects.select_for_update(of=("self",)).select_related("edizione__misura").get(pk=bando.pk)


def _valida_fasce_importo(fasce: Any) -> None:
    if fasce in (None, []):
        return
    if not isinstance(fasce, list):
        raise RegolaViolata(_("Le fasce di importo devono essere un elenco."), campo="fasce_importo")
    precedente: Decimal | None = None
    for i, fascia in enumerate(fasce, start=1):
        if not isinstance(fascia, dict) or set(fascia) - {"da", "a", "importo"}:
            raise RegolaViolata(_("Fascia %(i)s: indicare solo «da», «a» e «importo».") % {"i": i},
                                campo="fasce_importo")
        da, a, importo = a_decimale(fascia.get("da")), a_decimale(fascia.get("a")), a_decimale(fascia.get("importo"))
        if da is None or importo is None or importo < 0 or (fascia.get("a") is not None and a is None):
            raise RegolaViolata(_("Fascia %(i)s: «da» e «importo» sono numeri obbligatori (importo ≥ 0).")
                                % {"i": i}, campo="fasce_importo")
        if a is not None and a < da:
            raise RegolaViolata(_("Fascia %(i)s: «a» è minore di «da».") % {"i": i}, campo="fasce_importo")
        if precedente is not None and da <= precedente:
            raise RegolaViolata(_("Fascia %(i)s: si sovrappone alla precedente (le fasce vanno in ordine crescente, "
                                  "limiti inclusi).") % {"i": i}, campo="fasce_importo")
        precedente = a if a is not None else Decimal("Infinity")


def _valida_insiemi(ammissibilita: Any, punteggio: Any, incompatibilita: Any) -> None:
    errori = valida_regole(ammissibilita=ammissibilita, punteggio=punteggio, incompatibilita=incompatibilita)
    if errori:
        raise RegoleNonValide(errori)


# --- misure, editions, strumenti -----------------------------------------------------------------------

@transaction.atomic
def misura_create(*, ambito: Ambito, actor: Utente | None, codice: str, nome: str, **campi: Any) -> Misura:
    """Register a measure of the Ambito (or, with ``esterna=True``, an external benefit such as Misura B1)."""
    misura = Misura(ambito=ambito, codice=_codice(codice), nome=(nome or "").strip())
    _imposta(misura, campi, CAMPI_MISURA)
    _stesso_ambito(ambito.pk)
    _pulisci(misura)
    _salva(misura, _("Esiste già una misura con il codice «%(c)s».") % {"c": misura.codice})
    return misura


@transaction.atomic
def misura_update(*, misura: Misura, actor: Utente | None, **campi: Any) -> Misura:
    if campi.get("esterna") and not misura.esterna and misura.edizioni.filter(bandi__isnull=False).exists():
        raise RegolaViolata(_("La misura ha bandi: non può diventare un beneficio esterno."), campo="esterna")
    if _imposta(misura, campi, CAMPI_MISURA):
        _pulisci(misura)
        misura.save()
    return misura


@transaction.atomic
def edizione_create(*, misura: Misura, actor: Utente | None, titolo: str, annualita: int, esercizio: int,
                    **campi: Any) -> EdizioneMisura:
    """Add an edition (regional act, annualità/esercizio) with the default rules its bandi start from."""
    edizione = EdizioneMisura(ambito_id=misura.ambito_id, misura=misura, titolo=(titolo or "").strip(),
                              annualita=annualita, esercizio=esercizio)
    _imposta(edizione, campi, CAMPI_EDIZIONE)
    _valida_edizione(edizione)
    edizione.save()
    return edizione


def _valida_edizione(edizione: EdizioneMisura) -> None:
    _pulisci(edizione)
    if edizione.valida_dal and edizione.valida_al and edizione.valida_al < edizione.valida_dal:
        raise RegolaViolata(_("La fine della validità precede l'inizio."), campo="valida_al")
    _valida_insiemi(edizione.regole_ammissibilita, edizione.regole_punteggio, edizione.regole_incompatibilita)


@transaction.atomic
def edizione_update(*, edizione: EdizioneMisura, actor: Utente | None, **campi: Any) -> EdizioneMisura:
    """Change an edition; its default rules affect only bandi created afterwards (each bando has its own copy)."""
    if _imposta(edizione, campi, CAMPI_EDIZIONE):
        _valida_edizione(edizione)
        edizione.save()
    return edizione


@transaction.atomic
def strumento_create(*, edizione: EdizioneMisura, actor: Utente | None, codice: str, nome: str,
                     **campi: Any) -> Strumento:
    """Add a strumento (buono caregiver, buono assistente familiare…) with its amounts to an edition."""
    strumento = Strumento(ambito_id=edizione.ambito_id, edizione=edizione, codice=_codice(codice),
                          nome=(nome or "").strip())
    _imposta(strumento, campi, CAMPI_STRUMENTO)
    _valida_strumento(strumento)
    _salva(strumento, _("L'edizione ha già uno strumento con il codice «%(c)s».") % {"c": strumento.codice})
    return strumento


def _valida_strumento(strumento: Strumento) -> None:
    _pulisci(strumento)
    _valida_fasce_importo(strumento.fasce_importo)
    for campo in ("importo_mensile", "importo_mensile_massimo", "importo_annuo_massimo", "importo_una_tantum_massimo"):
        valore = getattr(strumento, campo)
        if valore is not None and valore < 0:
            raise RegolaViolata(_("L'importo non può essere negativo."), campo=campo)
    if (strumento.importo_mensile is not None and strumento.importo_mensile_massimo is not None
            and strumento.importo_mensile > strumento.importo_mensile_massimo):
        raise RegolaViolata(_("L'importo mensile supera il massimo mensile."), campo="importo_mensile")


@transaction.atomic
def strumento_update(*, strumento: Strumento, actor: Utente | None, **campi: Any) -> Strumento:
    if _imposta(strumento, campi, CAMPI_STRUMENTO):
        _valida_strumento(strumento)
        strumento.save()
    return strumento


# --- bandi ---------------------------------------------------------------------------------------------

def _valida_bando(bando: Bando) -> None:
    bando.titolo = (bando.titolo or "").strip()
    if not bando.titolo:
        raise RegolaViolata(_("Indicare il titolo del bando."), campo="titolo")
    _pulisci(bando)
    _stesso_ambito(bando.ambito_id, atto=bando.atto)
    if bando.apertura and bando.chiusura and bando.chiusura < bando.apertura:
        raise RegolaViolata(_("La chiusura (%(c)s) precede l'apertura (%(a)s).")
                            % {"c": f"{bando.chiusura:%d/%m/%Y}", "a": f"{bando.apertura:%d/%m/%Y}"},
                            campo="chiusura")
    if bando.modalita == "finestre" and not bando.giorno_chiusura_mensile:
        raise RegolaViolata(_("Un bando a finestre indica il giorno di chiusura mensile."),
                            campo="giorno_chiusura_mensile")
    if bando.giorni_per_decidere is not None and bando.giorni_per_decidere < 1:
        raise RegolaViolata(_("I giorni per concludere l'istruttoria devono essere almeno 1."),
                            campo="giorni_per_decidere")


@transaction.atomic
def bando_create(*, edizione: EdizioneMisura, actor: Utente | None, titolo: str, **campi: Any) -> Bando:
    """Create a draft bando of ``edizione``; its rules (version 1) start as a copy of the edition's."""
    if edizione.misura.esterna:
        raise RegolaViolata(_("«%(m)s» è un beneficio esterno: non si emettono bandi, si dichiara nelle domande.")
                            % {"m": edizione.misura}, campo="edizione")
    bando = Bando(ambito_id=edizione.ambito_id, edizione=edizione, titolo=titolo)
    _imposta(bando, campi, CAMPI_BANDO)
    _valida_bando(bando)
    bando.save()
    VersioneRegole.objects.create(
        ambito_id=bando.ambito_id, bando=bando, numero=1,
        regole_ammissibilita=edizione.regole_ammissibilita or {}, regole_punteggio=edizione.regole_punteggio or {},
        regole_incompatibilita=edizione.regole_incompatibilita or {})
    return bando


@transaction.atomic
def bando_update(*, bando: Bando, actor: Utente | None, **campi: Any) -> Bando:
    """Change a bando: everything while a draft; once published only the description and the closing date."""
    bando = _blocca_bando(bando)
    if bando.stato != StatoBando.BOZZA:
        vietati = set(campi) - set(CAMPI_BANDO_PUBBLICATO)
        if vietati:
            raise RegolaViolata(_("Il bando è %(s)s: si possono cambiare solo la descrizione e la chiusura; il resto "
                                  "richiede un nuovo bando o una nuova versione delle regole.")
                                % {"s": bando.get_stato_display().lower()}, codice="bando_non_bozza")
    if _imposta(bando, campi, CAMPI_BANDO):
        _valida_bando(bando)
        bando.save()
    return bando


@transaction.atomic
def strumento_bando_add(*, bando: Bando, strumento: Strumento, actor: Utente | None,
                        importo_mensile: Decimal | None = None, mesi: int | None = None) -> StrumentoBando:
    """Offer a strumento of the bando's edition, with the monthly amount and months of this bando."""
    _in_bozza(bando)
    if strumento.edizione_id != bando.edizione_id:
        raise RegolaViolata(_("Lo strumento «%(s)s» non è dell'edizione del bando.") % {"s": strumento},
                            campo="strumento")
    offerto = StrumentoBando(ambito_id=bando.ambito_id, bando=bando, strumento=strumento,
                             importo_mensile=importo_mensile, mesi=mesi)
    _valida_offerta(offerto)
    _salva(offerto, _("Il bando offre già lo strumento «%(s)s».") % {"s": strumento}, campo="strumento")
    return offerto


def _valida_offerta(offerto: StrumentoBando) -> None:
    _pulisci(offerto)
    massimo = offerto.strumento.importo_mensile_massimo
    if offerto.importo_mensile is not None:
        if offerto.importo_mensile < 0:
            raise RegolaViolata(_("L'importo non può essere negativo."), campo="importo_mensile")
        if massimo is not None and offerto.importo_mensile > massimo:
            raise RegolaViolata(_("L'importo mensile supera il massimo dell'edizione (%(m)s).")
                                % {"m": massimo}, campo="importo_mensile")


@transaction.atomic
def strumento_bando_update(*, offerto: StrumentoBando, actor: Utente | None, **campi: Any) -> StrumentoBando:
    _in_bozza(offerto.bando)
    if _imposta(offerto, campi, ("importo_mensile", "mesi")):
        _valida_offerta(offerto)
        offerto.save()
    return offerto


@transaction.atomic
def strumento_bando_remove(*, offerto: StrumentoBando, actor: Utente | None) -> None:
    _in_bozza(offerto.bando)
    offerto.delete()


@transaction.atomic
def documento_create(*, bando: Bando, actor: Utente | None, codice: str, descrizione: str,
                     obbligatorio: bool = True, strumento: StrumentoBando | None = None) -> DocumentoRichiesto:
    """Require a document for every domanda of the bando, or only for one of its strumenti."""
    _in_bozza(bando)
    if strumento is not None and strumento.bando_id != bando.pk:
        raise RegolaViolata(_("Lo strumento indicato non è offerto da questo bando."), campo="strumento")
    documento = DocumentoRichiesto(ambito_id=bando.ambito_id, bando=bando, codice=_codice(codice),
                                   descrizione=(descrizione or "").strip(), obbligatorio=obbligatorio,
                                   strumento=strumento)
    _pulisci(documento)
    _salva(documento, _("Il bando richiede già un documento con il codice «%(c)s».") % {"c": documento.codice})
    return documento


@transaction.atomic
def documento_update(*, documento: DocumentoRichiesto, actor: Utente | None, **campi: Any) -> DocumentoRichiesto:
    _in_bozza(documento.bando)
    if _imposta(documento, campi, ("descrizione", "obbligatorio", "strumento")):
        if documento.strumento is not None and documento.strumento.bando_id != documento.bando_id:
            raise RegolaViolata(_("Lo strumento indicato non è offerto da questo bando."), campo="strumento")
        _pulisci(documento)
        documento.save()
    return documento


@transaction.atomic
def documento_delete(*, documento: DocumentoRichiesto, actor: Utente | None) -> None:
    _in_bozza(documento.bando)
    documento.delete()


# --- rule versions -------------------------------------------------------------------------------------

@transaction.atomic
def versione_update(*, versione: VersioneRegole, actor: Utente | None, ammissibilita: Any = None,
                    punteggio: Any = None, incompatibilita: Any = None) -> VersioneRegole:
    """Replace the given rule sets of a version not yet in force; refused (with every error) if they do not
    validate, so what is saved always validates."""
    versione = VersioneRegole.objects.select_for_update(of=("self",)).get(pk=versione.pk)
    if versione.congelata:
        raise RegolaViolata(_("La versione %(n)s delle regole è in vigore e non si modifica: crearne una nuova, "
                              "approvata da un atto.") % {"n": versione.numero}, codice="regole_congelate")
    nuove = {
        "regole_ammissibilita": versione.regole_ammissibilita if ammissibilita is None else ammissibilita,
        "regole_punteggio": versione.regole_punteggio if punteggio is None else punteggio,
        "regole_incompatibilita": versione.regole_incompatibilita if incompatibilita is None else incompatibilita,
    }
    _valida_insiemi(*nuove.values())
    if any(getattr(versione, k) != v for k, v in nuove.items()):
        for nome, valore in nuove.items():
            setattr(versione, nome, valore)
        versione.save()
    return versione


@transaction.atomic
def versione_new(*, bando: Bando, actor: Utente | None) -> VersioneRegole:
    """Start a new version of the rules of a published bando (a copy of the one in force, editable)."""
    bando = _blocca_bando(bando)
    if bando.stato == StatoBando.BOZZA:
        raise RegolaViolata(_("Il bando è in bozza: le regole si modificano direttamente."), codice="bando_bozza")
    if versione_in_bozza(bando) is not None:
        raise Conflitto(_("C'è già una nuova versione delle regole in preparazione."), codice="versione_in_bozza")
    corrente = versione_corrente(bando)
    return VersioneRegole.objects.create(
        ambito_id=bando.ambito_id, bando=bando, numero=corrente.numero + 1,
        regole_ammissibilita=corrente.regole_ammissibilita, regole_punteggio=corrente.regole_punteggio,
        regole_incompatibilita=corrente.regole_incompatibilita)


def _congela(versione: VersioneRegole, atto: Atto, quando: dt.datetime) -> None:
    _valida_insiemi(versione.regole_ammissibilita, versione.regole_punteggio, versione.regole_incompatibilita)
    versione.atto = atto
    versione.congelata = True
    versione.in_vigore_dal = quando
    versione.save()


def _collega(atto: Atto, oggetto: Any, actor: Utente | None, descrizione: str) -> None:
    if not atti_dell_oggetto(ambito=atto.ambito, oggetto=oggetto).filter(pk=atto.pk).exists():
        atto_link(atto=atto, actor=actor, oggetto=oggetto, descrizione=descrizione)


def _atto_richiesto(atto: Atto | None, ambito_id: int, messaggio: str) -> Atto:
    if atto is None:
        raise RegolaViolata(messaggio, campo="atto", codice="atto_mancante")
    _stesso_ambito(ambito_id, atto=atto)
    return atto


@transaction.atomic
def versione_approve(*, versione: VersioneRegole, atto: Atto | None, actor: Utente | None) -> VersioneRegole:
    """Put a new version of a published bando's rules in force, approved by ``atto``; domande already judged keep
    their version, new evaluations use this one."""
    versione = VersioneRegole.objects.select_for_update(of=("self",)).select_related("bando").get(pk=versione.pk)
    if versione.congelata:
        raise Conflitto(_("La versione %(n)s è già in vigore.") % {"n": versione.numero}, codice="regole_congelate")
    if versione.bando.stato == StatoBando.BOZZA:
        raise RegolaViolata(_("Il bando è in bozza: le regole entrano in vigore con la pubblicazione."))
    atto = _atto_richiesto(atto, versione.ambito_id, _("Una nuova versione delle regole entra in vigore solo con "
                                                        "l'atto che la approva."))
    _congela(versione, atto, timezone.now())
    _collega(atto, versione.bando, actor, _("Regole del bando, versione %(n)s") % {"n": versione.numero})
    return versione


@transaction.atomic
def bando_publish(*, bando: Bando, actor: Utente | None, atto: Atto | None = None) -> Bando:
    """Publish a draft bando: it needs an approving act, at least one strumento and rules that validate; the
    rules in force are frozen and the act is linked to the bando."""
    bando = _blocca_bando(bando)
    if bando.stato != StatoBando.BOZZA:
        raise Conflitto(_("Il bando è già %(s)s.") % {"s": bando.get_stato_display().lower()},
                        codice="bando_non_bozza")
    atto = _atto_richiesto(atto or bando.atto, bando.ambito_id,
                           _("Indicare l'atto che approva il bando e i suoi criteri prima di pubblicarlo."))
    if not bando.strumenti.exists():
        raise RegolaViolata(_("Il bando non offre alcuno strumento: aggiungerne almeno uno."), campo="strumenti")
    if bando.chiusura and bando.chiusura < timezone.localdate():
        raise RegolaViolata(_("La chiusura del bando è già passata."), campo="chiusura")
    adesso = timezone.now()
    versione = versione_corrente(bando)
    _congela(versione, atto, adesso)
    bando.atto = atto
    bando.stato = StatoBando.PUBBLICATO
    bando.pubblicato_il = adesso
    bando.save()
    _collega(atto, bando, actor, _("Approvazione del bando e dei criteri"))
    return bando


@transaction.atomic
def bando_close(*, bando: Bando, actor: Utente | None) -> Bando:
    """Close a published bando: no new domande; those filed go on."""
    bando = _blocca_bando(bando)
    if bando.stato != StatoBando.PUBBLICATO:
        raise Conflitto(_("Si chiude solo un bando pubblicato: questo è %(s)s.")
                        % {"s": bando.get_stato_display().lower()}, codice="bando_non_pubblicato")
    bando.stato = StatoBando.CHIUSO
    if bando.chiusura is None or bando.chiusura > timezone.localdate():
        bando.chiusura = max(timezone.localdate(), bando.apertura or timezone.localdate())
    bando.save()
    return bando


@transaction.atomic
def bando_budget_add(*, bando: Bando, actor: Utente | None, assegnazione: Any, importo: Decimal, atto: Atto,
                     data_contabile: dt.date, descrizione: str = "") -> Any:
    """Fund the bando with a quota of a fondi assegnazione (through the fondi service; the ledger checks the
    available amount and locks what it must)."""
    from fondi.models import TipoDestinazione
    from fondi.services import quota_create

    _stesso_ambito(bando.ambito_id, assegnazione=assegnazione, atto=atto)
    if bando.stato not in (StatoBando.BOZZA, StatoBando.PUBBLICATO):
        raise RegolaViolata(_("Si finanzia solo un bando in bozza o pubblicato."), codice="bando_chiuso")
    return quota_create(assegnazione=assegnazione, tipo_destinazione=TipoDestinazione.BANDO,
                        descrizione=(descrizione or "").strip() or str(bando)[:200], importo=importo, atto=atto,
                        data_contabile=data_contabile, actor=actor, oggetto=bando)
