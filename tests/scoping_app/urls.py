from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.urls import path

from ambito.accounts.permissions import richiede
from tests.scoping_app.models import PraticaDiProva


@richiede("ambito.dashboard")
def pratiche(request: HttpRequest, ambito_slug: str) -> JsonResponse:
    return JsonResponse({"pratiche": sorted(PraticaDiProva.objects.values_list("descrizione", flat=True))})


@richiede("ambito.dashboard")
def righe_grezze(request: HttpRequest, ambito_slug: str) -> JsonResponse:
    """The Ambiti a raw SQL query sees (no django-scopes manager in the way), and the connection it used."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT ambito_id FROM ambito_membro ORDER BY 1")
        ambiti = [r[0] for r in cursor.fetchall()]
        cursor.execute("SELECT pg_backend_pid()")
        return JsonResponse({"ambiti": ambiti, "pid": cursor.fetchone()[0]})


urlpatterns = [path("a/<slug:ambito_slug>/pratiche/", pratiche),
               path("a/<slug:ambito_slug>/righe-grezze/", righe_grezze)]
