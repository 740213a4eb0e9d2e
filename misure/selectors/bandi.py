"""Selectors (reads) of the misure module: misure, editions, strumenti, bandi and their rule versions."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from ambito.accounts.permissions import ContestoAccesso
from ambito.errors import RegolaViolata, uno
from ambito.tenancy.models import Ambito
from misure.models import (
    Bando,
    DocumentoRichiesto,
    EdizioneMisura,
    Misura,
    StatoBando,
    Strumento,
    StrumentoBando,
    VersioneRegole,
)

STATI_VISIBILI_A_TUTTI = (StatoBando.PUBBLICATO, StatoBando.CHIUSO)


def solo_pubblicati_per(contesto: ContestoAccesso) -> bool:
    """Who sees draft bandi: only those who manage them (the office); the others see published ones."""
    return not contesto.puo("misure.bandi.gestisci")


def misura_list(*, ambito: Ambito, esterne: bool | None = None) -> QuerySet[Misura]:
    qs = Misura.objects.filter(ambito=ambito).annotate(n_edizioni=Count("edizioni", distinct=True))
    if esterne is not None:
        qs = qs.filter(esterna=esterne)
    return qs.order_by("esterna", "nome", "pk")


def misura_get(*, ambito: Ambito, pk: int) -> Misura:
    return uno(Misura.objects.filter(ambito=ambito).select_related("fonte"), messaggio=_("Misura non trovata."), pk=pk)


def misura_per_codice(*, ambito: Ambito, codice: str) -> Misura | None:
    return Misura.objects.filter(ambito=ambito, codice=codice).first()


def edizione_list(*, ambito: Ambito, misura: Misura | None = None) -> QuerySet[EdizioneMisura]:
    qs = EdizioneMisura.objects.filter(ambito=ambito).select_related("misura")
    if misura is not None:
        qs = qs.filter(misura=misura)
    return qs.prefetch_related(Prefetch("strumenti", queryset=Strumento.objects.filter(ambito=ambito)))


def edizione_get(*, ambito: Ambito, pk: int) -> EdizioneMisura:
    return uno(EdizioneMisura.objects.filter(ambito=ambito).select_related("misura"),
               messaggio=_("Edizione non trovata."), pk=pk)


def strumento_list(*, ambito: Ambito, edizione: EdizioneMisura) -> QuerySet[Strumento]:
    return Strumento.objects.filter(ambito=ambito, edizione=edizione).order_by("codice")


def strumento_get(*, ambito: Ambito, pk: int) -> Strumento:
    return uno(Strumento.objects.filter(ambito=ambito).select_related("edizione"),
               messaggio=_("Strumento non trovato."), pk=pk)


def bando_list(*, ambito: Ambito, solo_pubblicati: bool, stato: str = "", misura: Misura | None = None,
               ) -> QuerySet[Bando]:
    """The bandi of the Ambito with their edition and measure (constant number of queries)."""
    qs = (Bando.objects.filter(ambito=ambito)
          .select_related("edizione__misura", "atto")
          .annotate(n_strumenti=Count("strumenti", distinct=True)))
    if solo_pubblicati:
        qs = qs.filter(stato__in=STATI_VISIBILI_A_TUTTI)
    if stato:
        qs = qs.filter(stato=stato)
    if misura is not None:
        qs = qs.filter(edizione__misura=misura)
    return qs.order_by("-apertura", "titolo", "pk")


def bando_get(*, ambito: Ambito, pk: int, solo_pubblicati: bool) -> Bando:
    qs = Bando.objects.filter(ambito=ambito).select_related("edizione__misura", "atto")
    if solo_pubblicati:
        qs = qs.filter(stato__in=STATI_VISIBILI_A_TUTTI)
    return uno(qs, messaggio=_("Bando non trovato."), pk=pk)


def strumento_bando_list(*, bando: Bando) -> QuerySet[StrumentoBando]:
    return (StrumentoBando.objects.filter(ambito_id=bando.ambito_id, bando=bando)
            .select_related("strumento").order_by("strumento__codice"))


def strumento_bando_get(*, bando: Bando, pk: int) -> StrumentoBando:
    return uno(strumento_bando_list(bando=bando), messaggio=_("Strumento del bando non trovato."), pk=pk)


def documento_list(*, bando: Bando) -> QuerySet[DocumentoRichiesto]:
    return (DocumentoRichiesto.objects.filter(ambito_id=bando.ambito_id, bando=bando)
            .select_related("strumento__strumento").order_by("codice"))


def documento_get(*, bando: Bando, pk: int) -> DocumentoRichiesto:
    return uno(documento_list(bando=bando), messaggio=_("Documento richiesto non trovato."), pk=pk)


def documenti_per_strumento(*, bando: Bando, strumento: StrumentoBando | None) -> QuerySet[DocumentoRichiesto]:
    """Documents a domanda for ``strumento`` must carry: the bando's general ones and the strumento's own."""
    qs = documento_list(bando=bando)
    return qs.filter(Q(strumento__isnull=True) | Q(strumento=strumento)) if strumento else qs.filter(
        strumento__isnull=True)


def versione_list(*, bando: Bando) -> QuerySet[VersioneRegole]:
    return (VersioneRegole.objects.filter(ambito_id=bando.ambito_id, bando=bando)
            .select_related("atto").order_by("-numero"))


def versione_get(*, bando: Bando, pk: int) -> VersioneRegole:
    return uno(versione_list(bando=bando), messaggio=_("Versione delle regole non trovata."), pk=pk)


def versione_corrente(bando: Bando) -> VersioneRegole:
    """The rules in force: the latest frozen version once the bando is published, else the latest draft."""
    versioni = versione_list(bando=bando)
    corrente = versioni.filter(congelata=True).first() or versioni.first()
    if corrente is None:
        raise RegolaViolata(_("Il bando «%(b)s» non ha regole.") % {"b": bando}, codice="senza_regole")
    return corrente


def versione_in_bozza(bando: Bando) -> VersioneRegole | None:
    """The version being edited (not frozen), if any."""
    return versione_list(bando=bando).filter(congelata=False).first()


def quote_del_bando(*, bando: Bando) -> list:
    """The fondi quotas that make the bando's budget (read through the fondi selector), with their balances."""
    from fondi.selectors import quota_list

    ct = ContentType.objects.get_for_model(Bando)
    return list(quota_list(ambito=bando.ambito).filter(content_type=ct, object_id=bando.pk))


def bandi_in_chiusura(*, ambito: Ambito, dal, al) -> QuerySet[Bando]:
    """Published bandi whose closing date falls in [dal, al] (for the deadline registry)."""
    return (Bando.objects.filter(ambito=ambito, stato=StatoBando.PUBBLICATO, chiusura__range=(dal, al))
            .select_related("edizione__misura").order_by("chiusura", "pk"))


def bando_e_aperto(bando: Bando, data) -> bool:
    """Whether domande may be filed for ``bando`` on ``data``: published, opened, not past its closing date."""
    return (bando.stato == StatoBando.PUBBLICATO and (bando.apertura is None or bando.apertura <= data)
            and (bando.chiusura is None or data <= bando.chiusura))


def bandi_aperti_list(*, ambito: Ambito, data) -> QuerySet[Bando]:
    """The bandi open for filing on ``data`` (for the domande wizard)."""
    return (bando_list(ambito=ambito, solo_pubblicati=True, stato=StatoBando.PUBBLICATO)
            .filter(Q(apertura__isnull=True) | Q(apertura__lte=data), Q(chiusura__isnull=True) | Q(chiusura__gte=data)))
