"""Members and invitations of one Ambito: /a/<ambito_slug>/membri/…"""

from __future__ import annotations

from django.urls import path

from ambito.membri import views as membri

app_name = "membri"

urlpatterns = [
    path("", membri.membri_list, name="membri_list"),
    path("<int:membro_pk>/modifica/", membri.membro_edit, name="membro_edit"),
    path("<int:membro_pk>/revoca/", membri.membro_revoke, name="membro_revoke"),
    path("inviti/", membri.inviti_list, name="inviti_list"),
    path("inviti/nuovo/", membri.invito_create, name="invito_create"),
    path("inviti/<int:invito_pk>/annulla/", membri.invito_cancel, name="invito_cancel"),
]
