"""The Celery application. Tasks live in each app's ``tasks.py`` and derive from
:class:`ambito.jobs.tasks.AmbitoTask` when they touch tenant data."""

import gc
import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ambito.settings")

app = Celery("ambito")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()  # <app>.tasks of every installed app
app.autodiscover_tasks(["ambito.jobs", "ambito.notifiche", "ambito.scadenze"])  # core features with tasks


@worker_process_init.connect
def congela_avvio(**_kwargs: object) -> None:
    """A worker process starts with every module and Django app loaded: hundreds of thousands of objects that live
    as long as the process. Moved out of the garbage collector's sight (``gc.freeze``), they are not scanned again
    at every collection of a long job: a large return is produced about 15 % faster (bench/rendicontazione.py).
    What is otherwise loaded by the first job — the job kinds with what they import (WeasyPrint), the URL
    configuration with every view module, the translations — is loaded first, so that it is frozen too."""
    from django.conf import settings
    from django.urls import get_resolver
    from django.utils import translation

    from ambito.jobs.registry import tipi_job

    tipi_job()
    get_resolver().url_patterns  # noqa: B018 - imports the views and builds the resolver
    translation.activate(settings.LANGUAGE_CODE)
    translation.deactivate()
    gc.collect()
    gc.freeze()
