"""Selectors (reads) of the misure module: domande.

Visibility lives here and nowhere else: an assistente sociale sees only the domande (and their timeline,
outcomes, assessments) of their comuni — ``comuni`` is ``ContestoAccesso.comuni`` (None for the office).
The scope of the request already narrows to those comuni; the explicit filter is the defence in depth.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from ambito.allegati.models import Allegato
from ambito.errors import uno
from ambito.formato import oggi as oggi_roma
from ambito.tenancy.models import Ambito
from misure.models import (
    STATI_APERTI,
    Bando,
    Beneficiario,
    DocumentoRichiesto,
    Domanda,
    EsitoRegola,
    EsitoVerifica,
    EventoDomanda,
    ProgettoIndividuale,
    StatoBando,
    StatoDomanda,
    StrumentoBando,
    Valutazione,
)

# The procedure clock runs in these states and is stopped (an integrazione, missing documents) in those.
STATI_TERMINE_IN_CORSO = (StatoDomanda.PRESENTATA, StatoDomanda.IN_ISTRUTTORIA, StatoDomanda.INTEGRATA)
STATI_TERMINE_SOSPESO = (StatoDomanda.INTEGRAZIONE_RICHIESTA, StatoDomanda.IN_SOSPESO)
# Closed for good: what the retention job may anonymise once the measure's years have passed.
STATI_CHIUSI = (StatoDomanda.NON_AMMISSIBILE, StatoDomanda.CESSATA, StatoDomanda.RITIRATA, StatoDomanda.DECADUTA)


def preavviso_giorni() -> int:
    """Days before the deadline from which a domanda is flagged "in scadenza" (setting, default 7)."""
    return int(getattr(settings, "MISURE_PREAVVISO_ISTRUTTORIA_GIORNI", 7))


def _visibili(qs: QuerySet, *, ambito: Ambito, comuni: Sequence[int] | None, campo: str = "comune_id") -> QuerySet:
    qs = qs.filter(ambito=ambito)
    if comuni is not None:
        qs = qs.filter(**{f"{campo}__in": list(comuni)})
    return qs


@dataclass(frozen=True)
class FiltriDomande:
    bando: int | None = None
    comune: int | None = None
    stato: str | None = None
    termine: str | None = None  # "in_scadenza" | "scaduto" | "sospeso"
    testo: str = ""
    assistente: int | None = None


def domanda_list(*, ambito: Ambito, comuni: Sequence[int] | None = None, filtri: FiltriDomande | None = None,
                 oggi: dt.date | None = None) -> QuerySet[Domanda]:
    """The domande this user may see, with what a list shows (one query: bando, strumento, beneficiary, comune)."""
    filtri = filtri or FiltriDomande()
    qs = _visibili(Domanda.objects.all(), ambito=ambito, comuni=comuni).select_related(
        "bando", "strumento__strumento", "beneficiario", "comune", "assistente_sociale")
    if filtri.bando:
        qs = qs.filter(bando_id=filtri.bando)
    if filtri.comune:
        qs = qs.filter(comune_id=filtri.comune)
    if filtri.stato:
        qs = qs.filter(stato=filtri.stato)
    if filtri.assistente:
        qs = qs.filter(assistente_sociale_id=filtri.assistente)
    if filtri.testo:
        testo = filtri.testo.strip()
        condizione = Q(beneficiario__cognome__icontains=testo) | Q(beneficiario__codice_fiscale__iexact=testo)
        if testo.isdigit():
            condizione |= Q(protocollo_numero=int(testo))
        qs = qs.filter(condizione)
    if filtri.termine:
        qs = qs.filter(_condizione_termine(filtri.termine, oggi or oggi_roma()))
    return qs


def _condizione_termine(termine: str, oggi: dt.date) -> Q:
    if termine == "sospeso":
        return Q(stato__in=STATI_TERMINE_SOSPESO)
    in_corso = Q(stato__in=STATI_TERMINE_IN_CORSO)
    if termine == "scaduto":
        return in_corso & Q(scadenza_istruttoria__lt=oggi)
    if termine == "in_scadenza":
        return in_corso & Q(scadenza_istruttoria__gte=oggi,
                            scadenza_istruttoria__lte=oggi + dt.timedelta(days=preavviso_giorni()))
    return Q()


def domanda_get(*, ambito: Ambito, pk: int, comuni: Sequence[int] | None = None) -> Domanda:
    """One domanda this user may see, or NonTrovato (404): another Ambito's, or another comune's for an assistente."""
    qs = _visibili(Domanda.objects.all(), ambito=ambito, comuni=comuni).select_related(
        "bando__edizione__misura", "strumento__strumento", "beneficiario", "comune", "assistente_sociale",
        "versione_regole")
    return uno(qs, messaggio=_("Domanda non trovata."), pk=pk)


def domanda_aperta_per(*, beneficiario: Beneficiario, bando: Bando, strumento: StrumentoBando,
                       esclusa: int | None = None) -> Domanda | None:
    """The open domanda of this beneficiary for this bando and strumento, if any (the duplicate guard)."""
    qs = Domanda.objects.filter(ambito_id=beneficiario.ambito_id, beneficiario=beneficiario, bando=bando,
                                strumento=strumento, stato__in=STATI_APERTI)
    if esclusa:
        qs = qs.exclude(pk=esclusa)
    return qs.first()


def evento_list(*, domanda: Domanda) -> QuerySet[EventoDomanda]:
    """The timeline of a domanda, oldest first."""
    return EventoDomanda.objects.filter(ambito_id=domanda.ambito_id, domanda=domanda).select_related("utente")


def esito_list(*, domanda: Domanda) -> QuerySet[EsitoRegola]:
    return EsitoRegola.objects.filter(ambito_id=domanda.ambito_id, domanda=domanda).order_by("tipo", "pk")


@dataclass(frozen=True)
class EsitoAutomatico:
    """The automatic outcome of the stored lines: eligible, not eligible (which lines), or data missing."""

    ammissibile: bool
    non_soddisfatte: list[EsitoRegola]
    dati_mancanti: list[EsitoRegola]
    valutata: bool


def esito_automatico(esiti: Sequence[EsitoRegola]) -> EsitoAutomatico:
    """Eligible when every eligibility line is met and no incompatibility line is failed (a Verifica of
    incompatibility is met when the beneficiary holds nothing it excludes)."""
    non_soddisfatte = [e for e in esiti if e.esito == EsitoVerifica.NON_SODDISFATTA]
    mancanti = [e for e in esiti if e.esito == EsitoVerifica.DATI_MANCANTI]
    return EsitoAutomatico(ammissibile=bool(esiti) and not non_soddisfatte and not mancanti,
                           non_soddisfatte=non_soddisfatte, dati_mancanti=mancanti, valutata=bool(esiti))


def ammissibilita_effettiva(domanda: Domanda, esiti: Sequence[EsitoRegola]) -> bool:
    """The office's decision when it overrode the evaluation, else the automatic outcome."""
    if domanda.ammissibilita_forzata is not None:
        return bool(domanda.ammissibilita_forzata)
    return esito_automatico(esiti).ammissibile


def stato_termine(domanda: Domanda, oggi: dt.date) -> str | None:
    """"scaduto", "in_scadenza", "nei_termini", "sospeso", or None when no clock runs (draft, decided)."""
    if domanda.stato in STATI_TERMINE_SOSPESO:
        return "sospeso"
    if domanda.stato not in STATI_TERMINE_IN_CORSO or domanda.scadenza_istruttoria is None:
        return None
    if domanda.scadenza_istruttoria < oggi:
        return "scaduto"
    if domanda.scadenza_istruttoria <= oggi + dt.timedelta(days=preavviso_giorni()):
        return "in_scadenza"
    return "nei_termini"


def valutazione_list(*, domanda: Domanda) -> QuerySet[Valutazione]:
    return Valutazione.objects.filter(ambito_id=domanda.ambito_id, domanda=domanda).select_related("valutatore")


def valutazione_get(*, ambito: Ambito, pk: int, comuni: Sequence[int] | None = None) -> Valutazione:
    qs = _visibili(Valutazione.objects.all(), ambito=ambito, comuni=comuni, campo="domanda__comune_id")
    return uno(qs.select_related("domanda"), messaggio=_("Valutazione non trovata."), pk=pk)


def progetto_list(*, domanda: Domanda) -> QuerySet[ProgettoIndividuale]:
    """The progetto individuale and its revisions, newest first."""
    return ProgettoIndividuale.objects.filter(ambito_id=domanda.ambito_id, domanda=domanda).order_by("-pk")


def progetto_get(*, ambito: Ambito, pk: int, comuni: Sequence[int] | None = None) -> ProgettoIndividuale:
    qs = _visibili(ProgettoIndividuale.objects.all(), ambito=ambito, comuni=comuni, campo="domanda__comune_id")
    return uno(qs.select_related("domanda"), messaggio=_("Progetto individuale non trovato."), pk=pk)


# --- what a domanda is filed against ------------------------------------------------------------------------


def bando_visibile_list(*, ambito: Ambito) -> QuerySet[Bando]:
    """Every bando that has domande or may get them (the filters of the queue)."""
    return Bando.objects.filter(ambito=ambito).exclude(stato=StatoBando.BOZZA).order_by("titolo", "pk")


def strumenti_dell_ambito_list(*, ambito: Ambito, bando: Bando | None = None) -> QuerySet[StrumentoBando]:
    """Every strumento offered by the Ambito's bandi (or by one bando), with its bando."""
    qs = StrumentoBando.objects.filter(ambito=ambito).select_related("strumento", "bando")
    return qs.filter(bando=bando) if bando is not None else qs


def strumento_aperto_list(*, ambito: Ambito, data: dt.date | None = None) -> QuerySet[StrumentoBando]:
    """The strumenti of the bandi open for filing today (published, opened, not closed): what a new domanda may
    ask for."""
    from misure.selectors.bandi import bandi_aperti_list

    aperti = bandi_aperti_list(ambito=ambito, data=data or oggi_roma())
    return (strumenti_dell_ambito_list(ambito=ambito).filter(bando__in=aperti)
            .order_by("bando__titolo", "strumento__nome", "pk"))


def beneficiario_visibile_list(*, ambito: Ambito, comuni: Sequence[int] | None = None) -> QuerySet[Beneficiario]:
    """The beneficiaries a domanda may be filed for by this user (their comuni; not anonymised)."""
    qs = _visibili(Beneficiario.objects.all(), ambito=ambito, comuni=comuni)
    return qs.filter(anonimizzato_il__isnull=True).select_related("comune").order_by("cognome", "nome", "pk")


def documenti_richiesti(*, domanda: Domanda) -> QuerySet[DocumentoRichiesto]:
    """The documents the bando requires of this domanda: for every domanda, or for its strumento."""
    from misure.selectors.bandi import documenti_per_strumento

    return documenti_per_strumento(bando=domanda.bando, strumento=domanda.strumento).order_by("codice")


def chiavi_allegate(*, domanda: Domanda) -> set[str]:
    """The document slots (``Allegato.chiave``) the domanda has a file for."""
    return set(Allegato.objects.filter(
        ambito_id=domanda.ambito_id, content_type=ContentType.objects.get_for_model(Domanda),
        object_id=domanda.pk).exclude(chiave="").values_list("chiave", flat=True))


@dataclass(frozen=True)
class DocumentoDellaDomanda:
    documento: DocumentoRichiesto
    presente: bool


def documenti_della_domanda(*, domanda: Domanda) -> list[DocumentoDellaDomanda]:
    presenti = chiavi_allegate(domanda=domanda)
    return [DocumentoDellaDomanda(d, d.codice in presenti) for d in documenti_richiesti(domanda=domanda)]


def conteggi_per_stato(*, ambito: Ambito, comuni: Sequence[int] | None = None) -> dict[str, int]:
    """How many domande per state (the home-page widget; one query)."""
    from django.db.models import Count

    righe = _visibili(Domanda.objects.all(), ambito=ambito, comuni=comuni).values("stato").annotate(n=Count("pk"))
    return {r["stato"]: r["n"] for r in righe.order_by()}


def domande_da_anonimizzare(*, ambito: Ambito) -> QuerySet[Domanda]:
    """Closed, not yet anonymised domande with their measure's retention years (the job filters by date)."""
    return Domanda.objects.filter(ambito=ambito, stato__in=STATI_CHIUSI, anonimizzata_il__isnull=True,
                                  chiusa_il__isnull=False).select_related("bando__edizione__misura")



def conta_presentate(*, ambito: Ambito, dal: dt.date, al: dt.date) -> int:
    """Domande protocolled between ``dal`` and ``al`` (both included, Italian dates): an indicator's count."""
    return Domanda.objects.filter(ambito=ambito, presentata_il__date__gte=dal, presentata_il__date__lte=al).count()


def conta_dichiarate_ammissibili(*, ambito: Ambito, dal: dt.date, al: dt.date) -> int:
    """Domande whose first 'ammissibile' decision falls between ``dal`` and ``al``: an indicator's count."""
    from django.db.models import Min

    prime = (EventoDomanda.objects.filter(ambito=ambito, a_stato=StatoDomanda.AMMISSIBILE).values("domanda_id")
             .annotate(prima=Min("quando")).order_by())
    return prime.filter(prima__date__gte=dal, prima__date__lte=al).count()
