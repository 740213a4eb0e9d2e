"""Per-comune social spending for the Region's SMAF and the MEF (fabbisogni standard, funzione sociale), yearly.

Neither the SMAF upload nor the MEF/SOSE questionnaire is a public file layout: this is a **documented mapping**
(the Cinisello Balsamo seed: what the Ufficio di Piano spends for each comune of the Ambito, by area of users),
built on the same ledger and mapping as the ISTAT survey (`istat_spesa_sociale`), one row per (comune, area):

| Column | Content |
| --- | --- |
| `comune`, `denominazione` | ISTAT code and name of the comune (empty code: the associated management's |
| | spending not attributed to a comune) |
| `popolazione` | the comune's residents (the core's population, empty if unknown) |
| `area` | ISTAT area of users of the quota's mapping (FAM, DIS, ELD, ADD, IMMNOM, POV, MULBEN) |
| `spesa` | paid in the year (voce *liquidato*, net of corrections) by the movement's comune or its quota's |
| `spesa_pro_capite` | `spesa` / `popolazione`, to the cent (empty without population) |

Checks: the spending equals the ledger's paid in the year from the kept balances (31/12 minus 31/12 of the
previous year); each quota with payments in the year must be mapped on an ISTAT area and service (an error each,
with the link to map it); the area among the ISTAT codes (generic).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rendicontazione import codici
from rendicontazione.registry import Anomalia, CampoTracciato, Destinatario, Periodicita, registra_ritorno
from rendicontazione.ritorni.istat_spesa_sociale import IstatSpesaSociale

ZERO = Decimal("0.00")


@registra_ritorno
class SpesaSocialeComuni(IstatSpesaSociale):
    codice = "spesa_sociale_comuni"
    etichetta = _("Spesa sociale per comune (SMAF regionale e MEF)")
    descrizione = _("La spesa sociale dell'Ambito per comune e area di utenza, con la spesa pro capite.")
    destinatario = Destinatario.REGIONE
    periodicita = Periodicita.ANNUALE
    formati = ("csv", "xlsx", "xml")
    giorni_scadenza = 180
    nodo_radice = "SpesaSocialePerComune"
    tracciato = (
        CampoTracciato("comune", _("Comune (codice ISTAT)"), "codice",
                       descrizione=_("Vuoto: spesa della gestione associata non attribuita a un comune.")),
        CampoTracciato("denominazione", _("Denominazione del comune")),
        CampoTracciato("popolazione", _("Popolazione residente"), "intero"),
        CampoTracciato("area", _("Area di utenza (ISTAT)"), "codice", obbligatorio=True, codici=codici.istat_aree),
        CampoTracciato("spesa", _("Spesa"), "euro", obbligatorio=True),
        CampoTracciato("spesa_pro_capite", _("Spesa pro capite"), "euro"),
    )
    chiave = ("comune", "area")

    def righe_dati(self) -> Iterator[dict[str, Any]]:
        celle, _anomalie = self._spesa()
        per_area: dict[tuple[int | None, str], Decimal] = defaultdict(lambda: ZERO)
        for (comune_id, area, _servizio), importo in celle.items():
            per_area[(comune_id, area)] += importo
        comuni = self._comuni()
        for chiave in sorted(per_area, key=lambda k: (k[0] is None, k[0] or 0, k[1])):
            comune_id, area = chiave
            comune = comuni.get(comune_id)
            popolazione = comune.popolazione if comune else None
            spesa = per_area[chiave]
            yield {"comune": comune.codice_istat if comune else "",
                   "denominazione": comune.denominazione if comune else gettext("Gestione associata"),
                   "popolazione": popolazione, "area": area, "spesa": spesa,
                   "spesa_pro_capite": (spesa / popolazione).quantize(Decimal("0.01"), ROUND_HALF_UP)
                   if popolazione else None}

    def totali_attesi(self) -> dict[str, Decimal]:
        return {"spesa": super().totali_attesi()["spesa_comuni"]}

    def controlli(self, righe: list[dict[str, Any]] | None) -> Iterable[Anomalia]:
        yield from self._spesa()[1]
