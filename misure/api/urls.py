"""Misure API: /api/v1/a/<ambito_slug>/misure/… (discovered by ambito/urls.py)."""

from misure.api import bandi, beneficiari, domande, erogazioni

app_name = "misure_api"

urlpatterns = [*bandi.urlpatterns, *beneficiari.urlpatterns, *domande.urlpatterns, *erogazioni.urlpatterns]
