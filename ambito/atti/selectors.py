"""Reads about governance acts (Atti) and the objects they approve.

Visibility: staff (capability ``ambito.atti.vedi_tutti``) see every act of the Ambito; everyone
else who may see acts (``ambito.atti.vedi_pubblicati``: Assemblea, partners, assistenti sociali)
sees only published ones. Callers pass ``solo_pubblicati`` from the access context
(:func:`solo_pubblicati_per`), so the rule lives here and nowhere else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from ambito.accounts.permissions import ContestoAccesso
from ambito.allegati.selectors import documento_subquery
from ambito.atti.models import CHIAVE_DOCUMENTO, Atto, AttoCollegamento
from ambito.errors import uno
from ambito.tenancy.models import Ambito, TenantModel
from ambito.territorio.models import Ente

if TYPE_CHECKING:
    from ambito.organi.models import OrganoCollegiale


def solo_pubblicati_per(contesto: ContestoAccesso) -> bool:
    """True when the user may see only published acts."""
    return not contesto.puo("ambito.atti.vedi_tutti")


def atto_list(
    *, ambito: Ambito, solo_pubblicati: bool, tipo: str | None = None, anno: int | None = None,
    testo: str | None = None, pubblicato: bool | None = None,
) -> QuerySet[Atto]:
    """Acts of the Ambito, newest first, filtered by type, year of the act and free text (number
    or subject). One query per page whatever the number of rows (related rows joined, and whether each act
    has its document: ``documento_versione_id``)."""
    qs = (Atto.objects.filter(ambito=ambito).select_related("organo", "ente_emittente")
          .annotate(documento_versione_id=Subquery(documento_subquery(Atto, chiave=CHIAVE_DOCUMENTO))))
    if solo_pubblicati:
        qs = qs.filter(pubblicato=True)
    if pubblicato is not None:
        qs = qs.filter(pubblicato=pubblicato)
    if tipo:
        qs = qs.filter(tipo=tipo)
    if anno:
        qs = qs.filter(data__year=anno)
    if testo:
        qs = qs.filter(Q(oggetto__icontains=testo) | Q(numero__icontains=testo))
    return qs.order_by("-data", "-pk")


def atto_anni(*, ambito: Ambito, solo_pubblicati: bool) -> list[int]:
    """The years that have acts (for the year filter), newest first."""
    qs = Atto.objects.filter(ambito=ambito)
    if solo_pubblicati:
        qs = qs.filter(pubblicato=True)
    return [d.year for d in qs.dates("data", "year", order="DESC")]


def atto_get(*, ambito: Ambito, pk: int, solo_pubblicati: bool) -> Atto:
    """One act of the Ambito as the user may see it, or :class:`~ambito.errors.NonTrovato` (an unpublished act
    is not found by whom sees only published ones)."""
    return uno(atto_list(ambito=ambito, solo_pubblicati=solo_pubblicati), messaggio=_("Atto inesistente."), pk=pk)


def nome_documento(atto: Atto) -> str:
    """The download name of an act's document: "Determina dell'ente capofila 12 2026-02-03" (the extension
    follows the content: .pdf or .p7m)."""
    return f"{atto.get_tipo_display()} {atto.numero} {atto.data:%Y-%m-%d}"


def collegamento_list(*, atto: Atto) -> list[AttoCollegamento]:
    """The objects an act approves, with the objects themselves loaded (one query per model)."""
    return list(
        AttoCollegamento.objects.filter(ambito_id=atto.ambito_id, atto=atto)
        .select_related("content_type")
        .prefetch_related("oggetto")
        .order_by("pk")
    )


def collegamento_get(*, ambito: Ambito, pk: int) -> AttoCollegamento:
    """One link of the Ambito, with its act, or :class:`~ambito.errors.NonTrovato`."""
    return uno(AttoCollegamento.objects.filter(ambito=ambito).select_related("atto"),
               messaggio=_("Collegamento inesistente."), pk=pk)


def modelli_collegabili() -> list[tuple[str, str]]:
    """What an act can approve: every tenant model of every module, as ("app_label.modelname",
    readable name) sorted by name. Links themselves are excluded; shared reference data (comuni,
    enti) is not tenant data and cannot be linked (``atto_link`` refuses it too)."""
    from django.apps import apps

    scelte = [
        (m._meta.label_lower, str(m._meta.verbose_name).capitalize())
        for m in apps.get_models()
        if issubclass(m, TenantModel) and not m._meta.abstract and m is not AttoCollegamento
        and not m.__name__.startswith("Historical")
    ]
    return sorted(scelte, key=lambda scelta: scelta[1])


def oggetti_collegabili(*, ambito: Ambito, modello: str, testo: str = "", limite: int = 20) -> list[models.Model]:
    """The objects of kind ``modello`` of this Ambito an act could approve, matching ``testo`` in any of their
    text fields (or their number), most recent first: the search of the "Collega un oggetto" page, so nobody
    types an internal id. An unknown or non-linkable kind finds nothing."""
    from django.apps import apps

    if modello not in dict(modelli_collegabili()):
        return []
    model = apps.get_model(modello)
    qs = model._default_manager.filter(ambito=ambito)
    testo = testo.strip()
    if testo:
        filtro = Q()
        for campo in model._meta.concrete_fields:
            if isinstance(campo, models.CharField | models.TextField) and not campo.choices:
                filtro |= Q(**{f"{campo.name}__icontains": testo})
        if testo.isdigit():
            filtro |= Q(pk=int(testo))
        qs = qs.filter(filtro)
    return list(qs.order_by("-pk")[:limite])


def atti_dell_oggetto(*, ambito: Ambito, oggetto: models.Model, solo_pubblicati: bool = False) -> QuerySet[Atto]:
    """The acts that approve ``oggetto`` (any module's object): for "approvato con…" on its page."""
    ct = ContentType.objects.get_for_model(oggetto)
    qs = Atto.objects.filter(ambito=ambito, collegamenti__content_type=ct, collegamenti__object_id=oggetto.pk)
    if solo_pubblicati:
        qs = qs.filter(pubblicato=True)
    return qs.select_related("organo", "ente_emittente").order_by("-data", "-pk").distinct()


def organi_per_atti(*, ambito: Ambito) -> QuerySet[OrganoCollegiale]:
    """Choices for "organo che lo ha adottato" in the act form and the API.

    The model is reached through the ``Atto.organo`` relation itself: acts sit below collegial bodies in
    the core's layers (a seduta produces acts), so this feature does not import :mod:`ambito.organi`.
    """
    organo_model = Atto._meta.get_field("organo").related_model
    return organo_model.objects.filter(ambito=ambito).order_by("tipo", "nome")


def enti_per_atti() -> QuerySet[Ente]:
    """Choices for "ente emittente" (enti are a shared registry: the Region, the capofila, ATS…)."""
    return Ente.objects.order_by("denominazione")
