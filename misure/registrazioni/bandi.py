"""Registrations of the bandi part with the core: the menu entry and the bandi's closing dates as deadlines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

CODICE_SCADENZA = "misure.bando_chiusura"


def scadenze_bandi(*, ambito, dal: dt.date, al: dt.date, oggi: dt.date) -> Iterator:
    """The closing dates of the published bandi: the office (and the social workers, who file) see them."""
    from django.urls import reverse

    from ambito.scadenze.registry import Scadenza
    from misure.selectors.bandi import bandi_in_chiusura

    for bando in bandi_in_chiusura(ambito=ambito, dal=dal, al=al):
        yield Scadenza(chiave=str(bando.pk), titolo=str(_("Chiusura del bando «%(b)s»") % {"b": bando.titolo}),
                       data=bando.chiusura, capacita="misure.domande.presenta",
                       url=reverse("misure:bando_detail", kwargs={"ambito_slug": ambito.slug, "bando_pk": bando.pk}))


def registra() -> None:
    """Called once from MisureConfig.ready()."""
    from ambito.scadenze.registry import registra_tipo_scadenza
    from ambito.ui.navigation import registra_voce
    from misure.indicatori import registra_indicatori_e_collegabili

    registra_voce(_("Bandi e misure"), "misure:bando_list", "misure.vedi", ordine=54, icona="it-file")
    registra_indicatori_e_collegabili()
    registra_tipo_scadenza(CODICE_SCADENZA, _("Chiusura dei bandi"), fornitore=scadenze_bandi,
                           capacita="misure.vedi")
