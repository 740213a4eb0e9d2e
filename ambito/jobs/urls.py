"""Background jobs of one Ambito: /a/<ambito_slug>/elaborazioni/…"""

from __future__ import annotations

from django.urls import path

from ambito.jobs import views as jobs

app_name = "jobs"

urlpatterns = [
    path("", jobs.job_list, name="job_list"),
    path("nuova/", jobs.job_create, name="job_create"),
    path("<uuid:job_uuid>/", jobs.job_detail, name="job_detail"),
    path("<uuid:job_uuid>/avanzamento/", jobs.job_progress, name="job_progress"),
    path("<uuid:job_uuid>/risultato/", jobs.job_download, name="job_download"),
]
