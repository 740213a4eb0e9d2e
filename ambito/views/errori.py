"""403/404/500 pages in Italian.

The 500 page is rendered with a bare template context: no request, so no context processor
runs and nothing touches the database (which may be the very thing that failed).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def permesso_negato(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errori/403.html", status=403)


def non_trovato(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errori/404.html", status=404)


def errore_server(request: HttpRequest) -> HttpResponse:
    return HttpResponseServerError(loader.get_template("errori/500.html").render())
