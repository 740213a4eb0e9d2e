"""The deadlines calendar of an Ambito, under /a/<ambito_slug>/scadenze/ (month view and list), and the home
page widget with the user's own upcoming deadlines."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ambito.accounts.permissions import richiede
from ambito.formato import oggi
from ambito.scadenze import selectors
from ambito.scadenze.forms import GIORNI_SETTIMANA, MeseForm

VEDI = "ambito.scadenze.vedi"
GIORNI_WIDGET = 60  # as far ahead as the funds dashboard looks


@richiede(VEDI)
@require_safe
def calendario(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    adesso = oggi()
    form = MeseForm(request.GET or None, oggi=adesso)
    anno, numero = form.periodo()
    dal, al = selectors.mese(anno, numero)
    solo_mie = form.is_valid() and form.cleaned_data.get("solo_mie", False)
    scadenze = selectors.scadenza_list(ambito=request.ambito, dal=dal, al=al, oggi=adesso, contesto=request.contesto,
                                       solo_mie=solo_mie)
    per_giorno: dict[dt.date, list] = {}
    for s in scadenze:
        per_giorno.setdefault(s.data, []).append(s)
    settimane = [[{"data": g, "nel_mese": g.month == numero, "oggi": g == adesso, "scadenze": per_giorno.get(g, [])}
                  for g in settimana]
                 for settimana in calendar.Calendar(firstweekday=0).monthdatescalendar(anno, numero)]
    precedente = dal - dt.timedelta(days=1)
    successivo = al + dt.timedelta(days=1)
    filtro = "&solo_mie=on" if solo_mie else ""
    return render(request, "ambito/scadenze/calendario.html", {
        "form": form, "primo": dal, "settimane": settimane, "scadenze": scadenze, "oggi": adesso,
        "solo_mie": solo_mie, "giorni_settimana": GIORNI_SETTIMANA,
        "url_precedente": f"?anno={precedente.year}&mese={precedente.month}{filtro}",
        "url_successivo": f"?anno={successivo.year}&mese={successivo.month}{filtro}",
        "precedente": precedente, "successivo": successivo,
    }, status=400 if form.errors else 200)


def widget_scadenze(request: HttpRequest) -> dict[str, Any]:
    """Home page: the user's own deadlines of the next ``GIORNI_WIDGET`` days, and those past but still open."""
    adesso = oggi()
    scadenze = selectors.scadenza_list(ambito=request.ambito, dal=adesso - dt.timedelta(days=GIORNI_WIDGET),  # type: ignore[attr-defined]
                                       al=adesso + dt.timedelta(days=GIORNI_WIDGET), oggi=adesso,
                                       contesto=request.contesto, solo_mie=True)  # type: ignore[attr-defined]
    aperte = [s for s in scadenze if s.aperta]
    return {"scadenze_mie": aperte[:8], "scadenze_altre": max(0, len(aperte) - 8), "oggi": adesso,
            "giorni_widget": GIORNI_WIDGET}
