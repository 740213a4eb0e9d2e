"""Row exporters: a subclass only yields rows; the base writes CSV or XLSX and reports progress.

pretix's ``ListExporter`` in our terms::

    @registra_esportatore("ambito.esporta_atti", etichetta=_("Atti dell'Ambito"), capacita="...")
    class EsportazioneAtti(EsportatoreRighe):
        nome_file = "atti"
        def intestazioni(self): return [_("Numero"), _("Data"), ...]
        def righe(self):
            atti = atto_list(ambito=self.ambito, solo_pubblicati=self.dati["solo_pubblicati"])
            yield Totale(atti.count())          # optional: progress becomes a percentage
            for atto in atti.iterator(): yield [atto.numero, atto.data, ...]

The class becomes a job kind (:func:`ambito.jobs.registry.tipo_job`) whose parameters form offers the formats.
Untrusted text is written safely: cells starting with ``= + - @`` (or a tab/CR) are plain text — in
XLSX forced to the string type, in CSV prefixed with an apostrophe (OWASP) — and characters XML
forbids are stripped (pretix's ``safe_openpyxl``). XLSX is written in openpyxl's write-only mode
(constant memory); CSV is the Italian Excel dialect (``;``, UTF-8 with BOM, decimal comma).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar

from django import forms
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from ambito.jobs.esecuzione import ContestoJob
from ambito.jobs.models import StatoJob
from ambito.jobs.registry import ParametriForm, Risultato, tipo_job

FORMATI = {"xlsx": _("Excel (XLSX)"), "csv": _("CSV (separatore punto e virgola)")}
INIZI_PERICOLOSI = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Totale:
    """Yielded first by :meth:`EsportatoreRighe.righe` when the row count is known."""

    righe: int


# ---------------------------------------------------------------------------------------------
# Safe cell values
# ---------------------------------------------------------------------------------------------


def testo_sicuro(valore: str) -> str:
    """Text without the control characters XML (and so XLSX) cannot hold."""
    return ILLEGAL_CHARACTERS_RE.sub("", valore)


def _cella_xlsx(foglio: Any, valore: Any, *, grassetto: bool = False) -> Any:
    if isinstance(valore, bool):
        valore = gettext("Sì") if valore else gettext("No")
    elif isinstance(valore, dt.datetime):
        valore = timezone.localtime(valore).replace(tzinfo=None) if timezone.is_aware(valore) else valore
    elif valore is not None and not isinstance(valore, int | Decimal | dt.date):
        valore = testo_sicuro(str(valore))
    cella = WriteOnlyCell(foglio, value=valore)
    if isinstance(valore, str) and valore:
        cella.data_type = "s"  # never a formula, whatever the first character
    elif isinstance(valore, dt.datetime):
        cella.number_format = "DD/MM/YYYY HH:MM"
    elif isinstance(valore, dt.date):
        cella.number_format = "DD/MM/YYYY"
    elif isinstance(valore, Decimal):
        cella.number_format = "#,##0.00"
    if grassetto:
        cella.font = Font(bold=True)
    return cella


def _valore_csv(valore: Any) -> str:
    if valore is None:
        return ""
    if isinstance(valore, bool):
        return gettext("Sì") if valore else gettext("No")
    if isinstance(valore, dt.datetime):
        return timezone.localtime(valore).strftime("%d/%m/%Y %H:%M") if timezone.is_aware(valore) \
            else valore.strftime("%d/%m/%Y %H:%M")
    if isinstance(valore, dt.date):
        return valore.strftime("%d/%m/%Y")
    if isinstance(valore, Decimal):
        return str(valore).replace(".", ",")
    if isinstance(valore, int):
        return str(valore)
    testo = testo_sicuro(str(valore))
    return "'" + testo if testo.startswith(INIZI_PERICOLOSI) else testo


def scrivi_xlsx(percorso: Path, intestazioni: Sequence[str], righe: Iterable[Sequence[Any]], *,
                titolo: str = "Dati") -> None:
    libro = Workbook(write_only=True)
    titolo = testo_sicuro(titolo)
    for carattere in "[]:*?/\\":
        titolo = titolo.replace(carattere, " ")
    foglio = libro.create_sheet(title=titolo[:31] or "Dati")
    foglio.freeze_panes = "A2"
    foglio.append([_cella_xlsx(foglio, str(h), grassetto=True) for h in intestazioni])
    for riga in righe:
        foglio.append([_cella_xlsx(foglio, v) for v in riga])
    libro.save(percorso)


def scrivi_csv(percorso: Path, intestazioni: Sequence[str], righe: Iterable[Sequence[Any]], *,
               titolo: str = "") -> None:
    with percorso.open("w", encoding="utf-8-sig", newline="") as handle:
        scrittore = csv.writer(handle, delimiter=";", quoting=csv.QUOTE_MINIMAL)
        scrittore.writerow([_valore_csv(str(h)) for h in intestazioni])
        for riga in righe:
            scrittore.writerow([_valore_csv(v) for v in riga])


SCRITTORI: dict[str, Callable[..., None]] = {"xlsx": scrivi_xlsx, "csv": scrivi_csv}


# ---------------------------------------------------------------------------------------------
# The base class
# ---------------------------------------------------------------------------------------------


class EsportazioneForm(ParametriForm):
    """Parameters every export has: the file format (limited to the exporter's ``formati``)."""

    formati: ClassVar[tuple[str, ...]] = tuple(FORMATI)

    formato = forms.ChoiceField(label=_("Formato del file"), choices=list(FORMATI.items()))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["formato"].choices = [(f, FORMATI[f]) for f in self.formati]
        self.fields["formato"].initial = self.formati[0]


class EsportatoreRighe:
    """Subclasses define :meth:`intestazioni` and :meth:`righe` (optionally yielding a :class:`Totale`
    first); the base writes the file chosen in the parameters and reports progress every ~1 %."""

    nome_file: ClassVar[str] = "esportazione"
    titolo_foglio: ClassVar[str] = "Dati"
    formati: ClassVar[tuple[str, ...]] = ("xlsx", "csv")
    form_class: ClassVar[type[EsportazioneForm]] = EsportazioneForm

    def __init__(self, contesto: ContestoJob) -> None:
        self.contesto = contesto
        self.ambito = contesto.ambito
        self.dati = contesto.dati

    def intestazioni(self) -> Sequence[str]:
        raise NotImplementedError

    def righe(self) -> Iterable[Sequence[Any] | Totale]:
        raise NotImplementedError

    def esegui(self) -> Risultato:
        formato = self.dati.get("formato") or self.formati[0]
        percorso = self.contesto.file_temporaneo(f".{formato}")
        SCRITTORI[formato](percorso, self.intestazioni(), self._con_progresso(self.righe()),
                           titolo=str(self.titolo_foglio))
        self.contesto.progresso(99, gettext("Salvataggio del file"))
        data = timezone.localdate().strftime("%Y%m%d")
        return f"{self.nome_file}-{slugify(self.ambito.slug)}-{data}.{formato}", percorso

    def _con_progresso(self, righe: Iterable[Sequence[Any] | Totale]) -> Iterator[Sequence[Any]]:
        totale: int | None = None
        passo = 500
        scritte = 0
        for riga in righe:
            if isinstance(riga, Totale):
                totale = riga.righe
                passo = max(1, totale // 100)
                self.contesto.progresso(0, gettext("Righe da esportare: %(n)d") % {"n": totale})
                continue
            yield riga
            scritte += 1
            if scritte % passo == 0:
                if totale:
                    percentuale = min(98, scritte * 100 // totale)
                    messaggio = gettext("Righe esportate: %(n)d di %(tot)d") % {"n": scritte, "tot": totale}
                else:
                    percentuale = 0
                    messaggio = gettext("Righe esportate: %(n)d") % {"n": scritte}
                self.contesto.progresso(percentuale, messaggio)

    @classmethod
    def esegui_job(cls, contesto: ContestoJob) -> Risultato:
        return cls(contesto).esegui()


def registra_esportatore(codice: str, *, etichetta: str, capacita: str, descrizione: str = "",
                         ) -> Callable[[type[EsportatoreRighe]], type[EsportatoreRighe]]:
    """Register a row exporter as the job kind ``codice``; its form offers only its formats."""

    def decorator(cls: type[EsportatoreRighe]) -> type[EsportatoreRighe]:
        form = type(f"{cls.__name__}Form", (cls.form_class,), {"formati": cls.formati, "__module__": cls.__module__})
        tipo_job(codice, etichetta=etichetta, capacita=capacita, form=form, descrizione=descrizione)(cls.esegui_job)
        return cls

    return decorator


# ---------------------------------------------------------------------------------------------
# The jobs list itself (here, not in ambito.jobs: the jobs package is below the exporters)
# ---------------------------------------------------------------------------------------------


@registra_esportatore("ambito.esporta_elaborazioni", etichetta=_("Esportazione delle elaborazioni"),
                      capacita="ambito.jobs.avvia",
                      descrizione=_("Elenco delle elaborazioni visibili a chi esporta, in formato Excel o CSV."))
class EsportazioneElaborazioni(EsportatoreRighe):
    nome_file = "elaborazioni"
    titolo_foglio = _("Elaborazioni")

    def intestazioni(self) -> Sequence[str]:
        return [_("Elaborazione"), _("Oggetto"), _("Richiesta da"), _("Richiesta il"), _("Stato"),
                _("Terminata il"), _("File prodotto")]

    def righe(self) -> Iterator[Sequence[Any] | Totale]:
        from ambito.jobs.registry import etichetta_tipo
        from ambito.jobs.selectors import job_list

        jobs = job_list(ambito=self.ambito, contesto=self.contesto.accesso)
        yield Totale(jobs.count())
        etichette: dict[str, str] = {}
        stati = dict(StatoJob.choices)
        for job in jobs.iterator(chunk_size=1000):
            etichetta = etichette.setdefault(job.tipo, etichetta_tipo(job.tipo))  # computed once per kind
            yield [etichetta, job.oggetto, str(job.richiesto_da or ""), job.creato_il,
                   str(stati.get(job.stato, job.stato)),
                   job.terminato_il, job.nome_risultato or ""]
