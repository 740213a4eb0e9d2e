"""Computed indicators over the domande, registered in ``ambito.indicatori`` (the Piano di Zona measures its
objectives with them) and the linkable kinds of ``ambito.collegabili`` (an objective points at the bando or the
measure that implements it). Both read misure through its selectors; nothing here imports piani."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ambito.tenancy.models import Ambito


def domande_presentate(*, ambito: Ambito, dal: dt.date, al: dt.date, oggetto: Any = None) -> Decimal:
    """Domande protocolled in the period (whatever their state now)."""
    from misure.selectors.domande import conta_presentate

    return Decimal(conta_presentate(ambito=ambito, dal=dal, al=al))


def domande_ammesse(*, ambito: Ambito, dal: dt.date, al: dt.date, oggetto: Any = None) -> Decimal:
    """Domande declared ammissibile in the period (their first such decision)."""
    from misure.selectors.domande import conta_dichiarate_ammissibili

    return Decimal(conta_dichiarate_ammissibili(ambito=ambito, dal=dal, al=al))


def registra_indicatori_e_collegabili() -> None:
    from ambito.collegabili import registra_collegabile
    from ambito.indicatori import registra_indicatore
    from misure.selectors.bandi import bando_list, misura_list

    registra_indicatore("misure.domande_presentate", etichetta=_("Domande presentate nel periodo"),
                        unita=_("domande"), calcola=domande_presentate,
                        descrizione=_("Domande protocollate nel periodo, per tutte le misure dell'Ambito."))
    registra_indicatore("misure.domande_ammesse", etichetta=_("Domande dichiarate ammissibili nel periodo"),
                        unita=_("domande"), calcola=domande_ammesse,
                        descrizione=_("Domande dichiarate ammissibili dall'Ufficio di Piano nel periodo."))
    registra_collegabile("misure.bando", etichetta=_("Bando / avviso"),
                         elenco=lambda *, ambito: bando_list(ambito=ambito, solo_pubblicati=False),
                         url=lambda bando, slug: reverse("misure:bando_detail", kwargs={
                             "ambito_slug": slug, "bando_pk": bando.pk}))
    registra_collegabile("misure.misura", etichetta=_("Misura"),
                         elenco=lambda *, ambito: misura_list(ambito=ambito, esterne=False),
                         url=lambda misura, slug: reverse("misure:misura_detail", kwargs={
                             "ambito_slug": slug, "misura_pk": misura.pk}))
