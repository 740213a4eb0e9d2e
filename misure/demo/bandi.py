"""Demo data of the misure module, bandi part: the measure templates and the B2 2025 bando of the Ambito di Lodi.

The bando is the seeded B2 2025 edition (DGR XII/3719/2024) expressed without code: its parameters and rules are
the edition's data, published with a demo act of the Assemblea dei Sindaci; its budget is a quota of the FNA demo
assegnazione of fondi/demo.py when one has room. Idempotent: a second run finds everything and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ambito.accounts.models import Utente
from ambito.atti import services as servizi_atti
from ambito.atti.models import Atto, TipoAtto
from ambito.errors import RegolaViolata
from ambito.tenancy.models import Ambito
from misure.modelli import documenti_da_modello, modelli_create
from misure.models import Bando, EdizioneMisura, ModalitaBando, StatoBando
from misure.selectors.bandi import quote_del_bando, strumento_list
from misure.services import bandi as servizi

AMBITO_DEMO = "lodi"  # as fondi/demo.py
TITOLO_B2 = "Avviso pubblico Misura B2 — FNA 2024, esercizio 2025 (buoni e voucher)"
BUDGET_B2 = Decimal("50000.00")


def _atto(ambito: Ambito, actor: Utente, tipo: str, numero: str, data: dt.date, oggetto: str) -> Atto:
    atto = Atto.objects.filter(ambito=ambito, tipo=tipo, numero=numero, data=data).first()
    if atto is None:
        atto = servizi_atti.atto_create(ambito=ambito, actor=actor, tipo=tipo, numero=numero, data=data,
                                        oggetto=oggetto)
    if not atto.pubblicato:
        atto = servizi_atti.atto_publish(atto=atto, actor=actor)
    return atto


def _bando_b2(ambito: Ambito, actor: Utente) -> Bando:
    esistente = Bando.objects.filter(ambito=ambito, titolo=TITOLO_B2).first()
    if esistente is not None:
        return esistente
    edizione = EdizioneMisura.objects.get(ambito=ambito, misura__codice="b2", annualita=2024)
    bando = servizi.bando_create(
        edizione=edizione, actor=actor, titolo=TITOLO_B2, modalita=ModalitaBando.FINESTRE,
        apertura=dt.date(2025, 6, 3), giorno_chiusura_mensile=15, giorni_per_decidere=60,
        descrizione="Buono caregiver familiare (100 € al mese per 12 mesi), buono per l'assistente familiare "
                    "regolarmente assunto (fino a 800 € al mese secondo le ore di contratto) e voucher SAD presso "
                    "gli enti accreditati. Domande presentate dal servizio sociale del comune di residenza; "
                    "graduatoria mensile delle domande arrivate entro il 15.")
    for strumento in strumento_list(ambito=ambito, edizione=edizione):
        servizi.strumento_bando_add(bando=bando, strumento=strumento, actor=actor, mesi=strumento.mesi)
    documenti_da_modello(bando=bando, actor=actor)
    delibera = _atto(ambito, actor, TipoAtto.DELIBERAZIONE_ASSEMBLEA, "4/2025", dt.date(2025, 5, 20),
                     "Criteri e avviso pubblico della Misura B2 — FNA 2024, esercizio 2025 (demo)")
    return servizi.bando_publish(bando=bando, actor=actor, atto=delibera)


def _budget(ambito: Ambito, actor: Utente, bando: Bando) -> None:
    """A quota of the FNA demo assegnazione for the bando, if fondi/demo.py made one with room for it."""
    from fondi.selectors import assegnazione_list

    if quote_del_bando(bando=bando):
        return
    delibera = Atto.objects.filter(ambito=ambito, tipo=TipoAtto.DELIBERAZIONE_ASSEMBLEA, numero="2/2026",
                                   data=dt.date(2026, 3, 12)).first()
    data = dt.date(2026, 3, 16)
    for assegnazione in assegnazione_list(ambito=ambito, data=data).filter(fonte__codice="FNA"):
        if delibera is None or assegnazione.data_assegnazione > data:
            continue
        try:
            servizi.bando_budget_add(bando=bando, actor=actor, assegnazione=assegnazione, importo=BUDGET_B2,
                                     atto=delibera, data_contabile=data,
                                     descrizione="Misura B2 — avviso a finestre, scorrimento 2026")
        except RegolaViolata:
            continue
        return


def carica(*, ambito: Ambito, actor: Utente, contesto: dict[str, Any]) -> None:
    """Add this part's demo objects to ``contesto`` for the next parts (runs inside the Ambito's scope)."""
    if ambito.slug != AMBITO_DEMO:
        return
    modelli_create(ambito=ambito, actor=actor)
    bando = _bando_b2(ambito, actor)
    if bando.stato == StatoBando.PUBBLICATO:
        _budget(ambito, actor, bando)
    contesto["bando_b2"] = bando
