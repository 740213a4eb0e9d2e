"""Row exporters: a subclass only yields rows; the base writes CSV or XLSX and reports progress.

pretix's ``ListExporter`` in our terms::

    @registra_esportatore("ambito.esporta_atti", etichetta=_("Atti dell'Ambito"), capacita="...")
    class EsportazioneAtti(EsportatoreRighe):
        nome_file = "atti"
        def intestazioni(self): return [_("Numero"), _("Data"), ...]   # or, typed:
        # def colonne(self): return [Colonna(_("Numero")), Colonna(_("Data"), "data"), Colonna(_("Importo"), "euro")]
        def righe(self):
            atti = atto_list(ambito=self.ambito, solo_pubblicati=self.dati["solo_pubblicati"])
            yield Totale(atti.count())          # optional: progress becomes a percentage
            for atto in atti.iterator(): yield [atto.numero, atto.data, ...]

The class becomes a job kind (:func:`ambito.jobs.registry.tipo_job`) whose parameters form offers the formats.
Untrusted text is written safely: cells starting with ``= + - @`` (or a tab/CR) are plain text — in
XLSX always written as strings, never formulas, in CSV prefixed with an apostrophe (OWASP) — and
characters XML forbids are stripped (pretix's ``safe_openpyxl``). CSV is the Italian Excel dialect
(``;``, UTF-8 with BOM, decimal comma).

**Streaming, for any size** (issue 13). XLSX is written by XlsxWriter in ``constant_memory`` mode:
each row goes to disk as it is written, so memory stays flat whatever the number of rows, at
~200k cells/s. A report with several tables writes one sheet per table (:class:`Foglio`), each with
typed columns (:class:`Colonna`: amounts as numbers in euro format, dates as dates), column widths,
a frozen header and an autofilter (:func:`scrivi_xlsx_fogli`). The rows must come as a stream too:
``qs.values(...).iterator(chunk_size=…)`` rather than model objects, and every label (a choice's
display, an act's name) computed once per distinct value (:class:`Etichette`), not once per row.
A list page offers its rows with the filters applied as a download through
:func:`risposta_esportazione` (XLSX from a temporary file, CSV streamed as it is produced).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import re
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar

import xlsxwriter
from django import forms
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ambito.errors import RegolaViolata
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


ILLEGAL_CHARACTERS_RE = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def testo_sicuro(valore: str) -> str:
    """Text without the control characters XML (and so XLSX) cannot hold."""
    return ILLEGAL_CHARACTERS_RE.sub("", valore)


@dataclass(frozen=True)
class Colonna:
    """One column of a sheet: its header, its type (how numbers and dates are shown) and width."""

    etichetta: str
    tipo: str = "testo"  # testo | euro | decimale | intero | data | dataora
    larghezza: int | None = None


@dataclass
class Foglio:
    """One table of an export: a sheet with its typed columns and a stream of rows."""

    titolo: str
    colonne: Sequence[Colonna]
    righe: Iterable[Sequence[Any]]


class Etichette(dict):
    """Labels computed once per distinct key (a choice, an act), then reused for every row."""

    def __init__(self, calcola: Callable[[Any], str]) -> None:
        super().__init__()
        self.calcola = calcola

    def __missing__(self, chiave: Any) -> str:
        valore = self[chiave] = self.calcola(chiave) if chiave is not None else ""
        return valore


RIGHE_MASSIME_XLSX = 1_048_576  # rows of an Excel sheet, the header included (XlsxWriter ignores writes beyond)

FORMATI_XLSX = {"euro": '#,##0.00 "€"', "decimale": "#,##0.00", "intero": "0", "data": "DD/MM/YYYY",
                "dataora": "DD/MM/YYYY HH:MM"}
LARGHEZZE = {"euro": 16, "decimale": 14, "intero": 10, "data": 12, "dataora": 17}


def _titolo_foglio(titolo: str, usati: set[str]) -> str:
    titolo = testo_sicuro(str(titolo))
    for carattere in "[]:*?/\\":
        titolo = titolo.replace(carattere, " ")
    titolo = titolo[:31].strip() or "Dati"
    base, n = titolo, 2
    while titolo.lower() in usati:
        titolo = f"{base[:28]} {n}"
        n += 1
    usati.add(titolo.lower())
    return titolo


def scrivi_xlsx_fogli(percorso: Path, fogli: Iterable[Foglio]) -> int:
    """Write ``fogli`` (one sheet each) to ``percorso`` in constant memory; returns the cells written.

    Amounts are numbers in euro format, dates dates, text always a string (never a formula);
    each sheet has column widths, a frozen header row and an autofilter over its rows."""
    libro = xlsxwriter.Workbook(str(percorso), {
        "constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
        "strings_to_numbers": False, "default_date_format": FORMATI_XLSX["data"], "tmpdir": tempfile.gettempdir()})
    intestazione = libro.add_format({"bold": True, "bg_color": "#E8F1FA", "bottom": 1, "text_wrap": True,
                                     "valign": "top"})
    formati = {tipo: libro.add_format({"num_format": codice}) for tipo, codice in FORMATI_XLSX.items()}
    celle, usati = 0, set()
    for foglio in fogli:
        ws = libro.add_worksheet(_titolo_foglio(foglio.titolo, usati))
        colonne = list(foglio.colonne)
        for c, colonna in enumerate(colonne):
            larghezza = colonna.larghezza or LARGHEZZE.get(colonna.tipo) or min(max(len(str(colonna.etichetta)) + 4,
                                                                                   18), 60)
            ws.set_column(c, c, larghezza, formati.get(colonna.tipo))
            ws.write_string(0, c, testo_sicuro(str(colonna.etichetta)), intestazione)
        ws.freeze_panes(1, 0)
        scrittori = [_scrittore_xlsx(ws, formati, colonna.tipo) for colonna in colonne]
        r = 0
        for r, riga in enumerate(foglio.righe, start=1):
            if r >= RIGHE_MASSIME_XLSX:  # XlsxWriter would drop the cells beyond without a word: refuse instead
                libro.close()
                raise RegolaViolata(gettext("Il foglio supera le %(n)s righe che Excel può contenere: scegli il "
                                            "formato CSV.") % {"n": "1.048.576"}, codice="troppe_righe_xlsx")
            for c, valore in enumerate(riga):
                if valore is not None and valore != "":
                    scrittori[c](r, c, valore)
        celle += (r + 1) * len(colonne)
        ws.autofilter(0, 0, max(r, 1), max(len(colonne) - 1, 0))
    libro.close()
    return celle


_EPOCA_EXCEL = dt.date(1899, 12, 30)


@functools.lru_cache(maxsize=4096)
def _testo_breve(valore: str) -> str:
    return testo_sicuro(valore)


def _testo_cella(valore: str) -> str:
    """:func:`testo_sicuro`, cached for short texts: an export repeats the same labels on every
    row (long free texts are cleaned each time, so the cache stays small: memory stays flat)."""
    return _testo_breve(valore) if len(valore) <= 120 else testo_sicuro(valore)


def _scrittore_xlsx(ws: Any, formati: dict[str, Any], tipo: str) -> Callable[[int, int, Any], Any]:
    """The function that writes one cell of a column: chosen once per column; the common types
    (text, Decimal, int, date) take a direct path, the rest the general one."""
    formato_numero = formati.get(tipo if tipo in ("euro", "decimale", "intero") else "decimale")
    formato_intero = formato_numero if tipo != "testo" else None
    formato_data, formato_dataora = formati["data"], formati["dataora"]
    # The worksheet's methods without their argument-parsing decorator (it accepts "A1" cell names; we always pass
    # row and column numbers): ~10 % of the writing time on a large export. Falls back to the public ones.
    write_string = getattr(ws, "_write_string", ws.write_string)
    write_number = getattr(ws, "_write_number", ws.write_number)

    def scrivi(r: int, c: int, valore: Any) -> Any:
        t = type(valore)
        if t is str:
            return write_string(r, c, _testo_cella(valore))
        if t is Decimal:  # written exactly as its digits, never through a float
            return write_number(r, c, valore, formato_numero)
        if t is int:
            return write_number(r, c, valore, formato_intero)
        if t is dt.date:  # the Excel serial day, with a date format
            return write_number(r, c, (valore - _EPOCA_EXCEL).days, formato_data)
        if isinstance(valore, bool):
            return write_string(r, c, gettext("Sì") if valore else gettext("No"))
        if isinstance(valore, int | Decimal):
            return write_number(r, c, valore, formato_numero)
        if isinstance(valore, dt.datetime):
            valore = timezone.localtime(valore).replace(tzinfo=None) if timezone.is_aware(valore) else valore
            return ws.write_datetime(r, c, valore, formato_dataora)
        if isinstance(valore, dt.date):
            return write_number(r, c, (valore - _EPOCA_EXCEL).days, formato_data)
        return write_string(r, c, _testo_cella(str(valore)))

    return scrivi


def _testo_csv(valore: str) -> str:
    testo = testo_sicuro(valore)
    return "'" + testo if testo.startswith(INIZI_PERICOLOSI) else testo


def _data_csv(valore: dt.date) -> str:
    return f"{valore.day:02d}/{valore.month:02d}/{valore.year:04d}"  # strftime costs three times as much


def _decimale_csv(valore: Decimal) -> str:
    return str(valore).replace(".", ",")


# The usual cell types, by exact type (one dict lookup per cell instead of a chain of isinstance checks: a file of a
# million rows has ten million cells); anything else goes through :func:`_valore_csv`'s checks.
_CSV_PER_TIPO: dict[type, Callable[[Any], str]] = {
    type(None): lambda _valore: "", str: _testo_csv, int: str, Decimal: _decimale_csv, dt.date: _data_csv,
}


def _valore_csv(valore: Any) -> str:
    formatta = _CSV_PER_TIPO.get(type(valore))
    if formatta is not None:
        return formatta(valore)
    if valore is None:
        return ""
    if isinstance(valore, bool):
        return gettext("Sì") if valore else gettext("No")
    if isinstance(valore, dt.datetime):
        return timezone.localtime(valore).strftime("%d/%m/%Y %H:%M") if timezone.is_aware(valore) \
            else valore.strftime("%d/%m/%Y %H:%M")
    if isinstance(valore, dt.date):
        return _data_csv(valore)
    if isinstance(valore, Decimal):
        return _decimale_csv(valore)
    if isinstance(valore, int):
        return str(valore)
    return _testo_csv(str(valore))


def scrivi_xlsx(percorso: Path, intestazioni: Sequence[str], righe: Iterable[Sequence[Any]], *,
                titolo: str = "Dati") -> None:
    """One sheet of untyped columns (numbers and dates are still typed by their values)."""
    scrivi_xlsx_fogli(percorso, [Foglio(titolo, [Colonna(str(h)) for h in intestazioni], righe)])


def scrivi_csv(percorso: Path, intestazioni: Sequence[str], righe: Iterable[Sequence[Any]], *,
               titolo: str = "", separatore: str = ";", codifica: str = "utf-8-sig") -> None:
    """CSV streamed row by row; the recipient's dialect (``separatore``, ``codifica``) when a data return asks
    for one (a character the encoding cannot hold becomes ``?``, never an error mid-file)."""
    with percorso.open("w", encoding=codifica, errors="replace", newline="") as handle:
        scrittore = csv.writer(handle, delimiter=separatore, quoting=csv.QUOTE_MINIMAL)
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


INTERVALLO_PROGRESSO = 0.5  # seconds between two progress reports of an export


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

    def colonne(self) -> Sequence[Colonna] | None:
        """Typed columns (``Colonna(_("Importo"), "euro")``): amounts in euro format, dates, widths.
        Optional: without them every column is untyped and :meth:`intestazioni` names them."""
        return None

    def intestazioni(self) -> Sequence[str]:
        colonne = self.colonne()
        if colonne is None:
            raise NotImplementedError
        return [str(c.etichetta) for c in colonne]

    def righe(self) -> Iterable[Sequence[Any] | Totale]:
        raise NotImplementedError

    def esegui(self) -> Risultato:
        formato = self.dati.get("formato") or self.formati[0]
        percorso = self.contesto.file_temporaneo(f".{formato}")
        colonne = self.colonne()
        if formato == "xlsx" and colonne is not None:
            scrivi_xlsx_fogli(percorso, [Foglio(str(self.titolo_foglio), colonne,
                                                self._con_progresso(self.righe()))])
        else:
            SCRITTORI[formato](percorso, self.intestazioni(), self._con_progresso(self.righe()),
                               titolo=str(self.titolo_foglio))
        self.contesto.progresso(99, gettext("Salvataggio del file"))
        data = timezone.localdate().strftime("%Y%m%d")
        return f"{self.nome_file}-{slugify(self.ambito.slug)}-{data}.{formato}", percorso

    def _con_progresso(self, righe: Iterable[Sequence[Any] | Totale]) -> Iterator[Sequence[Any]]:
        """The rows, reporting progress every 1 % of them (every 500 without a total), at most every
        :data:`INTERVALLO_PROGRESSO` seconds: each report is a committed UPDATE of the job."""
        totale: int | None = None
        passo = 500
        scritte = 0
        ultimo = time.monotonic()
        for riga in righe:
            if isinstance(riga, Totale):
                totale = riga.righe
                passo = max(1, totale // 100)
                self.contesto.progresso(0, gettext("Righe da esportare: %(n)d") % {"n": totale})
                continue
            yield riga
            scritte += 1
            if scritte % passo == 0 and time.monotonic() - ultimo >= INTERVALLO_PROGRESSO:
                ultimo = time.monotonic()
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
def righe_csv(intestazioni: Sequence[str], righe: Iterable[Sequence[Any]]) -> Iterator[str]:
    """The CSV (Italian Excel dialect) line by line, for a streamed response."""

    class _Eco:
        def write(self, valore: str) -> str:
            return valore

    scrittore = csv.writer(_Eco(), delimiter=";", quoting=csv.QUOTE_MINIMAL)
    yield "\ufeff" + scrittore.writerow([_valore_csv(str(h)) for h in intestazioni])
    for riga in righe:
        yield scrittore.writerow([_valore_csv(v) for v in riga])


def risposta_esportazione(formato: str, nome_file: str, colonne: Sequence[Colonna],
                          righe: Iterable[Sequence[Any]], *, titolo: str = "Dati") -> HttpResponse:
    """A list page's rows (with its filters applied) as a download: XLSX written in constant memory
    to a temporary file and sent from it, or CSV streamed as the rows are read."""
    if formato == "csv":
        risposta = StreamingHttpResponse(righe_csv([c.etichetta for c in colonne], righe),
                                         content_type="text/csv; charset=utf-8")
        risposta["Content-Disposition"] = f'attachment; filename="{nome_file}.csv"'
        return risposta
    file = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115 - closed (deleted) by FileResponse
    scrivi_xlsx_fogli(Path(file.name), [Foglio(titolo, colonne, righe)])
    file.seek(0)
    return FileResponse(file, as_attachment=True, filename=f"{nome_file}.xlsx",
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
