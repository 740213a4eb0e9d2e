"""The registry of mappable objects: kinds of local interventions that the mapping table can link to codes.

A module registers its kinds from its ``AppConfig.ready()`` (rendicontazione registers the fondi ones and the
free ``locale`` row; misure will register ``misure.bando``, udos ``udos.tipologia``, piani ``piani.progetto``)::

    registra_mappabile("misure.bando", _("Bando"), scelte=lambda ambito: [(str(b.pk), str(b)) for b in ...])

``scelte(ambito)`` returns ``[(chiave, etichetta)]``, the objects of that Ambito a row may name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ambito.tenancy.models import Ambito

LOCALE = "locale"


@dataclass(frozen=True)
class TipoMappabile:
    codice: str
    etichetta: str
    scelte: Callable[[Ambito], list[tuple[str, str]]] | None = None  # None: a free row (no object)


_TIPI: dict[str, TipoMappabile] = {}


def registra_mappabile(codice: str, etichetta: str, *,
                       scelte: Callable[[Ambito], list[tuple[str, str]]] | None = None) -> None:
    _TIPI[codice] = TipoMappabile(codice, etichetta, scelte)


def tipi_mappabili() -> dict[str, TipoMappabile]:
    return dict(_TIPI)


def registra_mappabili_fondi() -> None:
    """The kinds this module maps from the core and fondi: a free local row, a fund's quota, a destination."""
    from django.utils.translation import gettext_lazy as _

    from fondi import selectors as fondi_selectors
    from fondi.models import TipoDestinazione

    def quote(ambito: Ambito) -> list[tuple[str, str]]:
        return [(str(q.pk), f"{q.assegnazione.fonte.codice} {q.assegnazione.annualita} — {q.descrizione}")
                for q in fondi_selectors.quota_list(ambito=ambito)]

    registra_mappabile(LOCALE, _("Intervento locale (senza oggetto)"))
    registra_mappabile("fondi.quota", _("Quota di un fondo"), scelte=quote)
    registra_mappabile("fondi.destinazione", _("Destinazione dei fondi"),
                       scelte=lambda ambito: [(str(v), str(e)) for v, e in TipoDestinazione.choices])


def registra_mappabili_misure() -> None:
    """misure's measures and strumenti (one strumento per edition: each maps to a SIUSS CodicePrestazione, an
    ISTAT area and service, a regional voice) and the citizenships of its beneficiaries (each maps to the SIUSS
    ``CodiceCittadinanza``). The dashboards by measure read the strumento's ISTAT area."""
    from django.utils.translation import gettext_lazy as _

    from misure.selectors import rendicontazione as misure_selectors

    def strumenti(ambito: Ambito) -> list[tuple[str, str]]:
        return [(str(s.pk), f"{s.edizione.misura.nome} {s.edizione.annualita} — {s.nome}")
                for s in misure_selectors.strumento_mappabile_list(ambito=ambito)]

    registra_mappabile("misure.misura", _("Misura"), scelte=lambda ambito: [
        (str(m.pk), m.nome) for m in misure_selectors.misura_mappabile_list(ambito=ambito)])
    registra_mappabile("misure.strumento", _("Strumento di una misura"), scelte=strumenti)
    # A citizenship as recorded on the beneficiaries (free text, normalised: misure_selectors.chiave_cittadinanza)
    # → the State's numeric code (``VoceMappatura.codice_cittadinanza``, ISO 3166-1); Italian is 380 without a row.
    registra_mappabile("misure.cittadinanza", _("Cittadinanza dei beneficiari"),
                       scelte=lambda ambito: misure_selectors.cittadinanza_mappabile_list(ambito=ambito))
