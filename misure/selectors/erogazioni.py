"""Selectors (reads) of the erogazioni part: funded domande (the contract with the graduatorie part), plans,
runs, payments, events, indebiti. Every list is scoped (Ambito by the scoped managers, comuni for assistenti)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet, Sum

from ambito.errors import NonTrovato
from ambito.tenancy.models import Ambito
from misure.models import (
    Bando,
    Distinta,
    Domanda,
    EventoBeneficio,
    Indebito,
    Pagamento,
    PianoErogazione,
    RigaDistinta,
    StatoDomanda,
)


@dataclass(frozen=True)
class Finanziamento:
    """What the graduatoria granted a domanda: monthly amount, months and the fondi quota it was committed on."""

    domanda: Domanda
    importo_mensile: Decimal
    mesi: int
    quota_id: int | None


def _posizione_model() -> Any:
    try:
        return apps.get_model("misure", "PosizioneGraduatoria")
    except LookupError:  # the graduatorie part is not merged (this branch's own tests)
        return None


def _quota_del_bando(bando: Bando) -> int | None:
    from fondi.models import Quota

    ct = ContentType.objects.get_for_model(Bando)
    return (Quota.objects.filter(ambito_id=bando.ambito_id, content_type=ct, object_id=bando.pk)
            .order_by("pk").values_list("pk", flat=True).first())


def finanziamento_di(domanda: Domanda) -> Finanziamento:
    """The funded amount/months/quota of one domanda: from its funded position in a definitive graduatoria
    (``importo_assegnato``, ``mesi_finanziati`` — fewer months when funded partially —, ``quota`` on the position
    or its graduatoria) when the graduatorie part is there, else from the strumento of the bando and the bando's
    first fondi quota. A later draft (e.g. next month's, where the domanda may still appear) never counts."""
    strumento = domanda.strumento
    importo, mesi, quota_id = strumento.importo_mensile, strumento.mesi, None
    Posizione = _posizione_model()
    if Posizione is not None:
        posizione = (Posizione.objects.filter(domanda=domanda, esito="finanziata", graduatoria__stato="definitiva")
                     .select_related("graduatoria").order_by("-pk").first())
        if posizione is not None:
            mesi = getattr(posizione, "mesi_finanziati", None) or mesi
            assegnato = getattr(posizione, "importo_assegnato", None)
            if assegnato and mesi:
                importo = (Decimal(assegnato) / mesi).quantize(Decimal("0.01"))
            quota_id = getattr(posizione, "quota_id", None) or getattr(
                getattr(posizione, "graduatoria", None), "quota_id", None)
    if quota_id is None:
        quota_id = _quota_del_bando(domanda.bando)
    return Finanziamento(domanda, importo or Decimal(0), mesi or 0, quota_id)


def domande_finanziate(bando: Bando) -> list[Finanziamento]:
    """The finanziata domande of a bando still without a plan, with what they were granted."""
    domande = (Domanda.objects.filter(bando=bando, stato=StatoDomanda.FINANZIATA, piano_erogazione__isnull=True)
               .select_related("strumento", "bando", "beneficiario").order_by("pk"))
    return [finanziamento_di(d) for d in domande]


def _comuni(qs: QuerySet, comuni: frozenset[int] | None, campo: str = "comune_id") -> QuerySet:
    return qs if comuni is None else qs.filter(**{f"{campo}__in": comuni})


def piano_list(*, ambito: Ambito, comuni: frozenset[int] | None = None, bando: Bando | None = None,
               beneficiario_id: int | None = None) -> QuerySet[PianoErogazione]:
    qs = PianoErogazione.objects.filter(ambito=ambito).select_related("domanda", "beneficiario", "strumento__strumento",
                                                                      "comune", "ente")
    if bando is not None:
        qs = qs.filter(domanda__bando=bando)
    if beneficiario_id is not None:
        qs = qs.filter(beneficiario_id=beneficiario_id)
    return _comuni(qs, comuni)


def piano_get(*, ambito: Ambito, pk: int, comuni: frozenset[int] | None = None) -> PianoErogazione:
    piano = piano_list(ambito=ambito, comuni=comuni).filter(pk=pk).first()
    if piano is None:
        raise NonTrovato()
    return piano


def piano_della_domanda(*, domanda: Domanda) -> PianoErogazione | None:
    return PianoErogazione.objects.filter(domanda=domanda).select_related("ente").first()


def distinta_list(*, ambito: Ambito, bando: Bando | None = None) -> QuerySet[Distinta]:
    qs = Distinta.objects.filter(ambito=ambito).select_related("bando", "atto", "preparata_da", "confermata_da")
    return qs.filter(bando=bando) if bando is not None else qs


def distinta_get(*, ambito: Ambito, pk: int) -> Distinta:
    distinta = distinta_list(ambito=ambito).filter(pk=pk).first()
    if distinta is None:
        raise NonTrovato()
    return distinta


def riga_list(*, distinta: Distinta, esclusa: bool | None = None,
              comuni: frozenset[int] | None = None) -> QuerySet[RigaDistinta]:
    qs = RigaDistinta.objects.filter(distinta=distinta).select_related(
        "piano__beneficiario", "piano__domanda", "piano__ente", "comune").order_by("esclusa", "comune__denominazione",
                                                                                   "piano__beneficiario__cognome", "pk")
    if esclusa is not None:
        qs = qs.filter(esclusa=esclusa)
    return _comuni(qs, comuni)


def pagamento_list(*, ambito: Ambito, distinta: Distinta | None = None, piano: PianoErogazione | None = None,
                   comuni: frozenset[int] | None = None) -> QuerySet[Pagamento]:
    qs = Pagamento.objects.filter(ambito=ambito).select_related("beneficiario", "domanda", "comune", "ente")
    if distinta is not None:
        qs = qs.filter(distinta=distinta)
    if piano is not None:
        qs = qs.filter(piano=piano)
    return _comuni(qs, comuni).order_by("mese", "comune__denominazione", "beneficiario__cognome", "pk")


def evento_list(*, piano: PianoErogazione) -> QuerySet[EventoBeneficio]:
    return EventoBeneficio.objects.filter(piano=piano).select_related("utente").order_by("dal", "pk")


def indebito_list(*, ambito: Ambito, beneficiario_id: int | None = None, piano: PianoErogazione | None = None,
                  comuni: frozenset[int] | None = None) -> QuerySet[Indebito]:
    qs = Indebito.objects.filter(ambito=ambito).select_related("pagamento", "evento", "beneficiario")
    if beneficiario_id is not None:
        qs = qs.filter(beneficiario_id=beneficiario_id)
    if piano is not None:
        qs = qs.filter(pagamento__piano=piano)
    return _comuni(qs, comuni)


def pagato_del_piano(piano: PianoErogazione) -> Decimal:
    return Pagamento.objects.filter(piano=piano).aggregate(t=Sum("importo"))["t"] or Decimal(0)


def totali_per_comune(*, distinta: Distinta) -> list[dict[str, Any]]:
    """The run's payments per comune (the determina's table and the per-comune liquidazioni)."""
    return list(Pagamento.objects.filter(distinta=distinta).values("comune__denominazione")
                .annotate(totale=Sum("importo"), numero=models.Count("pk")).order_by("comune__denominazione"))


def bando_get(*, ambito: Ambito, pk: int) -> Bando:
    bando = Bando.objects.filter(ambito=ambito, pk=pk).first()
    if bando is None:
        raise NonTrovato()
    return bando


def atto_get(*, ambito: Ambito, pk: int) -> Any:
    from ambito.atti.models import Atto

    atto = Atto.objects.filter(ambito=ambito, pk=pk).first()
    if atto is None:
        raise NonTrovato()
    return atto


def ente_get(*, pk: int) -> Any:
    """An accredited provider of the shared register (Ente has no Ambito)."""
    from ambito.territorio.models import Ente

    ente = Ente.objects.filter(pk=pk).first()
    if ente is None:
        raise NonTrovato()
    return ente


def indebito_get(*, ambito: Ambito, pk: int, comuni: frozenset[int] | None = None) -> Indebito:
    indebito = indebito_list(ambito=ambito, comuni=comuni).filter(pk=pk).first()
    if indebito is None:
        raise NonTrovato()
    return indebito
