"""Review of issue 20 — the scheduled jobs the issue asks for (monthly recomputation of rolling graduatorie drafts,
deadline reminders, ISEE expiry warnings; accreditation and fund deadlines through the core reminders) are in the
beat schedule under the name of a task Celery really has: a misspelt name would be scheduled and never run."""

from __future__ import annotations

from django.conf import settings

from ambito.celery import app

ATTESI = {
    "misure-graduatorie-mensili": "misure.graduatorie_mensili",
    "ambito-promemoria-scadenze": "ambito.scadenze.promemoria",  # returns', funds' and accreditations' deadlines
    "rendicontazione-avvisi-isee": "rendicontazione.avvisi_isee",
}


def test_each_scheduled_job_names_a_registered_task_and_runs_at_least_daily():
    app.loader.import_default_modules()  # the tasks of every installed app, as a worker loads them
    for voce, compito in ATTESI.items():
        assert settings.CELERY_BEAT_SCHEDULE[voce]["task"] == compito, voce
    for voce, pianificata in settings.CELERY_BEAT_SCHEDULE.items():
        assert pianificata["task"] in app.tasks, f"{voce}: no task {pianificata['task']!r}"
        assert pianificata["schedule"] <= 3600 * 24, voce
