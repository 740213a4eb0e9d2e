"""Co-programming and co-design."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from ambito.errors import uno
from ambito.tenancy.models import Ambito

# --- co-programming and co-design -------------------------------------------------------------------


def coprogettazione_list(*, ambito: Ambito) -> QuerySet:
    from piani.models import Coprogettazione

    return (Coprogettazione.objects.filter(ambito=ambito).select_related("avviso", "convenzione", "piano", "tavolo")
            .annotate(n_ammessi=Count("enti", filter=Q(enti__esito="ammesso"), distinct=True)).order_by("-pk"))


def coprogettazione_get(*, ambito: Ambito, pk: int) -> Any:
    from piani.models import Coprogettazione

    return uno(Coprogettazione.objects.filter(ambito=ambito).select_related(
        "avviso", "convenzione", "piano", "progetto", "tavolo"), _("Procedura inesistente."), pk=pk)


def coprogettazione_dettaglio(procedura: Any) -> dict[str, Any]:
    """Enti with their outcome, the table's sessions (minutes in the core), reporting dates, the fondi quotas."""
    from ambito.organi.selectors import seduta_list
    from fondi.selectors import con_saldi, quota_list
    from piani.models import Coprogettazione

    ct = ContentType.objects.get_for_model(Coprogettazione)
    return {
        "enti": list(procedura.enti.select_related("ente").order_by("esito", "ente__denominazione")),
        "sedute": list(seduta_list(organo=procedura.tavolo)) if procedura.tavolo_id else [],
        "scadenze": list(procedura.scadenze.order_by("data", "pk")),
        "quote": con_saldi(quota_list(ambito=procedura.ambito).filter(content_type=ct, object_id=procedura.pk)),
    }


def scadenza_rendicontazione_get(*, ambito: Ambito, pk: int) -> Any:
    from piani.models import ScadenzaRendicontazione

    return uno(ScadenzaRendicontazione.objects.filter(ambito=ambito).select_related("procedura"),
               _("Scadenza inesistente."), pk=pk)


def scadenze_rendicontazione_aperte(*, ambito: Ambito, dal: Any, al: Any) -> QuerySet:
    from piani.models import ScadenzaRendicontazione

    return (ScadenzaRendicontazione.objects.filter(ambito=ambito, rendicontata_il__isnull=True, data__lte=al,
                                                   data__gte=dal)
            .select_related("procedura").order_by("data", "pk"))


def tavoli_scelte(*, ambito: Ambito) -> QuerySet:
    from ambito.organi.models import OrganoCollegiale, TipoOrgano

    return OrganoCollegiale.objects.filter(ambito=ambito, tipo__in=[TipoOrgano.TAVOLO_TEMATICO,
                                                                    TipoOrgano.TAVOLO_TECNICO]).order_by("nome")
