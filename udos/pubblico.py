"""The public "mappa dell'offerta" (/p/<slug>/offerta/): the Ambito's active units by type and comune, with the
unit's own contacts and capacity — no personal data — and the Albo degli accreditati (units and services
accredited now, with the fee of the patto or the voucher value).

The selector reads only the published columns into :class:`UnitaPubblica` (no model instance reaches the
template, so a field added to the unit later cannot leak). The gestore is named only when it is an
organisation (an 11-digit codice fiscale): a sole trader's name is personal data. The same rows are offered
as GeoJSON for any map client (no tile server is loaded from another origin by the page itself).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

from ambito.pubblico.vista import pagina_pubblica, vista_pubblica
from ambito.tenancy.models import Ambito
from udos.models import StatoUnita
from udos.selectors import albo_accreditati, unita_attive_pubbliche

CAMPI_PUBBLICI = ("pk", "denominazione", "tipologia__codice", "comune__codice_istat",
                  "tipologia__denominazione", "tipologia__area", "tipologia__unita_capacita",
                  "comune__denominazione", "indirizzo", "telefono", "email", "capacita_autorizzata",
                  "posti_accreditati", "latitudine", "longitudine", "ente_gestore__denominazione",
                  "ente_gestore__codice_fiscale", "orari_apertura", "giorni_apertura")


@dataclass(frozen=True)
class UnitaPubblica:
    pk: int
    denominazione: str
    tipologia: str
    tipologia_codice: str
    area: str
    comune: str
    comune_istat: str
    indirizzo: str
    telefono: str
    email: str
    capacita: int
    unita_capacita: str
    accreditata: bool
    gestore: str
    apertura: str
    latitudine: Decimal | None
    longitudine: Decimal | None


def _pubblica(r: dict[str, Any]) -> UnitaPubblica:
    cf = r["ente_gestore__codice_fiscale"] or ""
    return UnitaPubblica(
        pk=r["pk"], denominazione=r["denominazione"], tipologia=r["tipologia__denominazione"] or "Sperimentale",
        tipologia_codice=r["tipologia__codice"] or "", area=r["tipologia__area"] or "",
        comune=r["comune__denominazione"], comune_istat=r["comune__codice_istat"], indirizzo=r["indirizzo"],
        telefono=r["telefono"], email=r["email"], capacita=r["capacita_autorizzata"],
        unita_capacita=r["tipologia__unita_capacita"] or "posti", accreditata=r["posti_accreditati"] > 0,
        gestore=r["ente_gestore__denominazione"] if len(cf) == 11 else "",
        apertura=" ".join(x for x in (r["giorni_apertura"], r["orari_apertura"]) if x),
        latitudine=r["latitudine"], longitudine=r["longitudine"])


def unita_pubblica_list(*, ambito: Ambito, tipologia: str = "", comune: str = "") -> list[UnitaPubblica]:
    qs = unita_attive_pubbliche(ambito=ambito)
    if tipologia:
        qs = qs.filter(tipologia__codice=tipologia)
    if comune:
        qs = qs.filter(comune__codice_istat=comune)
    return [_pubblica(r) for r in qs.values(*CAMPI_PUBBLICI)]


@dataclass(frozen=True)
class AccreditataPubblica:
    """A line of the public Albo degli accreditati."""

    denominazione: str
    tipologia: str
    comune: str
    gestore: str
    posti: int
    accreditata_dal: dt.date | None
    retta: Decimal | None
    voucher: Decimal | None


CAMPI_ALBO = ("unita__denominazione", "unita__tipologia__denominazione", "unita__comune__denominazione",
              "unita__ente_gestore__denominazione", "unita__ente_gestore__codice_fiscale", "posti",
              "data_accreditamento", "retta_patto", "valore_voucher")


def albo_pubblico(*, ambito: Ambito) -> list[AccreditataPubblica]:
    """The Albo degli accreditati (LR 3/2008): units and services accredited now, by type; one query."""
    righe = albo_accreditati(ambito=ambito).filter(unita__stato=StatoUnita.ATTIVA).values(*CAMPI_ALBO)
    return [AccreditataPubblica(
        denominazione=r["unita__denominazione"], tipologia=r["unita__tipologia__denominazione"] or "Sperimentale",
        comune=r["unita__comune__denominazione"],
        gestore=r["unita__ente_gestore__denominazione"] if len(r["unita__ente_gestore__codice_fiscale"] or "") == 11
        else "", posti=r["posti"], accreditata_dal=r["data_accreditamento"], retta=r["retta_patto"],
        voucher=r["valore_voucher"]) for r in righe]


def _filtri(request: HttpRequest) -> dict[str, str]:
    return {"tipologia": (request.GET.get("tipologia") or "")[:20], "comune": (request.GET.get("comune") or "")[:6]}


@vista_pubblica(noindex=False)
def mappa(request: HttpRequest, ambito: Ambito) -> HttpResponse:
    tutte = unita_pubblica_list(ambito=ambito)
    filtri = _filtri(request)
    unita = unita_pubblica_list(ambito=ambito, **filtri) if any(filtri.values()) else tutte
    per_tipologia: dict[str, list[UnitaPubblica]] = {}
    for u in unita:
        per_tipologia.setdefault(u.tipologia, []).append(u)
    return pagina_pubblica(request, ambito, "pubblico/udos/mappa.html", {
        "per_tipologia": per_tipologia, "totale": len(unita), "filtri": filtri,
        "tipologie": sorted({(u.tipologia_codice, u.tipologia) for u in tutte}, key=lambda t: t[1]),
        "comuni": sorted({(u.comune_istat, u.comune) for u in tutte}, key=lambda c: c[1]),
        "albo": albo_pubblico(ambito=ambito),
    }, noindex=False)


@vista_pubblica(noindex=False)
def mappa_geojson(request: HttpRequest, ambito: Ambito) -> HttpResponse:
    def feature(u: UnitaPubblica) -> dict[str, Any]:
        geometria = ({"type": "Point", "coordinates": [float(u.longitudine), float(u.latitudine)]}
                     if u.latitudine is not None and u.longitudine is not None else None)
        return {"type": "Feature", "geometry": geometria, "properties": {
            "denominazione": u.denominazione, "tipologia": u.tipologia, "comune": u.comune,
            "indirizzo": u.indirizzo, "telefono": u.telefono, "email": u.email, "capacita": u.capacita,
            "unita_capacita": u.unita_capacita, "accreditata": u.accreditata, "gestore": u.gestore}}

    return JsonResponse({"type": "FeatureCollection", "ambito": ambito.denominazione,
                         "aggiornato_al": timezone.localdate().isoformat(),
                         "features": [feature(u) for u in unita_pubblica_list(ambito=ambito, **_filtri(request))]},
                        json_dumps_params={"ensure_ascii": False})
