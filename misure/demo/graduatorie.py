"""Demo data of the graduatorie part: the graduatoria of the Lodi B2 2025 bando, computed on the demo domande
(those ammissibile, in sospeso and non ammissibile), approved as provisional by a determina (published on the
public page) and then made definitive — which commits the funded total on the bando's fondi quota and moves the
domande to finanziata / lista d'attesa. Runs after the domande part (``contesto["bando_b2"]``); idempotent."""

from __future__ import annotations

import logging
from typing import Any

from ambito.accounts.models import Utente
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
    with servizi_domande.senza_email():
        # A bando a finestre ranks the domande up to the monthly cut-off: the demo takes today.
        fino_al = oggi if bando.modalita == ModalitaBando.FINESTRE else None
        g = services.graduatoria_compute(bando=bando, actor=None, fino_al=fino_al)
        provvisoria = atto_create(ambito=ambito, actor=None, tipo=TipoAtto.DETERMINA_CAPOFILA, numero="GR-1/DEMO",
                                  data=oggi, oggetto=f"Approvazione della graduatoria provvisoria — {bando.titolo}")
        g = services.graduatoria_approva_provvisoria(graduatoria=g, atto=provvisoria, actor=None, oggi=oggi)
        definitiva = atto_create(ambito=ambito, actor=None, tipo=TipoAtto.DETERMINA_CAPOFILA, numero="GR-2/DEMO",
                                 data=oggi, oggetto=f"Approvazione della graduatoria definitiva — {bando.titolo}")
        try:
            g = services.graduatoria_rendi_definitiva(graduatoria=g, atto=definitiva, actor=None, oggi=oggi)
        except RegolaViolata as exc:  # e.g. no quota on the bando: the provisional one stays, published
            logger.warning("misure demo (graduatorie): definitiva not possible: %s", exc)
    contesto["graduatoria_b2"] = g
