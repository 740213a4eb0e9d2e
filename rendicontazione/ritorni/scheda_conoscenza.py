"""Scheda Conoscenza del Piano di Zona (Regione Lombardia), yearly: the plan's interventions as the Region's
knowledge sheet asks them.

The Region's sheet is a web form, not a public file layout: this is a **documented mapping** of what it asks,
one row per project of the plan whose triennio covers the year, read through
`piani.selectors.rendicontazione.progetti_righe` and the projects' fondi quotas:

| Column | Content |
| --- | --- |
| `piano` | the plan's title |
| `progetto_id`, `progetto` | the project's id in the platform and its title |
| `macroarea` | the project's first policy macro-area (regional codes A–J, `dati/macroaree_pdz.csv`) |
| `altre_macroaree` | its other macro-areas, `|`-separated |
| `obiettivi` | codes of the objectives it implements, `|`-separated |
| `integrazione_sociosanitaria`, `sovrazonale` | `S` / `N` |
| `utenti_stimati` | estimated users |
| `budget_previsto` | the project's planned budget for the year (its budget lines) |
| `allocato`, `impegnato`, `liquidato` | on the project's fondi quotas at 31/12 of the year |

Checks: a plan covering the year and **approved** by the Assemblea (the sheet describes the approved plan), the
macro-area among the regional codes (generic: an Ambito's own area code is refused), the planned budget equals
an SQL sum of the plan's budget lines of the year, the quotas' figures equal fondi's balance query; a project
without budget for the year is a warning.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fondi import selectors as fondi_selectors
from fondi.selectors import Saldi
from piani.selectors import rendicontazione as piani_selectors
from rendicontazione import codici
from rendicontazione.registry import (
    Anomalia,
    CampoTracciato,
    Destinatario,
    EsportatoreRitorno,
    Periodicita,
    registra_ritorno,
)

ZERO = Decimal("0.00")


@registra_ritorno
class SchedaConoscenzaPdZ(EsportatoreRitorno):
    codice = "scheda_conoscenza_pdz"
    etichetta = _("Scheda Conoscenza del Piano di Zona")
    descrizione = _("I progetti del Piano di Zona con macro-area, obiettivi, budget previsto e risorse dei fondi.")
    destinatario = Destinatario.REGIONE
    periodicita = Periodicita.ANNUALE
    formati = ("csv", "xlsx", "xml")
    giorni_scadenza = 120
    nodo_radice = "SchedaConoscenzaPianoDiZona"
    origine_totali = _("del budget del Piano e della contabilità dei fondi")
    tracciato = (
        CampoTracciato("piano", _("Piano di Zona"), obbligatorio=True),
        CampoTracciato("progetto_id", _("Identificativo del progetto"), "intero", obbligatorio=True),
        CampoTracciato("progetto", _("Progetto"), obbligatorio=True),
        CampoTracciato("macroarea", _("Macro-area"), "codice", obbligatorio=True, codici=codici.macroaree_pdz),
        CampoTracciato("altre_macroaree", _("Altre macro-aree")),
        CampoTracciato("obiettivi", _("Obiettivi")),
        CampoTracciato("integrazione_sociosanitaria", _("Integrazione sociosanitaria (S/N)"), "codice",
                       obbligatorio=True),
        CampoTracciato("sovrazonale", _("Sovrazonale (S/N)"), "codice", obbligatorio=True),
        CampoTracciato("utenti_stimati", _("Utenti stimati"), "intero"),
        CampoTracciato("budget_previsto", _("Budget previsto nell'anno"), "euro", obbligatorio=True),
        CampoTracciato("allocato", _("Allocato dai fondi"), "euro", obbligatorio=True),
        CampoTracciato("impegnato", _("Impegnato"), "euro", obbligatorio=True),
        CampoTracciato("liquidato", _("Liquidato"), "euro", obbligatorio=True),
    )
    chiave = ("progetto_id",)

    def _piano(self) -> piani_selectors.PianoRiga | None:
        if not hasattr(self, "_cache_piano"):
            self._cache_piano = piani_selectors.piano_dell_anno(ambito=self.ambito, anno=self.periodo.anno)
        return self._cache_piano

    def _progetti(self) -> list[piani_selectors.RigaProgettoPdZ]:
        piano = self._piano()
        if piano is None:
            return []
        return piani_selectors.progetti_righe(ambito=self.ambito, piano_pk=piano.pk, anno=self.periodo.anno)

    def righe_dati(self) -> Iterator[dict[str, Any]]:
        piano = self._piano()
        progetti = self._progetti()
        ids = [pk for p in progetti for pk in p.quote_ids]
        quote = {q.pk: q for q in fondi_selectors.quota_list(ambito=self.ambito, data=self.periodo.al)
                 .filter(pk__in=ids)}
        for p in progetti:
            mie = [quote[pk] for pk in p.quote_ids if pk in quote]
            yield {"piano": piano.titolo if piano else "", "progetto_id": p.pk, "progetto": p.titolo,
                   "macroarea": p.macroaree[0] if p.macroaree else "", "altre_macroaree": "|".join(p.macroaree[1:]),
                   "obiettivi": "|".join(p.obiettivi),
                   "integrazione_sociosanitaria": "S" if p.integrazione_sociosanitaria else "N",
                   "sovrazonale": "S" if p.sovrazonale else "N", "utenti_stimati": p.utenti_stimati,
                   "budget_previsto": p.budget_anno, "allocato": sum((q.allocato for q in mie), ZERO),
                   "impegnato": sum((q.impegnato for q in mie), ZERO),
                   "liquidato": sum((q.liquidato for q in mie), ZERO), "_url": p.url}

    def totali_attesi(self) -> dict[str, Decimal]:
        piano = self._piano()
        if piano is None:
            return {}
        ids = {pk for p in self._progetti() for pk in p.quote_ids}
        saldi = fondi_selectors.saldi_quote(ambito=self.ambito, data=self.periodo.al)
        totale = sum((s for pk, s in saldi.items() if pk in ids), Saldi())
        return {"budget_previsto": piani_selectors.budget_totale(ambito=self.ambito, piano_pk=piano.pk,
                                                                 anno=self.periodo.anno),
                "allocato": totale.allocato, "impegnato": totale.impegnato, "liquidato": totale.liquidato}

    def controlli(self, righe: list[dict[str, Any]] | None) -> Iterable[Anomalia]:
        piano = self._piano()
        if piano is None:
            yield Anomalia(gettext("Nessun Piano di Zona copre l'anno %(anno)d.") % {"anno": self.periodo.anno},
                           url=reverse("piani:home", kwargs={"ambito_slug": self.ambito.slug}),
                           codice="piano_mancante")
            return
        if not piano.approvato:
            yield Anomalia(gettext("Il piano «%(p)s» non è ancora approvato dall'Assemblea dei Sindaci: la scheda "
                                   "descrive il piano approvato.") % {"p": piano.titolo}, url=piano.url,
                           codice="piano_non_approvato")
        for numero, p in enumerate(self._progetti(), start=1):
            if not p.budget_anno:
                yield Anomalia(gettext("Il progetto «%(p)s» non ha budget previsto per il %(anno)d.")
                               % {"p": p.titolo, "anno": self.periodo.anno}, numero, "budget_previsto", p.url,
                               gravita="avviso", codice="budget_mancante")
