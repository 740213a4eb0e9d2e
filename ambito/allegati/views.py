"""Pages of attachments, under /a/<ambito_slug>/allegati/.

Every page first finds the owning object as the user may see it (404 otherwise, like an object of another
Ambito), then checks the capability its module registered (``capacita_lettura`` to list and download,
``capacita_scrittura`` to upload and replace: 403 otherwise). ``ambito.allegati.usa`` only says that a member
may reach these pages at all. Every download is recorded.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ambito.accounts.permissions import richiede
from ambito.allegati import accesso, selectors, services
from ambito.allegati.forms import AllegatoForm, SostituzioneForm
from ambito.allegati.models import VersioneAllegato
from ambito.allegati.pannello import pannello_allegati
from ambito.allegati.tipi import ESTENSIONE, MIME, elenco_tipi
from ambito.errors import NonTrovato
from ambito.files import risposta_file_privato
from ambito.web import modulo

USA = "ambito.allegati.usa"


def _ritorno(request: HttpRequest, richiesto: str | None, predefinito: str) -> HttpResponse:
    """Back to the page the upload came from, if it is a page of this Ambito; else ``predefinito``."""
    prefisso = f"/a/{request.ambito.slug}/"
    if richiesto and richiesto.startswith(prefisso) and url_has_allowed_host_and_scheme(
            richiesto, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(richiesto)
    return redirect(predefinito)


def _url_oggetto(request: HttpRequest, trovato: accesso.Accesso) -> str:
    """The owning object's page if its module gave one, else its attachments page."""
    if trovato.regola.url is not None:
        return trovato.regola.url(trovato.oggetto, request.ambito.slug)
    return _pagina_oggetto(request, trovato.regola.modello, trovato.oggetto.pk)


def _pagina_oggetto(request: HttpRequest, modello: str, oggetto_pk: int) -> str:
    return f"/a/{request.ambito.slug}/allegati/oggetti/{modello}/{oggetto_pk}/"


@richiede(USA)
def allegati_oggetto(request: HttpRequest, ambito_slug: str, modello: str, oggetto_pk: int) -> HttpResponse:
    """The attachments of one object; a POST uploads a new one."""
    scrittura = request.method == "POST"
    trovato = accesso.per_oggetto(request.contesto, modello=modello, pk=oggetto_pk, scrittura=scrittura)
    pagina = _pagina_oggetto(request, trovato.regola.modello, oggetto_pk)
    form = AllegatoForm(request.POST or None, request.FILES or None)
    return modulo(
        request, form,
        esegui=lambda dati: services.allegato_create(oggetto=trovato.oggetto, actor=request.user, file=dati["file"],
                                                     titolo=dati["titolo"]),
        messaggio=lambda allegato: _("Allegato caricato: %(titolo)s.") % {"titolo": allegato.titolo},
        successo=lambda _allegato: _ritorno(request, form.cleaned_data.get("ritorno"), pagina),
        template="ambito/allegati/oggetto.html",
        contesto={"oggetto": trovato.oggetto, "pannello": pannello_allegati(request, trovato.oggetto, ritorno=pagina),
                  "url_oggetto": _url_oggetto(request, trovato)},
    )


@richiede(USA)
@require_safe
def allegato_detail(request: HttpRequest, ambito_slug: str, allegato_pk: int) -> HttpResponse:
    """An attachment's versions (newest first) and, for who reads the history, who downloaded them."""
    trovato, allegato = accesso.per_allegato(request.contesto, pk=allegato_pk)
    puo_vedere_audit = request.contesto.puo("ambito.audit.vedi")
    return render(request, "ambito/allegati/dettaglio.html", {
        "allegato": allegato, "oggetto": trovato.oggetto, "modello": trovato.regola.modello,
        "url_oggetto": _url_oggetto(request, trovato),
        "versioni": selectors.versione_list(allegato=allegato),
        "scaricamenti": selectors.scaricamento_list(allegato=allegato)[:50] if puo_vedere_audit else None,
        "puo_caricare": request.contesto.puo(trovato.regola.capacita_scrittura),
    })


@richiede(USA)
def allegato_replace(request: HttpRequest, ambito_slug: str, allegato_pk: int) -> HttpResponse:
    """Upload a new version of an attachment (the previous ones stay)."""
    trovato, allegato = accesso.per_allegato(request.contesto, pk=allegato_pk, scrittura=True)
    return modulo(
        request, SostituzioneForm(request.POST or None, request.FILES or None),
        esegui=lambda dati: services.allegato_replace(allegato=allegato, actor=request.user, file=dati["file"]),
        messaggio=lambda sostituito: _("Nuova versione di «%(titolo)s» caricata: è la versione %(numero)d.") % {
            "titolo": sostituito.titolo, "numero": sostituito.versione_corrente.numero},
        successo=lambda _allegato: redirect("allegati:allegato_detail", ambito_slug=request.ambito.slug,
                                            allegato_pk=allegato.pk),
        template="ambito/allegati/sostituisci.html",
        contesto={"allegato": allegato, "oggetto": trovato.oggetto, "regola": trovato.regola,
                  "tipi_ammessi": elenco_tipi(trovato.regola.tipi), "url_oggetto": _url_oggetto(request, trovato)},
    )


def risposta_scaricamento(request: HttpRequest, versione: VersioneAllegato | None, *, nome: str = "") -> HttpResponse:
    """Stream a version the caller has checked the user may read, and record who downloaded it.

    Pages and API views of any module that hand out an attachment use this, so every download is recorded.
    No version, or a file missing from storage, is a 404 (and nothing is recorded). ``nome`` replaces the
    uploaded name (its extension is the content's).
    """
    if versione is None:
        raise NonTrovato(_("Non c'è nessun file da scaricare."))
    nome_file = f"{nome}{ESTENSIONE[versione.tipo]}" if nome else versione.nome_file
    risposta = risposta_file_privato(versione.file, nome=nome_file,
                                     content_type=MIME.get(versione.tipo, "application/octet-stream"))
    if request.method == "GET":  # a HEAD request reads no content
        utente = request.user if request.user.is_authenticated else None  # public pages: nobody logged in
        services.scaricamento_record(versione=versione, actor=utente,
                                     indirizzo_ip=request.META.get("REMOTE_ADDR"))
    return risposta


@richiede(USA)
@require_safe
def allegato_download(request: HttpRequest, ambito_slug: str, allegato_pk: int) -> HttpResponse:
    """The current version of an attachment."""
    _trovato, allegato = accesso.per_allegato(request.contesto, pk=allegato_pk)
    return risposta_scaricamento(request, allegato.versione_corrente)


@richiede(USA)
@require_safe
def versione_download(request: HttpRequest, ambito_slug: str, versione_pk: int) -> HttpResponse:
    """One version of an attachment, current or not."""
    _trovato, versione = accesso.per_versione(request.contesto, pk=versione_pk)
    return risposta_scaricamento(request, versione)
