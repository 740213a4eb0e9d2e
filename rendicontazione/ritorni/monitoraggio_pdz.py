"""Piano di Zona monitoring (Regione / ATS), yearly: objectives and indicators with targets and monitored values.

The regional monitoring form is not a public layout: this is a **documented mapping**, read through
`piani.selectors.rendicontazione.monitoraggio_righe` for the plan whose triennio covers the year. One row per
indicator (of an objective or of a project) per monitoring period of the year (the year, or each semester), and
one row per objective without indicators:

| Column | Content |
| --- | --- |
| `periodo` | the monitoring period (`2025`, `2025 – 1° semestre`) |
| `codice_obiettivo`, `obiettivo` | the objective's code and title (empty for a project's indicator without one) |
| `stato_obiettivo` | the status assessed in the period, else the objective's current one: non_avviato, |
| | in_corso, raggiunto, parzialmente_raggiunto, non_raggiunto |
| `progetto` | the project the indicator belongs to (empty for an objective's indicator) |
| `indicatore`, `tipo`, `unita_misura` | the indicator, output/outcome, its unit |
| `baseline` | the starting value |
| `target` | the year's target |
| `valore` | the value monitored in the period |
| `scostamento` | valore − target |

Checks: a plan covering the year, at least one monitoring period in the year, every period **closed** (an open
period's values may still change), each indicator with a target for the year and a value in each closed period,
status among the plan's codes (generic); the sum of the values equals an SQL sum over the year's values.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from piani.selectors import rendicontazione as piani_selectors
from rendicontazione.registry import (
    Anomalia,
    CampoTracciato,
    Destinatario,
    EsportatoreRitorno,
    Periodicita,
    registra_ritorno,
)


@registra_ritorno
class MonitoraggioPdZ(EsportatoreRitorno):
    codice = "monitoraggio_pdz"
    etichetta = _("Piano di Zona — monitoraggio di obiettivi e indicatori")
    descrizione = _("Per ogni periodo di monitoraggio dell'anno: obiettivi con il loro stato, indicatori con "
                    "valore atteso e rilevato.")
    destinatario = Destinatario.REGIONE
    periodicita = Periodicita.ANNUALE
    formati = ("csv", "xlsx", "xml")
    giorni_scadenza = 90
    nodo_radice = "MonitoraggioPianoDiZona"
    origine_totali = _("dei valori rilevati nel Piano di Zona")
    tracciato = (
        CampoTracciato("periodo", _("Periodo"), obbligatorio=True),
        CampoTracciato("codice_obiettivo", _("Codice obiettivo")),
        CampoTracciato("obiettivo", _("Obiettivo")),
        CampoTracciato("stato_obiettivo", _("Stato dell'obiettivo"), "codice",
                       codici=piani_selectors.stati_obiettivo),
        CampoTracciato("progetto", _("Progetto")),
        CampoTracciato("indicatore", _("Indicatore")),
        CampoTracciato("tipo", _("Tipo di indicatore"), "codice"),
        CampoTracciato("unita_misura", _("Unità di misura")),
        CampoTracciato("baseline", _("Valore di partenza"), "decimale"),
        CampoTracciato("target", _("Valore atteso"), "decimale"),
        CampoTracciato("valore", _("Valore rilevato"), "decimale"),
        CampoTracciato("scostamento", _("Scostamento"), "decimale"),
    )
    chiave = ("periodo", "codice_obiettivo", "progetto", "indicatore")

    def _piano(self) -> piani_selectors.PianoRiga | None:
        return piani_selectors.piano_dell_anno(ambito=self.ambito, anno=self.periodo.anno)

    def _righe(self) -> list[piani_selectors.RigaMonitoraggioPdZ]:
        if not hasattr(self, "_cache"):
            piano = self._piano()
            self._cache = [] if piano is None else piani_selectors.monitoraggio_righe(
                ambito=self.ambito, piano_pk=piano.pk, anno=self.periodo.anno)
        return self._cache

    def righe_dati(self) -> Iterator[dict[str, Any]]:
        for r in self._righe():
            scostamento = r.valore - r.target if r.valore is not None and r.target is not None else None
            yield {"periodo": r.periodo.etichetta, "codice_obiettivo": r.codice_obiettivo, "obiettivo": r.obiettivo,
                   "stato_obiettivo": r.stato_obiettivo, "progetto": r.progetto, "indicatore": r.indicatore,
                   "tipo": r.tipo, "unita_misura": r.unita_misura, "baseline": r.baseline, "target": r.target,
                   "valore": r.valore, "scostamento": scostamento, "_url": r.url}

    def totali_attesi(self) -> dict[str, Decimal]:
        piano = self._piano()
        if piano is None:
            return {}
        return piani_selectors.monitoraggio_totali(ambito=self.ambito, piano_pk=piano.pk, anno=self.periodo.anno)

    def controlli(self, righe: list[dict[str, Any]] | None) -> Iterable[Anomalia]:
        piano = self._piano()
        anno = self.periodo.anno
        if piano is None:
            yield Anomalia(gettext("Nessun Piano di Zona copre l'anno %(anno)d.") % {"anno": anno},
                           codice="piano_mancante",
                           url=reverse("piani:home", kwargs={"ambito_slug": self.ambito.slug}))
            return
        periodi = piani_selectors.periodi_dell_anno(ambito=self.ambito, piano_pk=piano.pk, anno=anno)
        if not periodi:
            yield Anomalia(gettext("Il piano non ha periodi di monitoraggio nell'anno %(anno)d.") % {"anno": anno},
                           url=piano.url, codice="periodo_mancante")
        for p in periodi:
            if not p.chiuso:
                yield Anomalia(gettext("Il periodo %(p)s non è chiuso: i suoi valori possono ancora cambiare.")
                               % {"p": p.etichetta}, url=p.url, codice="periodo_aperto")
        senza_target: set[int] = set()
        for numero, r in enumerate(self._righe(), start=1):
            if r.indicatore_id is None:
                continue
            if r.target is None and r.indicatore_id not in senza_target:
                senza_target.add(r.indicatore_id)
                yield Anomalia(gettext("L'indicatore «%(i)s» non ha un valore atteso per il %(anno)d.")
                               % {"i": r.indicatore, "anno": anno}, numero, "target", r.url,
                               codice="target_mancante")
            if r.valore is None and r.periodo.chiuso:
                yield Anomalia(gettext("L'indicatore «%(i)s» non ha un valore nel periodo %(p)s.")
                               % {"i": r.indicatore, "p": r.periodo.etichetta}, numero, "valore", r.url,
                               codice="valore_mancante")
