"""Acts in the public area (/p/<slug>/atti/): public-only reads, the public pages, and their registrations.

Only acts explicitly published online (``pubblicazione_dal`` ≤ today ≤ ``pubblicazione_al``) exist here; an
act before or after its period, unpublished, or of another Ambito is a 404. The selectors read only the
columns meant for publication into :class:`AttoPubblico` (no model instance reaches a public template, so a
field added to ``Atto`` later cannot leak by accident), and the templates are ``templates/pubblico/atti/``.
The pages carry ``noindex``: acts may name people.

Registered here, from ``AmbitoConfig.ready()``: the public section "Atti pubblicati" and the approval kind
that publishes an act online (prepared by staff, approved by whom holds ``ambito.atti.pubblicazione_online``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ambito.accounts.models import Utente
from ambito.allegati.models import VersioneAllegato
from ambito.allegati.selectors import documento_subquery
from ambito.allegati.tipi import ESTENSIONE, MIME
from ambito.approvazioni.models import RichiestaApprovazione
from ambito.approvazioni.registry import registra_tipo_approvazione
from ambito.atti import services
from ambito.atti.models import CHIAVE_DOCUMENTO, Atto, TipoAtto
from ambito.errors import NonTrovato
from ambito.files import risposta_file_privato
from ambito.formato import data_it
from ambito.pubblico.registry import registra_pagina_pubblica
from ambito.pubblico.vista import pagina_pubblica, vista_pubblica
from ambito.tenancy.models import Ambito

PER_PAGINA = 25
# The only columns a public page reads.
CAMPI_PUBBLICI = ("pk", "tipo", "numero", "data", "oggetto", "organo__nome", "ente_emittente__denominazione",
                  "pubblicazione_dal", "pubblicazione_al", "documento_versione_id")


@dataclass(frozen=True)
class AttoPubblico:
    """What the public sees of an act."""

    pk: int
    tipo: str  # readable
    numero: str
    data: dt.date
    oggetto: str
    adottato_da: str
    pubblicato_dal: dt.date
    pubblicato_al: dt.date
    ha_documento: bool

    def __str__(self) -> str:
        return f"{self.tipo} n. {self.numero} del {self.data:%d/%m/%Y}"


def _in_pubblicazione(*, ambito: Ambito, oggi: dt.date | None = None) -> QuerySet[Atto]:
    oggi = oggi or timezone.localdate()
    return (Atto.objects.filter(ambito=ambito, pubblicazione_dal__lte=oggi, pubblicazione_al__gte=oggi)
            .annotate(documento_versione_id=Subquery(documento_subquery(Atto, chiave=CHIAVE_DOCUMENTO))))


def _pubblico(riga: dict[str, Any]) -> AttoPubblico:
    return AttoPubblico(
        pk=riga["pk"], tipo=str(TipoAtto(riga["tipo"]).label), numero=riga["numero"], data=riga["data"],
        oggetto=riga["oggetto"], adottato_da=riga["organo__nome"] or riga["ente_emittente__denominazione"] or "",
        pubblicato_dal=riga["pubblicazione_dal"], pubblicato_al=riga["pubblicazione_al"],
        ha_documento=riga["documento_versione_id"] is not None)


def atto_pubblico_list(*, ambito: Ambito, testo: str | None = None, oggi: dt.date | None = None) -> list[AttoPubblico]:
    """The acts of the Ambito in publication today, newest first (one query)."""
    qs = _in_pubblicazione(ambito=ambito, oggi=oggi)
    if testo:
        qs = qs.filter(Q(oggetto__icontains=testo) | Q(numero__icontains=testo))
    return [_pubblico(r) for r in qs.order_by("-data", "-pk").values(*CAMPI_PUBBLICI)]


def atto_pubblico_get(*, ambito: Ambito, pk: int, oggi: dt.date | None = None) -> AttoPubblico:
    """One act in publication today, or :class:`~ambito.errors.NonTrovato`."""
    riga = _in_pubblicazione(ambito=ambito, oggi=oggi).filter(pk=pk).values(*CAMPI_PUBBLICI).first()
    if riga is None:
        raise NonTrovato(_("Atto non pubblicato."))
    return _pubblico(riga)


def documento_pubblico_get(*, ambito: Ambito, pk: int) -> tuple[VersioneAllegato, str]:
    """The current document of an act in publication today and its download name (without extension: the
    content's is added), or :class:`~ambito.errors.NonTrovato`."""
    atto = _in_pubblicazione(ambito=ambito).filter(pk=pk, documento_versione_id__isnull=False).only(
        "pk", "ambito_id", "tipo", "numero", "data").first()
    if atto is None:
        raise NonTrovato(_("Documento non pubblicato."))
    versione = VersioneAllegato.objects.get(pk=atto.documento_versione_id, ambito_id=atto.ambito_id)
    return versione, f"{atto.get_tipo_display()} {atto.numero} {atto.data:%Y-%m-%d}"


# --- Public pages -------------------------------------------------------------------------------------------

@vista_pubblica(noindex=True)
def atti_list(request: HttpRequest, ambito: Ambito) -> HttpResponse:
    testo = (request.GET.get("testo") or "").strip()[:100]
    pagina = Paginator(atto_pubblico_list(ambito=ambito, testo=testo or None), PER_PAGINA).get_page(
        request.GET.get("pagina"))
    return pagina_pubblica(request, ambito, "pubblico/atti/elenco.html",
                           {"pagina": pagina, "testo": testo, "query": urlencode({"testo": testo}) if testo else ""},
                           noindex=True)


@vista_pubblica(noindex=True)
def atto_detail(request: HttpRequest, ambito: Ambito, atto_pk: int) -> HttpResponse:
    return pagina_pubblica(request, ambito, "pubblico/atti/dettaglio.html",
                           {"atto": atto_pubblico_get(ambito=ambito, pk=atto_pk)}, noindex=True)


@vista_pubblica(noindex=True)
def atto_download(request: HttpRequest, ambito: Ambito, atto_pk: int) -> HttpResponse:
    # A public document is served without recording the download: a public page writes nothing (anyone may
    # read it, and logging every anonymous request would let traffic fill the log).
    versione, nome = documento_pubblico_get(ambito=ambito, pk=atto_pk)
    return risposta_file_privato(versione.file, nome=f"{nome}{ESTENSIONE[versione.tipo]}",
                                 content_type=MIME.get(versione.tipo, "application/octet-stream"))


@vista_pubblica(noindex=True)
def atti_json(request: HttpRequest, ambito: Ambito) -> HttpResponse:
    """The same list as open data (JSON), built from the same public-only rows: no other field can appear."""
    def riga(atto: AttoPubblico) -> dict[str, Any]:
        documento = reverse("pubblico:atti_pubblici:atto_download",
                            kwargs={"slug_pubblico": ambito.slug, "atto_pk": atto.pk}) if atto.ha_documento else None
        return {"id": atto.pk, "tipo": atto.tipo, "numero": atto.numero, "data": atto.data.isoformat(),
                "oggetto": atto.oggetto, "adottato_da": atto.adottato_da,
                "pubblicato_dal": atto.pubblicato_dal.isoformat(), "pubblicato_al": atto.pubblicato_al.isoformat(),
                "documento": request.build_absolute_uri(documento) if documento else None}

    return JsonResponse({"ambito": ambito.denominazione, "aggiornato_al": timezone.localdate().isoformat(),
                         "atti": [riga(a) for a in atto_pubblico_list(ambito=ambito)]},
                        json_dumps_params={"ensure_ascii": False})


# --- Registrations ------------------------------------------------------------------------------------------

def _pubblica_su_approvazione(richiesta: RichiestaApprovazione, actor: Utente) -> None:
    atto = Atto.objects.get(pk=richiesta.object_id, ambito_id=richiesta.ambito_id)
    services.atto_online_publish(atto=atto, actor=actor, dal=dt.date.fromisoformat(richiesta.parametri["dal"]),
                                 al=dt.date.fromisoformat(richiesta.parametri["al"]))


def _periodo(richiesta: RichiestaApprovazione) -> list[tuple[str, str]]:
    dal = dt.date.fromisoformat(richiesta.parametri["dal"])
    al = dt.date.fromisoformat(richiesta.parametri["al"])
    return [(_("Periodo di pubblicazione"), _("dal %(dal)s al %(al)s") % {"dal": data_it(dal), "al": data_it(al)})]


def registra() -> None:
    registra_pagina_pubblica(
        "atti", titolo=gettext_lazy("Atti pubblicati"),
        descrizione=gettext_lazy("Deliberazioni, determine e avvisi dell'Ambito nel loro periodo di pubblicazione."),
        urls="ambito.atti.pubblico_urls", url_name="atti_pubblici:atti_list", ordine=10)
    registra_tipo_approvazione(
        services.TIPO_APPROVAZIONE_PUBBLICAZIONE, etichetta=gettext_lazy("Pubblicazione di un atto nell'area pubblica"),
        capacita="ambito.atti.pubblicazione_online", modello="ambito.atto", esegui=_pubblica_su_approvazione,
        dettagli=_periodo)
