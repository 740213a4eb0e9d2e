"""Acts API of one Ambito: /api/v1/a/<ambito_slug>/atti/…"""

from __future__ import annotations

from django.urls import path

from ambito.atti import api as atti

urlpatterns = [
    path("", atti.AttiAPI.as_view(), name="api_atti"),
    path("<int:atto_pk>/", atti.AttoDetailAPI.as_view(), name="api_atto_detail"),
    path("<int:atto_pk>/documento/", atti.AttoDocumentoAPI.as_view(), name="api_atto_documento"),
    path("<int:atto_pk>/pubblica/", atti.AttoPublishAPI.as_view(), name="api_atto_publish"),
    path("<int:atto_pk>/collegamenti/", atti.AttoLinkAPI.as_view(), name="api_atto_link"),
]
