"""The public page of an invitation link, mounted under /account/invito/ (the token names the Ambito)."""

from __future__ import annotations

from django.urls import path

from ambito.membri import views as membri

app_name = "inviti"

urlpatterns = [
    path("<str:token>/", membri.invito_accetta, name="invito_accetta"),
]
