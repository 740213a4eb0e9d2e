"""A refused or missing page is logged once, as one line; a server error keeps its traceback."""

from __future__ import annotations

import logging

import pytest
from django.test import Client

from tests.conftest import login

pytestmark = pytest.mark.django_db


def gestori_che_scrivono(record: logging.LogRecord) -> list[logging.Handler]:
    """The configured handlers (pytest's own excluded) that would write ``record``: those of its logger
    and of its ancestors while it propagates, whose level and filters let it through."""
    gestori: list[logging.Handler] = []
    logger: logging.Logger | None = logging.getLogger(record.name)
    while logger is not None:
        gestori += [h for h in logger.handlers if not type(h).__module__.startswith("_pytest")
                    and record.levelno >= h.level and h.filter(record)]
        logger = logger.parent if logger.propagate else None
    return gestori


def righe_di_richiesta(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "django.request"]


@pytest.mark.parametrize("debug", [True, False], ids=["debug", "production"])
@pytest.mark.parametrize(("utente", "indirizzo", "stato"), [
    ("sindaco", "/a/{a}/membri/", 403),                  # a page the role may not see
    ("sindaco", "/api/v1/a/{a}/membri/", 403),           # the same through the API
    ("operatore", "/a/{b}/", 404),                       # another Ambito
    ("operatore", "/api/v1/a/{b}/elaborazioni/", 404),
    ("operatore", "/pagina-che-non-esiste/", 404),
])
def test_a_403_or_404_is_logged_once_without_a_traceback(mondo, settings, caplog, debug, utente, indirizzo, stato):
    settings.DEBUG = debug
    indirizzo = indirizzo.format(a=mondo.a.ambito.slug, b=mondo.b.ambito.slug)
    client = login(Client(), getattr(mondo.a, utente))
    with caplog.at_level(logging.INFO):
        assert client.get(indirizzo).status_code == stato
    righe = righe_di_richiesta(caplog)
    assert len(righe) == 1, [r.getMessage() for r in righe]
    riga = righe[0]
    assert riga.levelno == logging.WARNING and indirizzo in riga.getMessage()
    assert riga.exc_info is None and not riga.exc_text
    assert len(gestori_che_scrivono(riga)) == 1


def test_a_403_line_still_says_which_capability_was_missing(mondo, caplog):
    with caplog.at_level(logging.INFO):
        login(Client(), mondo.a.sindaco).get("/a/lodi/membri/")
    assert righe_di_richiesta(caplog)[0].getMessage().endswith("/a/lodi/membri/ (ambito.membri.vedi)")


@pytest.mark.urls("tests.ui.urls")
def test_a_server_error_is_still_logged_with_its_traceback(mondo, caplog):
    client = login(Client(raise_request_exception=False), mondo.a.operatore)
    with caplog.at_level(logging.INFO):
        assert client.get("/a/lodi/prova/guasto/").status_code == 500
    righe = righe_di_richiesta(caplog)
    assert len(righe) == 1 and righe[0].levelno == logging.ERROR
    assert righe[0].exc_info is not None
