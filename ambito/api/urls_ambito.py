"""Core API of one Ambito, under /api/v1/a/<ambito_slug>/ — one module per area."""

from django.urls import include, path

urlpatterns = [
    path("membri/", include("ambito.api.urls_membri")),
    path("territorio/", include("ambito.api.urls_territorio")),
    path("atti/", include("ambito.api.urls_atti")),
    path("organi/", include("ambito.api.urls_organi")),
    path("elaborazioni/", include("ambito.api.urls_jobs")),
]
