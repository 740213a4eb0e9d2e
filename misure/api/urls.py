"""Misure API: /api/v1/a/<ambito_slug>/misure/… (discovered by ambito/urls.py)."""

from misure.api import bandi, beneficiari, domande, erogazioni, graduatorie

app_name = "misure_api"

urlpatterns = [*bandi.urlpatterns, *beneficiari.urlpatterns, *domande.urlpatterns, *graduatorie.urlpatterns,
               *erogazioni.urlpatterns]
