"""Public graduatorie: /p/<slug_pubblico>/graduatorie/… (mounted by ambito.pubblico.urls from the registry)."""

from __future__ import annotations

from django.urls import path

from misure import graduatorie_pubblico as v

app_name = "graduatorie_pubbliche"

urlpatterns = [
    path("", v.elenco, name="elenco"),
    path("benefici/", v.benefici, name="benefici"),
    path("<int:graduatoria_pk>/", v.dettaglio, name="dettaglio"),
    path("<int:graduatoria_pk>/graduatoria.csv", v.scarica_csv, name="csv"),
    path("<int:graduatoria_pk>/graduatoria.pdf", v.scarica_pdf, name="pdf"),
]
