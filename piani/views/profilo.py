"""The profilo di comunità: population by age band and need indicators, per comune and for the Ambito, by year."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ambito.accounts.permissions import richiede
from ambito.formato import oggi
from ambito.web import azione_post, modulo
from piani import selectors, services
from piani.forms import DatoComunitaForm
from piani.views import GESTISCI, VEDI


@richiede(VEDI)
@require_safe
def profilo(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    anni = selectors.anni_profilo(ambito=request.ambito)
    scelto = request.GET.get("anno", "")
    anno = int(scelto) if scelto.isdigit() and int(scelto) in anni else (anni[0] if anni else None)
    righe = selectors.profilo_comunita(ambito=request.ambito, anno=anno) if anno else []
    comuni = sorted({c for r in righe for c in r.per_comune})
    return render(request, "piani/profilo.html", {
        "anni": anni, "anno": anno, "righe": righe, "comuni": comuni, "puo_gestire": request.contesto.puo(GESTISCI),
        "dati": list(selectors.dato_comunita_list(ambito=request.ambito, anno=anno)) if anno else []})


@richiede(GESTISCI)
def dato_create(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    form = DatoComunitaForm(request.POST or None, ambito=request.ambito, initial={"anno": oggi().year - 1})
    return modulo(request, form,
                  esegui=lambda d: services.dato_comunita_set(ambito=request.ambito, actor=request.user, **d),
                  messaggio=lambda d: _("Dato registrato: %(d)s.") % {"d": d},
                  successo=lambda d: redirect(f"{request.path.rsplit('nuovo/', 1)[0]}?anno={d.anno}"),
                  template="piani/modulo.html", contesto={"titolo": _("Nuovo dato del profilo di comunità")})


@richiede(GESTISCI)
@require_POST
def dato_delete(request: HttpRequest, ambito_slug: str, dato_comunita_pk: int) -> HttpResponse:
    dato = selectors.dato_comunita_get(ambito=request.ambito, pk=dato_comunita_pk)
    return azione_post(request, esegui=lambda: services.dato_comunita_delete(dato=dato, actor=request.user),
                       messaggio=_("Dato eliminato."), ritorno=redirect("piani:profilo", ambito_slug=ambito_slug))
