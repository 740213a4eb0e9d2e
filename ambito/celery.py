"""The Celery application. Tasks live in each app's ``tasks.py`` and derive from
:class:`ambito.jobs.tasks.AmbitoTask` when they touch tenant data."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ambito.settings")

app = Celery("ambito")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()  # <app>.tasks of every installed app
app.autodiscover_tasks(["ambito.jobs", "ambito.notifiche", "ambito.scadenze"])  # core features with tasks
