from django.http import HttpRequest, JsonResponse
from django.urls import path

from ambito.accounts.permissions import richiede
from tests.scoping_app.models import PraticaDiProva


@richiede("ambito.dashboard")
def pratiche(request: HttpRequest, ambito_slug: str) -> JsonResponse:
    return JsonResponse({"pratiche": sorted(PraticaDiProva.objects.values_list("descrizione", flat=True))})


urlpatterns = [path("a/<slug:ambito_slug>/pratiche/", pratiche)]
