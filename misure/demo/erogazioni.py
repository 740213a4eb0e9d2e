"""Demo data of the misure module: erogazioni — payment plans and one confirmed monthly run on the B2 bando of Lodi.

Runs after the graduatorie part, whose demo approves a graduatoria and so makes some domande *finanziata* (with the
commitment on the bando's fondi quota). Here: a plan for up to ``NUMERO`` of them from this month (a quarter paid to
the caregiver), the run of this month prepared by the operatore, sent to approval with a draft determina di
liquidazione and approved by the responsabile (the demo actor), and one suspension from mid-month to show the pro
rata. Nothing finanziata (the graduatorie demo not merged or not run) → a clear log line and nothing done.

Then, on every run (idempotent), a multidimensional assessment with the five SINA dimensions on each domanda with a
payment plan that has none (:func:`valutazioni_sina`): the assessment is misure's record, and the SINA block of the
SIUSS flow is read from it (the demo's SIUSS file needs it).
"""

from __future__ import annotations

import logging
from typing import Any

from ambito.accounts.models import Membro, Ruolo, Utente
from ambito.approvazioni.services import richiesta_approve
from ambito.atti.models import Atto, TipoAtto
from ambito.errors import RegolaViolata
from ambito.formato import oggi
from ambito.tenancy.models import Ambito
from misure.models import Bando, Distinta, StatoDistinta, TipoDestinatario
from misure.selectors import erogazioni as selectors
from misure.services import domande as domande_services
from misure.services import erogazioni as services

logger = logging.getLogger(__name__)
NUMERO = 40


def carica(*, ambito: Ambito, actor: Utente, contesto: dict[str, Any]) -> None:
    bando = contesto.get("bando_b2")
    if not isinstance(bando, Bando) or bando.ambito_id != ambito.pk:
        logger.info("misure demo (erogazioni): no B2 bando in %s", ambito.slug)
        return
    if Distinta.objects.filter(ambito=ambito, bando=bando).exists():
        valutazioni_sina(ambito=ambito, actor=_operatore(ambito) or actor)
        return  # idempotent
    finanziate = selectors.domande_finanziate(bando)[:NUMERO]
    if not finanziate:
        logger.warning("misure demo (erogazioni): no finanziata domanda on %s — the graduatorie demo must approve a "
                       "graduatoria first; no plan nor run created", bando)
        return
    operatore = _operatore(ambito) or actor
    mese = oggi().replace(day=1)
    with domande_services.senza_email():
        piani = _piani(finanziate, operatore, mese)
        if not piani:
            return
        _sospensione(piani[0], operatore, mese)
        _distinta_confermata(ambito, bando, mese, operatore, actor)
    valutazioni_sina(ambito=ambito, actor=operatore)


def _operatore(ambito: Ambito) -> Utente | None:
    membro = (Membro.objects.filter(ambito=ambito, ruolo=Ruolo.OPERATORE, revocato_il__isnull=True)
              .select_related("utente").order_by("pk").first())
    return membro.utente if membro else None


def _piani(finanziate: list, operatore: Utente, mese: Any) -> list:
    piani = []
    for i, f in enumerate(finanziate):
        ben = f.domanda.beneficiario
        caregiver = i % 4 == 0 and ben.caregiver_nome
        try:
            piani.append(services.piano_create(
                domanda=f.domanda, actor=operatore, mese_inizio=mese,
                tipo_destinatario=TipoDestinatario.CAREGIVER if caregiver else TipoDestinatario.BENEFICIARIO,
                iban=ben.iban or _iban_demo(i), intestatario="" if ben.iban or caregiver else str(ben)))
        except RegolaViolata as exc:
            logger.info("misure demo (erogazioni): no plan for %s: %s", f.domanda, exc.messaggio)
    return piani


def _iban_demo(i: int) -> str:
    from schwifty import IBAN

    return str(IBAN.generate("IT", bank_code="03069", branch_code="09606", account_code=f"{100000 + i:012d}"))


def _sospensione(piano: Any, operatore: Utente, mese: Any) -> None:
    services.evento_create(piano=piano, actor=operatore, tipo="sospensione", dal=mese.replace(day=11),
                           al=mese.replace(day=20), motivo="Ricovero ospedaliero (dati dimostrativi)")


def _distinta_confermata(ambito: Ambito, bando: Bando, mese: Any, operatore: Utente, responsabile: Utente) -> None:
    distinta = services.distinta_prepara(bando=bando, mese=mese, actor=operatore)
    if distinta.righe_incluse == 0:
        return
    determina = Atto.objects.create(ambito=ambito, tipo=TipoAtto.DETERMINA_CAPOFILA, numero=f"L-{mese:%Y%m}",
                                    data=oggi(), oggetto=f"Liquidazione buoni B2 {mese:%m/%Y} (bozza dimostrativa)",
                                    pubblicato=False)
    try:
        richiesta = services.distinta_richiedi_conferma(distinta=distinta, actor=operatore, atto=determina)
        if operatore.pk != responsabile.pk:
            richiesta_approve(richiesta=richiesta, actor=responsabile, secondo_fattore_verificato=True)
    except RegolaViolata as exc:  # e.g. the commitment on the quota is lower than the run
        logger.warning("misure demo (erogazioni): run of %s not confirmed: %s", mese, exc.messaggio)
    distinta.refresh_from_db()
    if distinta.stato != StatoDistinta.CONFERMATA:
        logger.info("misure demo (erogazioni): run of %s left %s", mese, distinta.get_stato_display())


# Two SINA profiles (each dimension graded 1–4), alternated over the domande.
SINA_DEMO = ({"sina_mobilita": 2, "sina_attivita_quotidiane": 3, "sina_disturbi_cognitivi": 2,
              "sina_bisogni_sanitari": 2, "sina_rete_supporto": 2, "sina_area_reddituale": "2"},
             {"sina_mobilita": 3, "sina_attivita_quotidiane": 4, "sina_disturbi_cognitivi": 3,
              "sina_bisogni_sanitari": 3, "sina_rete_supporto": 1, "sina_area_reddituale": "3"})


def valutazioni_sina(*, ambito: Ambito, actor: Utente | None) -> int:
    """A SINA assessment (ADL or SVAMA scale, dated 1 May 2025, every other one by the ASST's UVM) on each domanda
    with a payment plan and no assessment with the SINA dimensions, through the service (audited, the domanda
    evaluated again). Idempotent: a domanda once assessed is skipped. Returns how many were recorded."""
    import datetime as dt
    from decimal import Decimal

    from misure.selectors import siuss as misure_siuss
    from misure.services.valutazioni import valutazione_create

    fatte = 0
    with domande_services.senza_email():
        for n, domanda in enumerate(misure_siuss.domande_con_piano_senza_sina(ambito=ambito)):
            try:
                valutazione_create(domanda=domanda, actor=actor, strumento="svama" if n % 2 else "adl",
                                   punteggio=Decimal(10 + n % 7), data=dt.date(2025, 5, 1), uvm_asst=bool(n % 2),
                                   **SINA_DEMO[n % 2])
            except RegolaViolata as exc:  # a domanda closed meanwhile: the SIUSS pre-flight names what is missing
                logger.info("misure demo (erogazioni): no SINA assessment on %s: %s", domanda, exc.messaggio)
                continue
            fatte += 1
    return fatte
