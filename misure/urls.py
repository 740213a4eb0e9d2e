"""Misure pages: /a/<ambito_slug>/misure/… (discovered by ambito/urls.py). Each part owns its own URL list."""

from misure.views import bandi, beneficiari, domande, erogazioni

app_name = "misure"

urlpatterns = [*bandi.urlpatterns, *beneficiari.urlpatterns, *domande.urlpatterns, *erogazioni.urlpatterns]
