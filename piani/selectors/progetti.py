"""Projects (a partner sees only the granted ones), their card, quotas and partners; sovrazonale headers."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from ambito.accounts.permissions import ContestoAccesso
from ambito.errors import uno
from ambito.tenancy.models import Ambito
from piani.models import (
    BudgetProgetto,
    MacroArea,
    PianoDiZona,
    Progetto,
    ProgettoSovrazonale,
)
from piani.selectors.piano import progetti_visibili

ZERO = Decimal("0.00")


# --- projects ---------------------------------------------------------------------------------------


def progetto_list(*, ambito: Ambito, contesto: ContestoAccesso, piano: PianoDiZona | None = None
                  ) -> QuerySet[Progetto]:
    qs = Progetto.objects.filter(ambito=ambito)
    if piano is not None:
        qs = qs.filter(piano=piano)
    qs = progetti_visibili(contesto=contesto, qs=qs)
    return (qs.select_related("piano", "sovrazonale")
            .prefetch_related(Prefetch("macro_aree", queryset=MacroArea.objects.order_by("ordine")))
            .order_by("titolo", "pk"))


def progetto_get(*, ambito: Ambito, contesto: ContestoAccesso, pk: int) -> Progetto:
    """The project as this user may see it, or ``NonTrovato`` (404): also a project not granted to a partner."""
    qs = progetti_visibili(contesto=contesto, qs=Progetto.objects.filter(ambito=ambito))
    return uno(qs.select_related("piano", "sovrazonale"), _("Progetto inesistente."), pk=pk)


def progetto_dettaglio(progetto: Progetto) -> dict[str, Any]:
    """What the project card shows: areas, objectives, actions per year, budget and fondi quotas."""
    azioni = list(progetto.azioni.order_by("anno", "pk"))
    budget = list(BudgetProgetto.objects.filter(ambito_id=progetto.ambito_id, progetto=progetto)
                  .order_by("anno", "fonte"))
    per_anno: dict[int, list] = defaultdict(list)
    for azione in azioni:
        per_anno[azione.anno].append(azione)
    return {
        "aree": list(progetto.macro_aree.order_by("ordine")),
        "obiettivi": list(progetto.obiettivi.order_by("codice", "pk")),
        "azioni_per_anno": sorted(per_anno.items()),
        "budget": budget,
        "budget_totale": sum((b.importo for b in budget), ZERO),
        "quote": quote_progetti(ambito=progetto.ambito, progetti=[progetto]).get(progetto.pk, []),
    }


def quote_progetti(*, ambito: Ambito, progetti: list[Progetto]) -> dict[int, list]:
    """The fondi quotas allocated to these projects (``quota_create(..., oggetto=progetto)``), with their
    balances, by project id — one query through fondi's own selector."""
    from fondi.selectors import con_saldi, quota_list

    ct = ContentType.objects.get_for_model(Progetto)
    quote = con_saldi(quota_list(ambito=ambito).filter(content_type=ct, object_id__in=[p.pk for p in progetti]))
    per_progetto: dict[int, list] = defaultdict(list)
    for quota in quote:
        per_progetto[quota.object_id].append(quota)
    return per_progetto


def partner_list(*, progetto: Progetto) -> list:
    """The partners granted this project (the audited records of the django-guardian grants) — user objects."""
    from piani.models import PartnerProgetto

    return [c.utente for c in PartnerProgetto.objects.filter(ambito_id=progetto.ambito_id, progetto=progetto)
            .select_related("utente").order_by("utente__email")]


def partner_scelte(*, ambito: Ambito) -> QuerySet:
    from ambito.accounts.models import Membro, Ruolo, Utente

    ids = Membro.objects.filter(ambito=ambito, ruolo=Ruolo.PARTNER, revocato_il__isnull=True).values("utente_id")
    return Utente.objects.filter(pk__in=ids).order_by("email")


# --- sovrazonale projects ----------------------------------------------------------------------------


def sovrazonale_list(*, ambito: Ambito) -> QuerySet[ProgettoSovrazonale]:
    """The sovrazonale headers this Ambito takes part in (shared data: each participant sees the header)."""
    return ProgettoSovrazonale.objects.filter(ambiti=ambito).select_related("ente", "ambito_capofila").order_by(
        "titolo")


def sovrazonale_get(*, ambito: Ambito, pk: int) -> ProgettoSovrazonale:
    return uno(sovrazonale_list(ambito=ambito), _("Progetto sovrazonale inesistente."), pk=pk)


def ambiti_partner_scelte(*, ambito: Ambito) -> QuerySet:
    """The other active Ambiti a sovrazonale project may join: those of the same ATS (all active ones when the
    Ambito has no ATS recorded). Shared reference data."""
    qs = Ambito.objects.filter(attivo=True).exclude(pk=ambito.pk)
    if ambito.ats_id is not None:
        qs = qs.filter(ats_id=ambito.ats_id)
    return qs.order_by("denominazione")
