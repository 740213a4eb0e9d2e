"""What the returns built on misure's payments share: the ledger's figure for the same payments, reached by another
path (the fondi liquidazioni that reference the measure's confirmed runs), and the link to map a strumento."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Sum
from django.urls import reverse

from ambito.tenancy.models import Ambito
from fondi import selectors as fondi_selectors
from misure.selectors import monitoraggio

ZERO = Decimal("0.00")


def liquidato_delle_distinte(*, ambito: Ambito, misura: str, dal: dt.date, al: dt.date) -> Decimal:
    """Paid according to the ledger for the months [dal, al] of the measure: the fondi *liquidazioni* (one per
    run × quota × comune) whose reference is a confirmed run of the measure's bandi for those months. Gross of
    later corrections (a recovered indebito is a rettifica, not a smaller payment). Two queries."""
    distinte = [pk for pk, _totale in monitoraggio.distinte_del_periodo(ambito=ambito, misura=misura, dal=dal, al=al)]
    if not distinte:
        return ZERO
    tipo = ContentType.objects.get_by_natural_key("misure", "distinta")
    totale = (fondi_selectors.movimento_list(ambito=ambito).filter(tipo="liquidazione", content_type=tipo,
                                                                    object_id__in=distinte)
              .order_by().aggregate(t=Sum(F("importo") * F("segno")))["t"])
    return (totale or ZERO).quantize(Decimal("0.01"))


def url_mappa_strumento(ambito: Ambito, strumento_id: int) -> str:
    url = reverse("rendicontazione:voce_mappatura_create", kwargs={"ambito_slug": ambito.slug})
    return f"{url}?tipo_oggetto=misure.strumento&chiave_oggetto={strumento_id}"
