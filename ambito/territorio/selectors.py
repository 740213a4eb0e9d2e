"""Reads about the territory: comuni, the Ambito's comuni over time, sub-ambiti and enti."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ambito.accounts.models import Utente
from ambito.errors import NonTrovato, uno
from ambito.tenancy.models import Ambito
from ambito.territorio.models import AppartenenzaComune, Comune, Ente, SubAmbito, TipoEnte


def comune_list(*, ambito: Ambito, data: dt.date | None = None, fino_al: dt.date | None = None) -> QuerySet[Comune]:
    """The comuni of the Ambito on ``data`` (today by default), by name: the one answer to "which comuni
    are in this Ambito", for every module.

    With ``fino_al``, the comuni that belong to it on at least one day of [``data``, ``fino_al``] (e.g. a
    member in office over a period). Comune is shared reference data: the filter on the Ambito's dated
    memberships (AppartenenzaComune) is what restricts the list.
    """
    dal = data or timezone.localdate()
    al = fino_al or dal
    ids = AppartenenzaComune.objects.filter(
        Q(valido_al__isnull=True) | Q(valido_al__gte=dal), ambito=ambito, valido_dal__lte=al,
    ).values("comune_id")
    return Comune.objects.filter(pk__in=ids).order_by("denominazione")


def comuni_tutti() -> QuerySet[Comune]:
    """Every comune (lazy): the universe API inputs are parsed against; services check membership."""
    return Comune.objects.order_by("denominazione")


def enti_rappresentabili() -> QuerySet[Ente]:
    """Enti a referente partner may represent (the registry is shared between Ambiti)."""
    return Ente.objects.order_by("denominazione")


def _valide_al(data: dt.date) -> Q:
    return Q(valido_dal__lte=data) & (Q(valido_al__isnull=True) | Q(valido_al__gte=data))


def appartenenza_list(*, ambito: Ambito, data: dt.date | None = None) -> QuerySet[AppartenenzaComune]:
    """The Ambito's comuni (memberships) valid at ``data``, or every period ever when ``data`` is None."""
    qs = AppartenenzaComune.objects.filter(ambito=ambito)
    if data is not None:
        qs = qs.filter(_valide_al(data))
    return qs.select_related("comune", "sub_ambito").order_by("comune__denominazione", "valido_dal")


def comune_periodi_get(*, ambito: Ambito, pk: int) -> list[AppartenenzaComune]:
    """Every period comune ``pk`` belonged to this Ambito, newest first, or :class:`~ambito.errors.NonTrovato`
    if it never did (a comune of another Ambito does not exist here)."""
    periodi = list(
        AppartenenzaComune.objects.filter(ambito=ambito, comune_id=pk)
        .select_related("comune", "comune__successore", "sub_ambito")
        .order_by("-valido_dal")
    )
    if not periodi:
        raise NonTrovato(_("Comune non appartenente all'Ambito."))
    return periodi


def appartenenze_sovrapposte(
    *, ambito: Ambito, comune: Comune, valido_dal: dt.date, valido_al: dt.date | None, escludi_pk: int | None = None,
) -> list[AppartenenzaComune]:
    """This Ambito's periods of ``comune`` that overlap [valido_dal, valido_al] (open end = forever)."""
    qs = AppartenenzaComune.objects.filter(ambito=ambito, comune=comune).filter(
        Q(valido_al__isnull=True) | Q(valido_al__gte=valido_dal))
    if valido_al is not None:
        qs = qs.filter(valido_dal__lte=valido_al)
    if escludi_pk is not None:
        qs = qs.exclude(pk=escludi_pk)
    return list(qs.order_by("valido_dal"))


@dataclass(frozen=True)
class Provincia:
    sigla: str
    nome: str
    comuni: int
    popolazione: int


@dataclass(frozen=True)
class RiepilogoTerritorio:
    data: dt.date
    comuni: int
    popolazione: int
    comuni_senza_popolazione: int
    province: list[Provincia]

    @property
    def interprovinciale(self) -> bool:
        """True when the Ambito crosses a province boundary (e.g. Lodi: 60 LO + 1 MI)."""
        return len(self.province) > 1


def territorio_riepilogo(*, ambito: Ambito, data: dt.date) -> RiepilogoTerritorio:
    """Comuni and population of the Ambito at a date, by province (one query)."""
    righe = list(
        AppartenenzaComune.objects.filter(ambito=ambito)
        .filter(_valide_al(data))
        .values("comune__sigla_provincia", "comune__provincia")
        .annotate(n=Count("id"), pop=Sum("comune__popolazione"),
                  senza=Count("id", filter=Q(comune__popolazione__isnull=True)))
        .order_by("-n", "comune__sigla_provincia")
    )
    province = [Provincia(r["comune__sigla_provincia"], r["comune__provincia"] or r["comune__sigla_provincia"],
                          r["n"], r["pop"] or 0) for r in righe]
    return RiepilogoTerritorio(
        data=data,
        comuni=sum(p.comuni for p in province),
        popolazione=sum(p.popolazione for p in province),
        comuni_senza_popolazione=sum(r["senza"] for r in righe),
        province=province,
    )


def sub_ambito_list(*, ambito: Ambito, data: dt.date) -> QuerySet[SubAmbito]:
    """Sub-ambiti with the number of comuni assigned to each at ``data``."""
    valide = Q(appartenenze__valido_dal__lte=data) & (
        Q(appartenenze__valido_al__isnull=True) | Q(appartenenze__valido_al__gte=data))
    return (SubAmbito.objects.filter(ambito=ambito)
            .annotate(n_comuni=Count("appartenenze", filter=valide))
            .order_by("nome"))


def sub_ambito_get(*, ambito: Ambito, pk: int) -> SubAmbito:
    """One sub-ambito of this Ambito, or :class:`~ambito.errors.NonTrovato`."""
    return uno(SubAmbito.objects.filter(ambito=ambito), messaggio=_("Sub-ambito inesistente in questo Ambito."), pk=pk)


def comune_cerca(testo: str) -> list[Comune]:
    """Comuni matching what a user typed: a 6-digit ISTAT code anywhere in the text (as offered by
    the suggestion list, ``"Lodi (LO) — 098031"``) or the exact name, case-insensitive."""
    codice = re.search(r"\b(\d{6})\b", testo)
    if codice:
        return list(Comune.objects.filter(codice_istat=codice.group(1)))
    nome = re.sub(r"\s*\([A-Z]{2}\)\s*$", "", testo.strip())
    return list(Comune.objects.filter(denominazione__iexact=nome).order_by("sigla_provincia"))


def comuni_suggeriti(*, ambito: Ambito) -> QuerySet[Comune]:
    """Comuni offered when adding one to the Ambito: still valid, in the regions of its comuni
    (every region while it has none)."""
    regioni = list(AppartenenzaComune.objects.filter(ambito=ambito)
                   .values_list("comune__codice_regione", flat=True).distinct())
    qs = Comune.objects.filter(valido_al__isnull=True)
    if regioni:
        qs = qs.filter(codice_regione__in=regioni)
    return qs.only("codice_istat", "denominazione", "sigla_provincia").order_by("denominazione")


def _enti_visibili(ambito: Ambito) -> Q:
    """An Ambito sees the enti it registered, its capofila/ATS/ASST, and the comuni among its members."""
    propri = [pk for pk in (ambito.ente_capofila_id, ambito.ats_id, ambito.asst_id) if pk]
    comuni = AppartenenzaComune.objects.filter(ambito=ambito).values("comune_id")
    return Q(registrato_da=ambito) | Q(pk__in=propri) | Q(tipo=TipoEnte.COMUNE, comune_id__in=comuni)


def ente_list(*, ambito: Ambito, q: str = "", tipo: str = "") -> QuerySet[Ente]:
    """Enti of the shared registry that concern this Ambito (see :func:`_enti_visibili`)."""
    qs = Ente.objects.filter(_enti_visibili(ambito))
    if q:
        qs = qs.filter(Q(denominazione__icontains=q) | Q(codice_fiscale__iexact=q) | Q(partita_iva__iexact=q))
    if tipo:
        qs = qs.filter(tipo=tipo)
    return qs.select_related("comune", "registrato_da").order_by("denominazione", "pk")


def ente_get(*, ambito: Ambito, pk: int) -> Ente:
    """One ente this Ambito sees, or :class:`~ambito.errors.NonTrovato` (another Ambito's cooperative does
    not exist here)."""
    return uno(ente_list(ambito=ambito), messaggio=_("Ente inesistente in questo Ambito."), pk=pk)


def ente_modificabile(*, ente: Ente, ambito: Ambito, utente: Utente) -> bool:
    """Only the Ambito that registered an ente edits it; a platform administrator edits any."""
    return utente.is_platform_admin or (ente.registrato_da_id is not None and ente.registrato_da_id == ambito.pk)


def ente_per_codice_fiscale(codice_fiscale: str) -> Ente | None:
    return Ente.objects.filter(codice_fiscale=codice_fiscale).first()
