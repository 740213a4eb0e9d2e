"""Managing the public area from inside the Ambito: /a/<ambito_slug>/area-pubblica/…"""

from __future__ import annotations

from django.urls import path

from ambito.pubblico import views

app_name = "pubblico_gestione"

urlpatterns = [
    path("", views.pagine_istituzionali, name="pagine"),
    path("<str:pagina_tipo>/modifica/", views.pagina_istituzionale_edit, name="pagina_edit"),
]
