"""Reads for the core dashboard widgets (registered in :mod:`ambito.ui.navigation`).

Each selector takes the Ambito explicitly and runs a fixed number of queries, whatever the
number of rows: the home page is the most visited page of the application.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Q, Sum, prefetch_related_objects
from django.utils import timezone

from ambito.accounts.models import Membro
from ambito.atti.models import Atto
from ambito.jobs.models import Job, StatoJob
from ambito.organi.models import Seduta, TipoOrgano
from ambito.tenancy.models import Ambito
from ambito.territorio.models import Comune
from ambito.territorio.selectors import comune_list


@dataclass(frozen=True)
class QuadroUfficio:
    """Counts shown to the Ufficio di Piano on its home page."""

    comuni: int
    popolazione: int
    membri: int
    atti: int
    atti_non_pubblicati: int
    sedute_in_programma: int
    jobs_in_corso: int


def quadro_ufficio(*, ambito: Ambito, data: dt.date | None = None) -> QuadroUfficio:
    """The Ambito at a glance: comuni (and residents) belonging to it at ``data`` (today by
    default), active members, acts, sessions still to be held, background jobs running."""
    data = data or timezone.localdate()
    comuni = comune_list(ambito=ambito, data=data).aggregate(n=Count("pk"), pop=Sum("popolazione"))
    atti = Atto.objects.filter(ambito=ambito).aggregate(n=Count("pk"), bozze=Count("pk", filter=Q(pubblicato=False)))
    return QuadroUfficio(
        comuni=comuni["n"] or 0,
        popolazione=comuni["pop"] or 0,
        membri=Membro.objects.filter(ambito=ambito, revocato_il__isnull=True).count(),
        atti=atti["n"] or 0,
        atti_non_pubblicati=atti["bozze"] or 0,
        sedute_in_programma=Seduta.objects.filter(ambito=ambito, chiusa=False, data__gte=timezone.now()).count(),
        jobs_in_corso=Job.objects.filter(
            ambito=ambito, stato__in=[StatoJob.RICHIESTO, StatoJob.IN_CORSO]
        ).count(),
    )


def comune_assegnato_list(*, ambito: Ambito, comuni: Sequence[int]) -> list[Comune]:
    """The comuni among ``comuni`` that belong to the Ambito today, by name (an assistente
    sociale's or a mayor's comuni; a comune that left the Ambito is not shown)."""
    return list(comune_list(ambito=ambito).filter(pk__in=list(comuni)))


def atto_pubblicato_list(*, ambito: Ambito, limite: int = 5) -> list[Atto]:
    """The ``limite`` most recent published acts (what the Assemblea and the partners may read)."""
    return list(
        Atto.objects.filter(ambito=ambito, pubblicato=True)
        .select_related("organo", "ente_emittente")
        .order_by("-data", "-numero")[:limite]
    )


def seduta_prossima_list(*, ambito: Ambito, solo_assemblea: bool = False, limite: int = 5) -> list[Seduta]:
    """The next ``limite`` sessions not yet held, soonest first (only the Assemblea's with ``solo_assemblea``)."""
    sedute = Seduta.objects.filter(ambito=ambito, chiusa=False, data__gte=timezone.now())
    if solo_assemblea:
        sedute = sedute.filter(organo__tipo=TipoOrgano.ASSEMBLEA)
    return list(sedute.select_related("organo").order_by("data")[:limite])


def ambiti_con_capofila(ambiti: Sequence[Ambito]) -> Sequence[Ambito]:
    """Load the ente capofila of each Ambito in one query (the platform home lists them)."""
    prefetch_related_objects(list(ambiti), "ente_capofila")
    return ambiti
