"""Import pages, under /a/<ambito_slug>/importazioni/: upload, map the columns, dry run, save.

Each import kind names the capability it needs (checked on every page of an import of that kind);
the list shows only the imports of the kinds the user may import.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ambito.accounts.permissions import richiede
from ambito.importazioni import selectors, services
from ambito.importazioni.forms import CaricamentoForm, MappaturaForm, SalvataggioForm
from ambito.importazioni.models import Importazione, StatoImportazione
from ambito.importazioni.registry import TipoImportazione, tipi_importabili, tipo_importazione_get
from ambito.web import modulo

VEDI = "ambito.importazioni.vedi"
MAX_ERRORI_PAGINA = 200


def _importazione_per(request: HttpRequest, pk: int) -> tuple[Importazione, TipoImportazione]:
    """The import of this Ambito (else 404), if the user may import its kind (else 403)."""
    importazione = selectors.importazione_get(ambito=request.ambito, pk=pk)
    tipo = tipo_importazione_get(importazione.tipo)
    request.contesto.richiedi(tipo.capacita)
    return importazione, tipo


@richiede(VEDI)
@require_GET
def importazione_list(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    tipi = tipi_importabili(request.contesto)
    elenco = selectors.importazione_list(ambito=request.ambito, tipi=[t.codice for t in tipi])
    return render(request, "ambito/importazioni/elenco.html", {
        "pagina": Paginator(elenco, 50).get_page(request.GET.get("pagina")), "tipi": tipi})


@richiede(VEDI)
def importazione_create(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    tipi = tipi_importabili(request.contesto)
    form = CaricamentoForm(request.POST or None, request.FILES or None, tipi=tipi,
                           initial={"tipo": request.GET.get("tipo")})
    return modulo(
        request, form,
        esegui=lambda dati: services.importazione_create(ambito=request.ambito, actor=request.user,
                                                         tipo=dati["tipo"], file=dati["file"]),
        messaggio=lambda imp: _("File caricato: %(nome)s, %(n)d righe di dati. Controlla le colonne e verifica.")
        % {"nome": imp.nome_file, "n": imp.righe_totali},
        successo=lambda imp: redirect("importazioni:importazione_detail", ambito_slug, imp.pk),
        template="ambito/importazioni/nuova.html", contesto={"tipi": tipi})


def _dettaglio(request: HttpRequest, importazione: Importazione, tipo: TipoImportazione, **forms) -> dict:
    errori = importazione.esito.get("errori", [])
    return {"importazione": importazione, "tipo": tipo, "errori": errori[:MAX_ERRORI_PAGINA],
            "errori_nascosti": max(importazione.esito.get("errori_totali", 0) - MAX_ERRORI_PAGINA, 0),
            "mappatura_form": forms.get("mappatura_form") or MappaturaForm(tipo=tipo, importazione=importazione),
            "salvataggio_form": forms.get("salvataggio_form") or SalvataggioForm(),
            "modificabile": importazione.stato in (StatoImportazione.CARICATA, StatoImportazione.VERIFICATA)}


@richiede(VEDI)
@require_GET
def importazione_detail(request: HttpRequest, ambito_slug: str, importazione_pk: int) -> HttpResponse:
    importazione, tipo = _importazione_per(request, importazione_pk)
    return render(request, "ambito/importazioni/dettaglio.html", _dettaglio(request, importazione, tipo))


@richiede(VEDI)
@require_POST
def importazione_verify(request: HttpRequest, ambito_slug: str, importazione_pk: int) -> HttpResponse:
    """The dry run with the chosen mapping; the page then lists every error by row and field."""
    importazione, tipo = _importazione_per(request, importazione_pk)
    form = MappaturaForm(request.POST, tipo=tipo, importazione=importazione)
    return modulo(
        request, form,
        esegui=lambda _dati: services.importazione_verify(importazione=importazione, actor=request.user,
                                                          mappatura=form.mappatura()),
        messaggio=lambda imp: _("Verifica completata: %(valide)d righe valide su %(totale)d, %(errate)d con errori. "
                                "Nessun dato è stato ancora salvato.") % {
            "valide": imp.esito["valide"], "totale": imp.esito["totale"], "errate": imp.esito["righe_con_errori"]},
        successo=lambda imp: redirect("importazioni:importazione_detail", ambito_slug, imp.pk),
        template="ambito/importazioni/dettaglio.html",
        contesto=_dettaglio(request, importazione, tipo, mappatura_form=form))


def _messaggio_salvataggio(imp: Importazione) -> str:
    if imp.stato == StatoImportazione.IN_CORSO:
        return _("Salvataggio avviato in background (%(n)d righe): puoi seguirne l'avanzamento qui.") % {
            "n": imp.righe_totali}
    return _("Importazione salvata: %(n)d righe di «%(nome)s».") % {"n": imp.righe_salvate, "nome": imp.nome_file}


@richiede(VEDI)
@require_POST
def importazione_save(request: HttpRequest, ambito_slug: str, importazione_pk: int) -> HttpResponse:
    """Save all rows (refused if any has errors), or only the valid ones with the explicit confirmation."""
    importazione, tipo = _importazione_per(request, importazione_pk)
    form = SalvataggioForm(request.POST)
    return modulo(
        request, form,
        esegui=lambda dati: services.importazione_save(importazione=importazione, actor=request.user,
                                                       solo_valide=dati["modalita"] == "solo_valide",
                                                       conferma=dati["conferma"]),
        messaggio=_messaggio_salvataggio,
        successo=lambda imp: redirect("importazioni:importazione_detail", ambito_slug, imp.pk),
        template="ambito/importazioni/dettaglio.html",
        contesto=_dettaglio(request, importazione, tipo, salvataggio_form=form))
