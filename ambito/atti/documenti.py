"""Acts on the attachment service: the act's document and its annexes (``ambito.allegati``).

An act takes PDF, PDF/A and signed PDF (.p7m, CAdES: how a determina or a deliberazione signed by the
dirigente usually arrives). Whoever may see the act reads its attachments (unpublished acts only for staff,
as :func:`ambito.atti.selectors.atto_get` decides); staff who manage acts upload and replace them.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from ambito.accounts.permissions import ContestoAccesso
from ambito.allegati.registry import RegolaAllegati, registra_allegati, regola_per
from ambito.allegati.tipi import TipoFile
from ambito.atti import selectors
from ambito.atti.models import Atto

TIPI = {TipoFile.PDF, TipoFile.PDFA, TipoFile.P7M}


def _trova(contesto: ContestoAccesso, pk: int) -> models.Model:
    return selectors.atto_get(ambito=contesto.ambito, pk=pk, solo_pubblicati=selectors.solo_pubblicati_per(contesto))


def _url(atto: Atto, ambito_slug: str) -> str:
    return reverse("atti:atto_detail", kwargs={"ambito_slug": ambito_slug, "atto_pk": atto.pk})


def registra() -> None:
    """Called from the core's ``AppConfig.ready()``."""
    registra_allegati(Atto, tipi=TIPI, capacita_lettura="ambito.atti.vedi_pubblicati",
                      capacita_scrittura="ambito.atti.gestisci", cartella="atti", trova=_trova,
                      url=_url)


def regola() -> RegolaAllegati:
    trovata = regola_per(Atto)
    assert trovata is not None, "ambito.atti.documenti.registra() runs in AmbitoConfig.ready()"
    return trovata
