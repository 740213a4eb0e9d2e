"""Members API of one Ambito: /api/v1/a/<ambito_slug>/membri/…"""

from __future__ import annotations

from django.urls import path

from ambito.membri import api as membri

app_name = "membri_api"

urlpatterns = [
    path("", membri.MembriListAPI.as_view(), name="membri_list"),
    path("<int:membro_pk>/", membri.MembroDetailAPI.as_view(), name="membro_detail"),
    path("<int:membro_pk>/revoca/", membri.MembroRevokeAPI.as_view(), name="membro_revoke"),
    path("inviti/", membri.InvitiAPI.as_view(), name="inviti"),
    path("inviti/<int:invito_pk>/annulla/", membri.InvitoCancelAPI.as_view(), name="invito_cancel"),
]
