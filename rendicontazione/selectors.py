"""Reads of the data returns: productions (invii) per period, the diff against the last submitted one, the
mapping table. Every read is filtered by the Ambito (the scope is the safety net)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from ambito.errors import uno
from ambito.jobs.models import StatoJob
from ambito.tenancy.models import Ambito
from rendicontazione.models import (
    ConfigurazioneWaaS,
    EsitoControlli,
    EsitoWaaSNonAbbinato,
    FlussoWaaS,
    Invio,
    RigaInvio,
    ScaricamentoInvio,
    StatistichePubbliche,
    TermineDebito,
    VoceMappatura,
)


def invio_list(*, ambito: Ambito, codice: str | None = None, anno: int | None = None) -> QuerySet[Invio]:
    """The productions, newest first, with their job and people (a constant number of queries)."""
    qs = Invio.objects.filter(ambito=ambito).select_related("job", "prodotto_da", "inviato_da")
    if codice is not None:
        qs = qs.filter(codice=codice)
    if anno is not None:
        qs = qs.filter(anno=anno)
    return qs.order_by("-creato_il", "-pk")


def invio_get(*, ambito: Ambito, pk: int) -> Invio:
    scaricamenti = ScaricamentoInvio.objects.filter(ambito=ambito).select_related("utente")
    qs = invio_list(ambito=ambito).prefetch_related(Prefetch("scaricamenti", queryset=scaricamenti))
    return uno(qs, _("Invio inesistente."), pk=pk)


def invio_per_job(*, ambito: Ambito, pk: int) -> Invio:
    """The Invio a return's job produces (inside the job's scope)."""
    return uno(Invio.objects.filter(ambito=ambito), _("Invio inesistente."), pk=pk)


def invio_del_job(*, ambito: Ambito, job: Any) -> Invio | None:
    """The production whose file is ``job``'s result (None for another kind of job)."""
    return Invio.objects.filter(ambito=ambito, job=job).first()


def ultimo_inviato(*, ambito: Ambito, codice: str, anno: int, periodo: int, escluso: int | None = None,
                   cumulativo: bool = False) -> Invio | None:
    """The last production of the same return and period marked as submitted (None: never submitted). A
    ``cumulativo`` return (figures that carry over from period to period, as Multifondo's) compares with the last
    submitted file of this period **or an earlier one**: the recipient refuses values below any already declared."""
    qs = Invio.objects.filter(ambito=ambito, codice=codice, inviato_il__isnull=False)
    if cumulativo:
        qs = qs.filter(Q(anno__lt=anno) | Q(anno=anno, periodo__lte=periodo))
    else:
        qs = qs.filter(anno=anno, periodo=periodo)
    if escluso is not None:
        qs = qs.exclude(pk=escluso)
    return qs.order_by("-anno", "-periodo", "-inviato_il", "-pk").first()


def invio_superati(*, ambito: Ambito) -> QuerySet[Invio]:
    """Unsubmitted productions whose compact rows are no longer needed: a newer production of the same return and
    period has completed (its file exists), so they are no longer the latest of their period, and they are not a
    comparison's reference (only a submitted file is). Only those that still have compact rows (one query; the
    index on ``(invio, chiave)`` answers the existence test)."""
    piu_recente = Invio.objects.filter(
        ambito=OuterRef("ambito"), codice=OuterRef("codice"), anno=OuterRef("anno"), periodo=OuterRef("periodo"),
        pk__gt=OuterRef("pk"), job__stato=StatoJob.COMPLETATO)
    return (Invio.objects.filter(ambito=ambito, inviato_il__isnull=True, righe_rimosse_il__isnull=True)
            .filter(Exists(piu_recente), Exists(RigaInvio.objects.filter(invio=OuterRef("pk")))))


@dataclass(frozen=True)
class Differenza:
    """One row that changed since the last submitted file: ``prima``/``dopo`` are None when added/removed."""

    chiave: str
    prima: dict[str, str] | None
    dopo: dict[str, str] | None

    @property
    def campi_cambiati(self) -> list[str]:
        if self.prima is None or self.dopo is None:
            return []
        return [nome for nome, valore in self.dopo.items() if self.prima.get(nome) != valore]


class ElencoDifferenze(list):
    """The differences shown, with ``totale``: how many there are in all (a large file lists the first ones)."""

    def __init__(self, righe: list[Differenza], totale: int, *, non_disponibili: bool = False) -> None:
        super().__init__(righe)
        self.totale = totale
        self.non_disponibili = non_disponibili  # the production's compact rows were cleaned up: no comparison


def _cumulativo(codice: str) -> bool:
    from rendicontazione.registry import ritorni

    ritorno = ritorni().get(codice)
    return ritorno is not None and ritorno.cumulativo


def differenze(*, invio: Invio) -> tuple[Invio | None, list[Differenza]]:
    """What changed in ``invio``'s file since the last submitted production of the same return and period (or an
    earlier period, for a cumulative return)."""
    precedente = ultimo_inviato(ambito=invio.ambito, codice=invio.codice, anno=invio.anno, periodo=invio.periodo,
                                escluso=invio.pk, cumulativo=_cumulativo(invio.codice))
    if precedente is None or invio.esito_controlli == EsitoControlli.DA_ESEGUIRE:
        return precedente, ElencoDifferenze([], 0)
    if precedente.sintesi_completa and invio.sintesi_completa:
        prima, dopo = precedente.sintesi, invio.sintesi
        righe = [Differenza(k, prima.get(k), dopo.get(k)) for k in sorted(prima.keys() | dopo.keys())
                 if prima.get(k) != dopo.get(k)]
        return precedente, ElencoDifferenze(righe, len(righe))
    if invio.righe_rimosse_il is not None:  # superseded, its compact rows cleaned up
        return precedente, ElencoDifferenze([], 0, non_disponibili=True)
    # A large file: compared in SQL over the compact rows (the first differences, and how many in all).
    from rendicontazione import sintesi_db as sintesi

    righe, totale = sintesi.differenze(invio=invio, precedente=precedente)
    return precedente, ElencoDifferenze([Differenza(*r) for r in righe], totale)


def voce_mappatura_list(*, ambito: Ambito, tipo_oggetto: str | None = None) -> QuerySet[VoceMappatura]:
    qs = VoceMappatura.objects.filter(ambito=ambito)
    if tipo_oggetto is not None:
        qs = qs.filter(tipo_oggetto=tipo_oggetto)
    return qs.order_by("tipo_oggetto", "descrizione", "pk")


def voce_mappatura_get(*, ambito: Ambito, pk: int) -> VoceMappatura:
    return uno(voce_mappatura_list(ambito=ambito), _("Voce di mappatura inesistente."), pk=pk)


def mappatura_per(*, ambito: Ambito, tipo_oggetto: str) -> dict[str, VoceMappatura]:
    """``{chiave_oggetto: voce}`` for one kind of object (one query): how a return reads the mapping."""
    return {v.chiave_oggetto: v for v in voce_mappatura_list(ambito=ambito, tipo_oggetto=tipo_oggetto)
            if v.chiave_oggetto}


def termini_debito(*, ambito: Ambito) -> dict[str, TermineDebito]:
    """The Ambito's own deadlines, per return (one query)."""
    return {t.codice: t for t in TermineDebito.objects.filter(ambito=ambito)}


def seduta_list_scelte(*, ambito: Ambito) -> QuerySet:
    """The Ambito's sessions of its collegial bodies, newest first (the dossier's choice)."""
    from ambito.organi.models import Seduta

    return Seduta.objects.filter(ambito=ambito).select_related("organo").order_by("-data", "-pk")


def configurazione_waas(*, ambito: Ambito) -> ConfigurazioneWaaS | None:
    """The Ambito's SIUSS/WaaS settings, None when not configured yet."""
    return ConfigurazioneWaaS.objects.filter(ambito=ambito).first()


def flusso_waas_list(*, ambito: Ambito, beneficiario_id: int | None = None, stato: str | None = None
                     ) -> QuerySet[FlussoWaaS]:
    """The WaaS flows of the Ambito, newest first (the XML is not loaded: lists never show it)."""
    qs = FlussoWaaS.objects.filter(ambito=ambito).defer("xml").order_by("-creato_il", "-pk")
    if beneficiario_id is not None:
        qs = qs.filter(beneficiario_id=beneficiario_id)
    if stato:
        qs = qs.filter(stato=stato)
    return qs


def flussi_waas_conteggi(*, ambito: Ambito) -> dict[str, int]:
    """How many flows are offered, discarded, and per INPS outcome (one query)."""
    conteggi: dict[str, int] = {}
    for stato, esito, n in (FlussoWaaS.objects.filter(ambito=ambito).values_list("stato", "codice_esito")
                            .annotate(n=Count("pk")).order_by()):
        conteggi[stato] = conteggi.get(stato, 0) + n
        if esito:
            conteggi[esito] = conteggi.get(esito, 0) + n
    return conteggi
def esito_non_abbinato_list(*, ambito: Ambito) -> QuerySet[EsitoWaaSNonAbbinato]:
    """The outcomes INPS posted for flows this Ambito never offered, newest first."""
    return EsitoWaaSNonAbbinato.objects.filter(ambito=ambito).order_by("-ricevuto_il", "-pk")


def statistiche_pubbliche_attive(*, ambito: Ambito) -> bool:
    """Whether the Ambito publishes the measures' statistics in its public area (off by default)."""
    return StatistichePubbliche.objects.filter(ambito=ambito, attiva=True).exists()
