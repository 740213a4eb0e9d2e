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


SEGNAPOSTO = 987654321987  # the id in a reversed URL pattern, replaced by each record's


class UrlConId:
    """The page of one record among many (``url(pk)``): ``reverse`` runs once, with a placeholder id, and each
    record's id is filled in — a file names a page per row, and ``reverse`` per row was a fifth of its time."""

    def __init__(self, ambito: Ambito, nome: str, chiave: str) -> None:
        url = reverse(nome, kwargs={"ambito_slug": ambito.slug, chiave: SEGNAPOSTO})
        self.prima, _segnaposto, self.dopo = url.rpartition(str(SEGNAPOSTO))

    def __call__(self, pk: int) -> str:
        return f"{self.prima}{int(pk)}{self.dopo}"
