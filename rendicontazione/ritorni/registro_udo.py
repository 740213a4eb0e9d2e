"""The register of the Unità d'Offerta Sociali (Regione / ATS, AFAM), yearly.

The regional AFAM upload is not a public layout: this is a **documented mapping**, one row per unit in the
register during the year (started by 31/12, not closed before 1/1), read through
`udos.selectors_rendicontazione.registro_righe`:

| Column | Content |
| --- | --- |
| `codice_afam` | the regional code (empty while the Region has not assigned it: a warning) |
| `codice_tipologia` | the type in the regional catalogue; `SPERIMENTALE` for a unit outside it |
| `tipologia` | the type's name |
| `denominazione` | the unit's name |
| `codice_istat_comune`, `comune` | ISTAT code and name of the unit's comune |
| `indirizzo` | the site's address |
| `cf_ente_gestore`, `ente_gestore` | codice fiscale / partita IVA and name of the gestore |
| `capacita`, `unita_capacita` | the capacity declared in the last CPE and its unit (bambini, posti, progetti, utenti) |
| `posti_accreditati`, `posti_contratto` | accredited and contracted places |
| `stato` | attiva, sospesa, inibita, cessata |
| `data_inizio_attivita`, `data_cessazione` | start of activity and closure (empty while open) |

Checks: type among the catalogue's codes and state among the register's (generic); accredited or contracted
places above the capacity (a capacity reduced by a later CPE) are an error with the link to the unit; an active
unit without AFAM code is a warning; the number of units and the sums of capacity and accredited places equal an
SQL aggregate over the register.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rendicontazione.registry import (
    Anomalia,
    CampoTracciato,
    Destinatario,
    EsportatoreRitorno,
    Periodicita,
    registra_ritorno,
)
from udos import selectors_rendicontazione as udos_selectors


@functools.cache
def _tipologie() -> dict[str, str]:
    return udos_selectors.tipologie_codici()


@registra_ritorno
class RegistroUdO(EsportatoreRitorno):
    codice = "registro_udo"
    etichetta = _("Registro delle unità d'offerta sociali")
    descrizione = _("Le unità del registro nell'anno: tipologia, gestore, capacità, posti accreditati, stato.")
    destinatario = Destinatario.REGIONE
    periodicita = Periodicita.ANNUALE
    formati = ("csv", "xlsx", "xml")
    giorni_scadenza = 60
    nodo_radice = "RegistroUdO"
    origine_totali = _("del registro delle unità d'offerta")
    tracciato = (
        CampoTracciato("codice_afam", _("Codice AFAM"), "codice"),
        CampoTracciato("codice_tipologia", _("Codice tipologia"), "codice", obbligatorio=True, codici=_tipologie),
        CampoTracciato("tipologia", _("Tipologia")),
        CampoTracciato("denominazione", _("Denominazione"), obbligatorio=True),
        CampoTracciato("codice_istat_comune", _("Comune (codice ISTAT)"), "codice", obbligatorio=True),
        CampoTracciato("comune", _("Comune")),
        CampoTracciato("indirizzo", _("Indirizzo"), obbligatorio=True),
        CampoTracciato("cf_ente_gestore", _("Codice fiscale del gestore"), obbligatorio=True),
        CampoTracciato("ente_gestore", _("Ente gestore")),
        CampoTracciato("capacita", _("Capacità"), "intero", obbligatorio=True),
        CampoTracciato("unita_capacita", _("Unità di misura della capacità")),
        CampoTracciato("posti_accreditati", _("Posti accreditati"), "intero", obbligatorio=True),
        CampoTracciato("posti_contratto", _("Posti a contratto"), "intero", obbligatorio=True),
        CampoTracciato("stato", _("Stato"), "codice", obbligatorio=True, codici=udos_selectors.stati_unita),
        CampoTracciato("data_inizio_attivita", _("Inizio attività"), "data", obbligatorio=True),
        CampoTracciato("data_cessazione", _("Cessazione"), "data"),
        CampoTracciato("unita", _("Unità (conteggio)"), "intero", descrizione=_("Sempre 1: il file si somma.")),
    )

    def _righe(self) -> Iterator[udos_selectors.RigaUnita]:
        return udos_selectors.registro_righe(ambito=self.ambito, dal=self.periodo.dal, al=self.periodo.al)

    def righe_dati(self) -> Iterator[dict[str, Any]]:
        for u in self._righe():
            yield {"codice_afam": u.codice_afam, "codice_tipologia": u.codice_tipologia or "SPERIMENTALE",
                   "tipologia": u.tipologia or gettext("Sperimentale"), "denominazione": u.denominazione,
                   "codice_istat_comune": u.codice_istat_comune, "comune": u.comune, "indirizzo": u.indirizzo,
                   "cf_ente_gestore": u.cf_ente_gestore, "ente_gestore": u.ente_gestore, "capacita": u.capacita,
                   "unita_capacita": u.unita_capacita, "posti_accreditati": u.posti_accreditati,
                   "posti_contratto": u.posti_contratto, "stato": u.stato, "data_inizio_attivita": u.data_avvio,
                   "data_cessazione": u.data_cessazione, "unita": 1,
                   "_url": reverse("udos:unita_detail", kwargs={"ambito_slug": self.ambito.slug, "unita_pk": u.pk})}

    def totali_attesi(self) -> dict[str, Decimal]:
        t = udos_selectors.registro_totali(ambito=self.ambito, dal=self.periodo.dal, al=self.periodo.al)
        return {"unita": Decimal(t["unita"]), "capacita": Decimal(t["capacita"]),
                "posti_accreditati": Decimal(t["posti_accreditati"])}

    def controlli(self, righe: list[dict[str, Any]] | None) -> Iterable[Anomalia]:
        for numero, u in enumerate(self._righe(), start=1):
            url = reverse("udos:unita_detail", kwargs={"ambito_slug": self.ambito.slug, "unita_pk": u.pk})
            if max(u.posti_accreditati, u.posti_contratto) > u.capacita:
                yield Anomalia(gettext("«%(u)s» ha più posti accreditati o a contratto (%(p)d) della capacità "
                                       "(%(c)d).") % {"u": u.denominazione, "p": max(u.posti_accreditati,
                                                                                     u.posti_contratto),
                                                      "c": u.capacita},
                               numero, "posti_accreditati", url, codice="posti_oltre_capacita")
            if u.stato == "attiva" and not u.codice_afam:
                yield Anomalia(gettext("«%(u)s» non ha ancora il codice AFAM.") % {"u": u.denominazione}, numero,
                               "codice_afam", url, gravita="avviso", codice="afam_mancante")
