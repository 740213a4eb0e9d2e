"""Services of the domande part: the multidimensional assessment (Valutazione) and the progetto individuale.

Both are special-category data (health): declared in ``campi_sensibili`` on the models and shown only through
``ambito.audit.sensibili.leggi_sensibili`` (every read logged). Recording them is the office's work
(``misure.domande.istruisci``). A new assessment feeds the criteria: the domanda is evaluated again.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ambito import regole
from ambito.accounts.models import Utente
from ambito.errors import RegolaViolata
from ambito.formato import oggi as oggi_roma
from misure.models import (
    AreaReddituale,
    Domanda,
    ProgettoIndividuale,
    StatoDomanda,
    StrumentoValutazione,
    Valutazione,
)
from misure.services import domande as servizi_domande

STATI_CHIUSI = (StatoDomanda.BOZZA, StatoDomanda.NON_AMMISSIBILE, StatoDomanda.RITIRATA, StatoDomanda.CESSATA,
                StatoDomanda.DECADUTA)
DIMENSIONI_SINA = ("sina_mobilita", "sina_attivita_quotidiane", "sina_disturbi_cognitivi", "sina_bisogni_sanitari",
                   "sina_rete_supporto")
TESTO_MAX = 5000


def _domanda_aperta(domanda: Domanda, actor: Utente | None) -> None:
    servizi_domande._contesto(domanda.ambito_id, actor, servizi_domande.ISTRUISCI)
    if domanda.stato in STATI_CHIUSI or domanda.anonimizzata_il is not None:
        raise RegolaViolata(_("Valutazioni e progetti si registrano su una domanda presentata e non chiusa: la "
                              "domanda è «%(stato)s».") % {"stato": domanda.get_stato_display()},
                            codice="stato_non_valido")


def _testo(valore: str | None, campo: str, *, obbligatorio: bool = False) -> str:
    testo = (valore or "").strip()
    if obbligatorio and not testo:
        raise RegolaViolata(_("Campo obbligatorio."), campo=campo)
    if len(testo) > TESTO_MAX:
        raise RegolaViolata(_("Al massimo %(max)d caratteri: il testo ne ha %(n)d.") % {"max": TESTO_MAX,
                                                                                       "n": len(testo)}, campo=campo)
    return testo


@transaction.atomic
def valutazione_create(*, domanda: Domanda, actor: Utente | None, strumento: str, punteggio: Decimal, data: dt.date,
                       punteggio_massimo: Decimal | None = None, equipe: str = "", uvm_asst: bool = False,
                       note: str = "", oggi: dt.date | None = None, sina_area_reddituale: str | None = "",
                       **sina: int | None) -> Valutazione:
    """Record an assessment (scale, score, date, équipe from comune and ASST, UVM, the five SINA dimensions
    graded 1–4, the SINA income area with the SIUSS schema's codes 1–3) and evaluate the domanda again: the score
    feeds the criteria."""
    _domanda_aperta(domanda, actor)
    sconosciute = set(sina) - set(DIMENSIONI_SINA)
    if sconosciute:
        raise TypeError(f"unknown SINA dimensions: {sorted(sconosciute)}")
    if strumento not in StrumentoValutazione.values:
        raise RegolaViolata(_("Strumento di valutazione sconosciuto."), campo="strumento")
    if not isinstance(punteggio, Decimal) or punteggio < 0 or punteggio >= Decimal("100000"):
        raise RegolaViolata(_("Il punteggio deve essere un numero tra 0 e 99.999."), campo="punteggio")
    if punteggio_massimo is not None and punteggio > punteggio_massimo:
        raise RegolaViolata(_("Il punteggio supera il massimo della scala (%(max)s).") % {"max": punteggio_massimo},
                            campo="punteggio")
    regole.data_non_futura(data, campo="data", messaggio=_(
        "Una valutazione porta la data in cui è stata fatta: il %(data)s è successivo a oggi (%(oggi)s)."))
    for nome, valore in sina.items():
        if valore is not None and not 1 <= valore <= 4:
            raise RegolaViolata(_("Ogni dimensione SINA va da 1 (nessun bisogno) a 4 (bisogno molto elevato)."),
                                campo=nome)
    sina_area_reddituale = sina_area_reddituale or ""
    if sina_area_reddituale and sina_area_reddituale not in AreaReddituale.values:
        raise RegolaViolata(_("Area reddituale SINA: 1 (autonomo), 2 (aiutato da parenti o altri) o 3 (in "
                              "condizione di bisogno senza aiuti)."), campo="sina_area_reddituale")
    valutazione = Valutazione(
        ambito_id=domanda.ambito_id, domanda=domanda, strumento=strumento, punteggio=punteggio,
        punteggio_massimo=punteggio_massimo, data=data, equipe=_testo(equipe, "equipe"), uvm_asst=uvm_asst,
        note=_testo(note, "note"), valutatore=actor, sina_area_reddituale=sina_area_reddituale, **sina)
    valutazione.save()
    if domanda.stato in servizi_domande.STATI_VALUTABILI:
        servizi_domande._valuta_e_registra(domanda, oggi=oggi or oggi_roma())
    return valutazione


@transaction.atomic
def progetto_create(*, domanda: Domanda, actor: Utente | None, obiettivi: str, interventi: str, durata_mesi: int,
                    firmato_il: dt.date | None = None, revisione_di: ProgettoIndividuale | None = None
                    ) -> ProgettoIndividuale:
    """Record the progetto individuale (objectives, interventions, duration, signature date); a revision names
    the version it replaces, which stays as it was."""
    _domanda_aperta(domanda, actor)
    if not isinstance(durata_mesi, int) or not 1 <= durata_mesi <= 120:
        raise RegolaViolata(_("La durata va da 1 a 120 mesi."), campo="durata_mesi")
    if firmato_il is not None:
        regole.data_non_futura(firmato_il, campo="firmato_il", messaggio=_(
            "Il progetto porta la data in cui è stato sottoscritto: il %(data)s è successivo a oggi (%(oggi)s)."))
    if revisione_di is not None and revisione_di.domanda_id != domanda.pk:
        raise RegolaViolata(_("Si rivede solo un progetto della stessa domanda."), campo="revisione_di")
    progetto = ProgettoIndividuale(
        ambito_id=domanda.ambito_id, domanda=domanda,
        obiettivi_individuali=_testo(obiettivi, "obiettivi", obbligatorio=True),
        interventi_individuali=_testo(interventi, "interventi", obbligatorio=True), durata_mesi=durata_mesi,
        firmato_il=firmato_il, revisione_di=revisione_di)
    progetto.save()
    return progetto


def progetto_revise(*, progetto: ProgettoIndividuale, actor: Utente | None, **dati: Any) -> ProgettoIndividuale:
    """A revision of the progetto: a new version pointing at this one."""
    return progetto_create(domanda=progetto.domanda, actor=actor, revisione_di=progetto, **dati)
