"""Demo data of the graduatorie part: the graduatoria of the Lodi B2 2025 bando, computed on the demo domande
(those ammissibile, in sospeso and non ammissibile) by the operatore, approved as provisional by a determina
(published on the public page), then made definitive through the real path: the operatore requests the core
two-person approval and the responsabile (the demo actor, second factor taken as verified as in a TOTP session)
approves it — which commits the funded total on the bando's fondi quota, moves the domande to finanziata / lista
d'attesa and publishes the definitive list. Runs after the domande part (``contesto["bando_b2"]``); idempotent."""

from __future__ import annotations

import logging
from typing import Any

from ambito.accounts.models import Membro, Ruolo, Utente
from ambito.approvazioni.services import richiesta_approve
from ambito.errors import RegolaViolata
from ambito.formato import oggi as oggi_roma
from ambito.tenancy.models import Ambito
from misure.models import Bando, Graduatoria, ModalitaBando
from misure.services import domande as servizi_domande
from misure.services import graduatorie as services

logger = logging.getLogger(__name__)


def carica(*, ambito: Ambito, actor: Utente, contesto: dict[str, Any]) -> None:
    bando = contesto.get("bando_b2")
    if not isinstance(bando, Bando) or bando.ambito_id != ambito.pk:
        logger.info("misure demo (graduatorie): no B2 bando in %s", ambito.slug)
        return
    if Graduatoria.objects.filter(ambito=ambito, bando=bando).exists():
        return
    from ambito.atti.models import TipoAtto
    from ambito.atti.services import atto_create

    oggi = oggi_roma()
    operatore = _operatore(ambito)
    preparatore = operatore or actor
    with servizi_domande.senza_email():
        # A bando a finestre ranks the domande up to the monthly cut-off: the demo takes today.
        fino_al = oggi if bando.modalita == ModalitaBando.FINESTRE else None
        g = services.graduatoria_compute(bando=bando, actor=preparatore, fino_al=fino_al)
        provvisoria = atto_create(ambito=ambito, actor=preparatore, tipo=TipoAtto.DETERMINA_CAPOFILA,
                                  numero="GR-1/DEMO", data=oggi,
                                  oggetto=f"Approvazione della graduatoria provvisoria — {bando.titolo}")
        g = services.graduatoria_approva_provvisoria(graduatoria=g, atto=provvisoria, actor=preparatore, oggi=oggi)
        definitiva = atto_create(ambito=ambito, actor=preparatore, tipo=TipoAtto.DETERMINA_CAPOFILA,
                                 numero="GR-2/DEMO", data=oggi,
                                 oggetto=f"Approvazione della graduatoria definitiva — {bando.titolo}")
        g = _definitiva(g, definitiva, operatore, actor)
    contesto["graduatoria_b2"] = g


def _operatore(ambito: Ambito) -> Utente | None:
    membro = (Membro.objects.filter(ambito=ambito, ruolo=Ruolo.OPERATORE, revocato_il__isnull=True)
              .select_related("utente").order_by("pk").first())
    return membro.utente if membro else None


def _definitiva(g: Graduatoria, atto: Any, operatore: Utente | None, responsabile: Utente) -> Graduatoria:
    """The operatore prepares the request, the responsabile approves it; no second person → left provisional."""
    if operatore is None or operatore.pk == responsabile.pk:
        logger.warning("misure demo (graduatorie): no operatore besides %s: the graduatoria stays provisional",
                       responsabile)
        return g
    try:
        richiesta = services.graduatoria_richiedi_definitiva(graduatoria=g, atto=atto, actor=operatore)
        richiesta_approve(richiesta=richiesta, actor=responsabile, secondo_fattore_verificato=True)
    except RegolaViolata as exc:  # e.g. no quota on the bando: the provisional one stays, published
        logger.warning("misure demo (graduatorie): definitiva not possible: %s", exc)
    g.refresh_from_db()
    return g
