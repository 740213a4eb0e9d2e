"""Core pages of one Ambito, under /a/<ambito_slug>/. Each area keeps its own URL module.

Convention (enforced by tests/tenancy/test_isolation_matrix.py): object kwargs are named
``<model>_pk`` or ``<model>_uuid`` (e.g. ``atto_pk``) so the isolation test can build an
object of another Ambito for each of them.
"""

from __future__ import annotations

from django.urls import include, path

from ambito.ui import views as home

urlpatterns = [
    path("", home.dashboard, name="dashboard"),
    path("membri/", include("ambito.membri.urls")),
    path("territorio/", include("ambito.territorio.urls")),
    path("atti/", include("ambito.atti.urls")),
    path("organi/", include("ambito.organi.urls")),
    path("elaborazioni/", include("ambito.jobs.urls")),
    path("storico/", include("ambito.audit.urls")),
]
