"""The WaaS pull API for INPS, exactly as ``rendicontazione/dati/siuss/api-comuni.yaml`` (v2.0.1) specifies:
``GET flussi?since=&limit=``, ``POST esiti``, ``GET status``; errors as ``application/problem+json`` (RFC 7807, the
spec's ``Problem``), not the platform's own error shape, because INPS's client reads these.

Mounted outside the Ambito URLs (``/api/esterne/rendicontazione/waas/v1/``, ``ambito/urls.py``): the Ambito comes
from the credential (``Authorization: Bearer …``, :func:`rendicontazione.waas.configurazione_per_credenziale`),
never from the request. Views are thin: parse, call :mod:`rendicontazione.waas` inside the Ambito's scope, answer.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from ambito.tenancy import ambito_scope
from rendicontazione import waas

logger = logging.getLogger(__name__)

PROBLEM = "application/problem+json"
LIMITE_PREDEFINITO, LIMITE_MASSIMO = 10, 100
LUNGHEZZA_ID_FLUSSO = 250  # ours have 25 characters; the spec sets no limit, the table keeps this many
CODICI_ESITO = {"OK", "DATI_NON_TROVATI", "RICHIESTA_INVALIDA", "ERRORE_GENERICO"}
TIPI_FLUSSO = {"PS_PSA_SINA", "SINBA"}
TITOLI = {400: "Bad Request", 401: "Unauthorized", 404: "Not Found", 405: "Method Not Allowed",
          500: "Internal Server Error"}


def problema(status: int, detail: str, **extra: Any) -> JsonResponse:
    corpo = {"type": "about:blank", "title": TITOLI.get(status, "Error"), "status": status, "detail": detail[:4096]}
    risposta = JsonResponse(corpo, status=status, content_type=PROBLEM)
    if status == 401:
        risposta["WWW-Authenticate"] = 'Bearer realm="waas"'
    return risposta


def _con_credenziale(metodo: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Only ``metodo`` (else 405 problem+json); authenticate with the bearer credential, then run the view inside
    its Ambito's scope (no user: INPS)."""

    def decoratore(vista: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(vista)
        def avvolta(request: HttpRequest) -> HttpResponse:
            if request.method != metodo and not (metodo == "GET" and request.method == "HEAD"):
                risposta = problema(405, _("Metodo non ammesso: usa %(m)s.") % {"m": metodo})
                risposta["Allow"] = metodo
                return risposta
            return _autenticata(vista, request)

        return csrf_exempt(avvolta)

    return decoratore


def _autenticata(vista: Callable[..., HttpResponse], request: HttpRequest) -> HttpResponse:
    """The credential names the configuration, hence the Ambito; 401 problem+json otherwise."""
    intestazione = request.headers.get("Authorization", "")
    schema, _spazio, token = intestazione.partition(" ")
    if schema.lower() != "bearer" or not token.strip():
        return problema(401, _("Credenziale mancante: serve un voucher PDND (Authorization: Bearer)."))
    try:
        configurazione = waas.configurazione_per_credenziale(token)
    except waas.CredenzialeNonValida as errore:
        logger.info("WaaS: credential refused (%s)", errore)
        return problema(401, _("Credenziale non valida o scaduta."))
    with ambito_scope(configurazione.ambito):
        try:
            return vista(request, configurazione)
        except SuspiciousOperation as errore:  # a body over DATA_UPLOAD_MAX_MEMORY_SIZE, a malformed request
            return problema(400, str(errore))
        except Exception:  # the spec's 500 is problem+json too: INPS's client reads no HTML page
            logger.exception("WaaS: %s failed for %s", request.path, configurazione.ambito.slug)
            return problema(500, _("Errore interno dell'ente: la richiesta può essere ripetuta più tardi."))


def _intero(valore: str | None, *, nome: str, predefinito: int | None, minimo: int, massimo: int) -> int:
    if valore is None or valore == "":
        if predefinito is None:
            raise ValueError(_("Il parametro «%(n)s» è obbligatorio.") % {"n": nome})
        return predefinito
    try:
        numero = int(valore)
    except ValueError:
        raise ValueError(_("Il parametro «%(n)s» deve essere un numero intero.") % {"n": nome}) from None
    if not minimo <= numero <= massimo:
        raise ValueError(_("Il parametro «%(n)s» deve essere compreso fra %(a)d e %(b)d.")
                         % {"n": nome, "a": minimo, "b": massimo})
    return numero


@_con_credenziale("GET")
def flussi(request: HttpRequest, configurazione: Any) -> HttpResponse:
    """The flows updated after ``since`` (ms), oldest first, at most ``limit`` (default 10, max 100)."""
    try:
        since = _intero(request.GET.get("since"), nome="since", predefinito=None, minimo=0, massimo=10**20)
        limite = _intero(request.GET.get("limit"), nome="limit", predefinito=LIMITE_PREDEFINITO, minimo=0,
                         massimo=LIMITE_MASSIMO)
    except ValueError as errore:
        return problema(400, str(errore))
    elenco = waas.flussi_dopo(ambito=configurazione.ambito, since_ms=since, limite=limite) if limite else []
    return JsonResponse({"elenco_flussi": [{
        "codice_ente": configurazione.belfiore_ente,
        "denominazione_ente": (configurazione.denominazione_ente or configurazione.ambito.denominazione)[:256],
        "id_flusso": f.id_flusso,
        "ts_flusso": waas.ts_iso(f.ts_ms),
        "tipo": "PS_PSA_SINA",
        "flusso": waas.flusso_base64(f),
    } for f in elenco]})


def _data_ora(valore: Any) -> dt.datetime:
    if not isinstance(valore, str):
        raise ValueError
    istante = dt.datetime.fromisoformat(valore.replace("Z", "+00:00"))
    if istante.tzinfo is None:
        raise ValueError
    return istante


def _esiti_validi(corpo: Any) -> list[dict[str, Any]]:
    """The body against the spec's ``ElencoEsiti`` (required fields, enums, date-times); ValueError with the
    first problem found."""
    if not isinstance(corpo, dict) or set(corpo) - {"elenco_esiti"}:
        raise ValueError(_("Il corpo deve essere un oggetto con il solo campo «elenco_esiti»."))
    elenco = corpo.get("elenco_esiti", [])
    if not isinstance(elenco, list) or len(elenco) > LIMITE_MASSIMO:
        raise ValueError(_("«elenco_esiti» deve essere un elenco di al massimo 100 esiti."))
    validi = []
    for n, esito in enumerate(elenco):
        if not isinstance(esito, dict):
            raise ValueError(_("elenco_esiti[%(n)d]: deve essere un oggetto.") % {"n": n})
        mancanti = [c for c in ("id_flusso", "tipo", "ts_flusso", "ts_acquisizione", "codice_esito")
                    if not isinstance(esito.get(c), str) or not esito.get(c)]
        if mancanti:
            raise ValueError(_("elenco_esiti[%(n)d]: mancano %(c)s.") % {"n": n, "c": ", ".join(mancanti)})
        if esito["codice_esito"] not in CODICI_ESITO:
            raise ValueError(_("elenco_esiti[%(n)d]: codice_esito non ammesso.") % {"n": n})
        if esito["tipo"] not in TIPI_FLUSSO:
            raise ValueError(_("elenco_esiti[%(n)d]: tipo non ammesso.") % {"n": n})
        if len(esito["id_flusso"]) > LUNGHEZZA_ID_FLUSSO:
            raise ValueError(_("elenco_esiti[%(n)d]: id_flusso supera i %(m)d caratteri.")
                             % {"n": n, "m": LUNGHEZZA_ID_FLUSSO})
        try:
            ts_flusso = _data_ora(esito["ts_flusso"])
            acquisizione = _data_ora(esito["ts_acquisizione"])
        except ValueError:
            raise ValueError(_("elenco_esiti[%(n)d]: data e ora non valide (ISO 8601 con fuso).") % {"n": n}) from None
        for campo in ("descrizione_esito", "id_acquisizione_siuss"):
            if esito.get(campo) is not None and not isinstance(esito[campo], str):
                raise ValueError(_("elenco_esiti[%(n)d]: %(c)s deve essere un testo.") % {"n": n, "c": campo})
        validi.append({**esito, "ts_flusso": ts_flusso, "ts_acquisizione": acquisizione})
    return validi


@_con_credenziale("POST")
def esiti(request: HttpRequest, configurazione: Any) -> HttpResponse:
    """Store the outcomes: 204 once stored (INPS stops notifying them); outcomes of flows this Ambito never
    offered are stored apart (shown on the SIUSS page as "esiti non abbinati") and logged, and still answered 204."""
    try:
        validi = _esiti_validi(json.loads(request.body or b"null"))
    except (ValueError, UnicodeDecodeError) as errore:
        return problema(400, str(errore) if not isinstance(errore, json.JSONDecodeError) else _("JSON non valido."))
    _aggiornati, ignoti = waas.esiti_record(ambito=configurazione.ambito, esiti=validi)
    if ignoti:
        logger.warning("WaaS: %d outcomes for unknown flows stored as unmatched", len(ignoti))
    return HttpResponse(status=204)


@_con_credenziale("GET")
def status(request: HttpRequest, configurazione: Any) -> HttpResponse:
    return JsonResponse({"type": "about:blank", "title": "OK", "status": 200,
                         "detail": _("Il servizio funziona correttamente.")}, content_type=PROBLEM)
