"""Core pages of one Ambito, under /a/<ambito_slug>/. Each area keeps its own URL module.

Convention (enforced by tests/tenancy/test_isolation_matrix.py): object kwargs are named
``<model>_pk`` or ``<model>_uuid`` (e.g. ``atto_pk``) so the isolation test can build an
object of another Ambito for each of them.
"""

from django.urls import include, path

from ambito.views import home

urlpatterns = [
    path("", home.dashboard, name="dashboard"),
    path("membri/", include("ambito.views.urls_membri")),
    path("territorio/", include("ambito.views.urls_territorio")),
    path("atti/", include("ambito.views.urls_atti")),
    path("organi/", include("ambito.views.urls_organi")),
    path("elaborazioni/", include("ambito.views.urls_jobs")),
    path("storico/", include("ambito.views.urls_storico")),
]
