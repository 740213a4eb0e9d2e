"""Acts API of one Ambito: /api/v1/a/<ambito_slug>/atti/…"""

from __future__ import annotations

from django.urls import path

from ambito.atti import api as atti

app_name = "atti_api"

urlpatterns = [
    path("", atti.AttiAPI.as_view(), name="atti"),
    path("<int:atto_pk>/", atti.AttoDetailAPI.as_view(), name="atto_detail"),
    path("<int:atto_pk>/documento/", atti.AttoDocumentoAPI.as_view(), name="atto_documento"),
    path("<int:atto_pk>/pubblica/", atti.AttoPublishAPI.as_view(), name="atto_publish"),
    path("<int:atto_pk>/area-pubblica/", atti.AttoOnlineRequestAPI.as_view(), name="atto_online_request"),
    path("<int:atto_pk>/area-pubblica/ritira/", atti.AttoOnlineWithdrawAPI.as_view(), name="atto_online_withdraw"),
    path("<int:atto_pk>/collegamenti/", atti.AttoLinkAPI.as_view(), name="atto_link"),
]
