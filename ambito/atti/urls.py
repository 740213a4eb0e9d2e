"""Acts: /a/<ambito_slug>/atti/…"""

from __future__ import annotations

from django.urls import path

from ambito.atti import views as atti

app_name = "atti"

urlpatterns = [
    path("", atti.atti_list, name="atti_list"),
    path("nuovo/", atti.atto_create, name="atto_create"),
    path("<int:atto_pk>/", atti.atto_detail, name="atto_detail"),
    path("<int:atto_pk>/modifica/", atti.atto_edit, name="atto_edit"),
    path("<int:atto_pk>/documento/", atti.atto_download, name="atto_download"),
    path("<int:atto_pk>/pubblica/", atti.atto_publish, name="atto_publish"),
    path("<int:atto_pk>/area-pubblica/", atti.atto_online_request, name="atto_online_request"),
    path("<int:atto_pk>/area-pubblica/ritira/", atti.atto_online_withdraw, name="atto_online_withdraw"),
    path("<int:atto_pk>/collegamenti/nuovo/", atti.atto_link, name="atto_link"),
    path("collegamenti/<int:collegamento_pk>/elimina/", atti.atto_unlink, name="atto_unlink"),
]
