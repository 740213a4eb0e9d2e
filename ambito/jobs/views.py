"""Background jobs (elaborazioni) of one Ambito, under /a/<ambito_slug>/elaborazioni/.

Everyone sees the jobs they started; staff (``ambito.jobs.avvia``) see all of them. Each job
kind names the capability needed to start it. The detail page polls a fragment with htmx until the
job ends; results are downloaded only through :func:`job_download` (never from a public path).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ambito.accounts.permissions import richiede
from ambito.files import risposta_file_privato
from ambito.jobs import selectors, services
from ambito.jobs.models import Job
from ambito.jobs.registry import (
    ParametriForm,
    parametri_descritti,
    registra_download,
    tipi_avviabili,
    tipi_job,
    tipo_mime,
)
from ambito.web import modulo

VEDI = "ambito.jobs.vedi"


def _job_per(request: HttpRequest, job_uuid: str) -> Job:
    """The job, if it belongs to this Ambito (else 404) and the user may see it (else 403)."""
    job = selectors.job_get(ambito=request.ambito, uuid=job_uuid)
    if not selectors.job_visibile(job=job, contesto=request.contesto):
        raise PermissionDenied("not the requester")
    return job


@richiede(VEDI)
@require_GET
def job_list(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    pagina = Paginator(selectors.job_list(ambito=request.ambito, contesto=request.contesto), 50)
    return render(request, "ambito/jobs/elenco.html", {
        "pagina": pagina.get_page(request.GET.get("pagina")),
        "puo_avviare": bool(tipi_avviabili(request.contesto)),
    })


def _parametri(form: forms.Form) -> dict[str, Any]:
    return form.parametri() if isinstance(form, ParametriForm) else {}


@richiede(VEDI)
def job_create(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    """Choose a kind (``?tipo_job=``), fill in its parameters, start it: POST redirects to the detail."""
    codice = request.POST.get("tipo_job") or request.GET.get("tipo_job")
    if not codice:
        return render(request, "ambito/jobs/scelta_tipo.html", {"tipi": tipi_avviabili(request.contesto)})
    tipo = tipi_job().get(codice)
    if tipo is None:
        raise Http404("unknown job kind")
    request.contesto.richiedi(tipo.capacita)
    # A kind without parameters still has a (field-less) form, so the page flow is the same for every kind.
    form = tipo.crea_form(ambito=request.ambito, data=request.POST or None) or forms.Form(request.POST or None)
    return modulo(
        request, form,
        esegui=lambda _dati: services.job_create(ambito=request.ambito, actor=request.user, tipo=tipo.codice,
                                                 parametri=_parametri(form)),
        messaggio=_("Elaborazione avviata: %(tipo)s. Puoi seguirne l'avanzamento qui.") % {"tipo": tipo.etichetta},
        successo=lambda job: redirect("jobs:job_detail", ambito_slug=ambito_slug, job_uuid=job.uuid),
        template="ambito/jobs/nuova.html", contesto={"tipo": tipo},
    )


@richiede(VEDI)
@require_GET
def job_detail(request: HttpRequest, ambito_slug: str, job_uuid: str) -> HttpResponse:
    job = _job_per(request, job_uuid)
    return render(request, "ambito/jobs/dettaglio.html", {"job": job, "parametri": parametri_descritti(job)})


@richiede(VEDI)
@require_GET
def job_progress(request: HttpRequest, ambito_slug: str, job_uuid: str) -> HttpResponse:
    """The progress fragment the detail page polls (it stops polling once the job has ended)."""
    return render(request, "ambito/jobs/_progresso.html", {"job": _job_per(request, job_uuid)})


@richiede(VEDI)
@require_GET
def job_download(request: HttpRequest, ambito_slug: str, job_uuid: str) -> HttpResponse:
    job = _job_per(request, job_uuid)
    if not job.risultato:
        raise Http404("no result")
    registra_download(job, request.user)
    return risposta_file_privato(job.risultato, nome=job.nome_risultato, content_type=tipo_mime(job.nome_risultato))
