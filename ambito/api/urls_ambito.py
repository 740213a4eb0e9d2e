"""Core API of one Ambito, under /api/v1/a/<ambito_slug>/ — one module per area."""

from django.urls import include, path

urlpatterns = [
    path("membri/", include("ambito.membri.api_urls")),
    path("territorio/", include("ambito.territorio.api_urls")),
    path("atti/", include("ambito.atti.api_urls")),
    path("organi/", include("ambito.organi.api_urls")),
    path("elaborazioni/", include("ambito.jobs.api_urls")),
]
