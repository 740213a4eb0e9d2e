"""API of background jobs: /api/v1/a/<ambito_slug>/elaborazioni/…"""

from __future__ import annotations

from django.urls import path

from ambito.jobs import api as jobs

app_name = "jobs_api"

urlpatterns = [
    path("", jobs.JobListCreateAPI.as_view(), name="job_list"),
    path("<uuid:job_uuid>/", jobs.JobDetailAPI.as_view(), name="job_detail"),
    path("<uuid:job_uuid>/risultato/", jobs.JobDownloadAPI.as_view(), name="job_download"),
]
