"""Territory of one Ambito: /a/<ambito_slug>/territorio/…"""

from __future__ import annotations

from django.urls import path

from ambito.territorio import views as territorio

app_name = "territorio"

urlpatterns = [
    path("", territorio.territorio, name="territorio"),
    path("comuni/aggiungi/", territorio.comune_add, name="comune_add"),
    path("comuni/<int:comune_pk>/", territorio.comune_detail, name="comune_detail"),
    path("comuni/<int:comune_pk>/modifica/", territorio.comune_edit, name="comune_edit"),
    path("sub-ambiti/", territorio.sub_ambiti, name="sub_ambiti"),
    path("sub-ambiti/<int:subambito_pk>/modifica/", territorio.sub_ambito_edit, name="sub_ambito_edit"),
    path("sub-ambiti/<int:subambito_pk>/elimina/", territorio.sub_ambito_delete, name="sub_ambito_delete"),
    path("enti/", territorio.enti_list, name="enti_list"),
    path("enti/nuovo/", territorio.ente_create, name="ente_create"),
    path("enti/<int:ente_pk>/modifica/", territorio.ente_edit, name="ente_edit"),
    path("impostazioni/", territorio.impostazioni, name="impostazioni"),
    path("logo/", territorio.logo, name="ambito_logo"),
]
