"""The registry of job kinds: what can run in the background, who may start it, with which parameters.

A job kind is registered by the module that owns it, beside the core and without changing it::

    @tipo_job("fondi.ricalcola_riparto", etichetta=_("Ricalcolo del riparto"), capacita="fondi.gestisci",
              form=RicalcoloForm)
    def ricalcola_riparto(ctx: ContestoJob) -> Risultato:
        ...
        ctx.progresso(50, _("Comuni elaborati: 30 di 61"))
        return "riparto.xlsx", ctx.file_temporaneo(".xlsx")   # or (filename, bytes)

Modules named ``jobs`` or ``exporters`` of every installed app are imported on first use of the
registry (:func:`tipi_job`), so registering in one of them is enough; the Celery worker imports them
the same way (the core's own export kinds are imported by ``AmbitoConfig.ready``). The function runs
inside the Ambito's scope (:class:`ambito.jobs.tasks.JobTask`), receives a
:class:`~ambito.jobs.esecuzione.ContestoJob` and returns ``(filename, bytes | Path)``. A
:class:`~ambito.errors.RegolaViolata` it raises ends the job as *fallito* with its Italian message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django import forms
from django.db import models
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext

from ambito.errors import RegolaViolata
from ambito.formato import data_it

if TYPE_CHECKING:
    from ambito.accounts.permissions import ContestoAccesso
    from ambito.jobs.esecuzione import ContestoJob
    from ambito.jobs.models import Job
    from ambito.tenancy.models import Ambito

Risultato = tuple[str, bytes | Path]

_TIPI: dict[str, TipoJob] = {}
_scoperti = False


class ParametriForm(forms.Form):
    """Base of the parameter form of a job kind.

    It is built with the Ambito (so choice fields can list the Ambito's objects through a selector) and
    turns its cleaned data into JSON-safe values for :attr:`Job.parametri` (:meth:`parametri`). The same
    form validates the stored values again when the job runs, so :attr:`ContestoJob.dati` is typed.
    """

    def __init__(self, *args: Any, ambito: Ambito, **kwargs: Any) -> None:
        self.ambito = ambito
        super().__init__(*args, **kwargs)
        for campo in self.fields.values():
            widget = campo.widget
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect):
                continue
            classe = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + classe).strip()

    def parametri(self) -> dict[str, Any]:
        return {nome: _json_safe(valore) for nome, valore in self.cleaned_data.items()}


def _json_safe(valore: Any) -> Any:
    if isinstance(valore, models.Model):
        return valore.pk
    if isinstance(valore, dt.date | dt.datetime | dt.time):
        return valore.isoformat()
    if isinstance(valore, Decimal):
        return str(valore)
    if isinstance(valore, dict):
        return {str(k): _json_safe(v) for k, v in valore.items()}
    if isinstance(valore, Iterable) and not isinstance(valore, str | bytes):
        return [_json_safe(v) for v in valore]
    if valore is None or isinstance(valore, bool | int | str):
        return valore
    return str(valore)


@dataclass(frozen=True)
class TipoJob:
    """One kind of job: who may start it (``capacita``), its parameters form and its function."""

    codice: str
    etichetta: str
    capacita: str
    funzione: Callable[[ContestoJob], Risultato]
    form: type[ParametriForm] | None = None
    descrizione: str = ""
    # False for kinds started only from their own page (an import's save): not offered in "Nuova elaborazione".
    nel_menu: bool = True
    # Called with (job, user) on every download of the result, whichever page or API serves it (a return logs
    # who downloaded its file).
    al_download: Callable[[Job, Any], None] | None = None

    def crea_form(self, *, ambito: Ambito, data: Any = None) -> ParametriForm | None:
        return self.form(data=data, ambito=ambito) if self.form is not None else None


def tipo_job(
    codice: str, *, etichetta: str, capacita: str, form: type[ParametriForm] | None = None, descrizione: str = "",
    nel_menu: bool = True, al_download: Callable[[Job, Any], None] | None = None,
) -> Callable[[Callable[[ContestoJob], Risultato]], Callable[[ContestoJob], Risultato]]:
    """Register the decorated function as the job kind ``codice`` (``"<app>.<name>"``)."""

    def decorator(funzione: Callable[[ContestoJob], Risultato]) -> Callable[[ContestoJob], Risultato]:
        nuovo = TipoJob(codice, etichetta, capacita, funzione, form, descrizione, nel_menu, al_download)
        esistente = _TIPI.get(codice)
        if esistente is not None and esistente.funzione.__qualname__ != funzione.__qualname__:
            raise ValueError(f"job kind {codice!r} registered twice")
        _TIPI[codice] = nuovo
        return funzione

    return decorator


def tipi_job() -> dict[str, TipoJob]:
    """Every registered kind, after importing each app's ``jobs`` and ``exporters`` modules once."""
    global _scoperti
    if not _scoperti:
        autodiscover_modules("jobs", "exporters")
        _scoperti = True
    return dict(_TIPI)


def registra_download(job: Job, utente: Any) -> None:
    """Tell the job's kind that its result is being downloaded (every download view and API calls this)."""
    tipo = tipi_job().get(job.tipo)
    if tipo is not None and tipo.al_download is not None:
        tipo.al_download(job, utente)


def tipo_get(codice: str) -> TipoJob:
    tipo = tipi_job().get(codice)
    if tipo is None:
        raise RegolaViolata(gettext("Tipo di elaborazione sconosciuto: %(tipo)s.") % {"tipo": codice},
                            codice="tipo_sconosciuto", campo="tipo")
    return tipo


def tipi_avviabili(contesto: ContestoAccesso) -> list[TipoJob]:
    """The kinds the user of ``contesto`` may start from "Nuova elaborazione" (each names the capability it
    needs; kinds started from their own page are not offered)."""
    tipi = [t for t in tipi_job().values() if t.capacita in contesto.capacita and t.nel_menu]
    return sorted(tipi, key=lambda t: str(t.etichetta))


_TIPI_MIME = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".csv": "text/csv; charset=utf-8",
    ".pdf": "application/pdf",
    ".zip": "application/zip",
    ".xml": "application/xml",
    ".json": "application/json",
}


def tipo_mime(nome_file: str) -> str:
    """The content type of a result, from its extension (unknown → a generic binary download)."""
    return _TIPI_MIME.get(Path(nome_file).suffix.lower(), "application/octet-stream")


def etichetta_tipo(codice: str) -> str:
    tipo = tipi_job().get(codice)
    return str(tipo.etichetta) if tipo is not None else codice


def parametri_descritti(job: Job) -> list[tuple[str, str]]:
    """The job's parameters as (label, value) for people: labels and choice names from the kind's form."""
    return descrivi_parametri(tipo=job.tipo, ambito=job.ambito, parametri=job.parametri)


def descrivi_parametri(*, tipo: str, ambito: Ambito, parametri: dict[str, Any]) -> list[tuple[str, str]]:
    """Parameters as people read them: the field's label, a choice's name (an assegnazione by its fund and
    year, not its id), dates as 29/11/2026, yes/no."""
    tipo_job_ = tipi_job().get(tipo)
    form = tipo_job_.crea_form(ambito=ambito) if tipo_job_ is not None else None
    righe = []
    for nome, valore in parametri.items():
        campo = form.fields.get(nome) if form is not None else None
        if valore in (None, "", []):
            continue
        etichetta = str(campo.label) if campo is not None and campo.label else nome
        righe.append((etichetta, _valore_leggibile(campo, valore)))
    return righe


def _valore_leggibile(campo: forms.Field | None, valore: Any) -> str:
    if isinstance(valore, bool):
        return gettext("Sì") if valore else gettext("No")
    if isinstance(campo, forms.DateField) and isinstance(valore, str):
        try:
            return data_it(dt.date.fromisoformat(valore))
        except ValueError:
            return valore
    if campo is not None and getattr(campo, "choices", None) and not hasattr(campo, "queryset"):
        scelte = {str(chiave): etichetta for chiave, etichetta in campo.choices}
        return str(scelte.get(str(valore), valore))
    return str(valore)


def sommario_parametri(*, tipo: str, ambito: Ambito, parametri: dict[str, Any]) -> str:
    """One line saying what a job is about ("FNA 2024 … · Excel (XLSX) · 29/11/2026"), for the jobs list."""
    testo = " · ".join(valore for _etichetta, valore in descrivi_parametri(tipo=tipo, ambito=ambito,
                                                                          parametri=parametri))
    return testo if len(testo) <= 250 else testo[:249] + "…"  # generated text, not the user's: shortened
