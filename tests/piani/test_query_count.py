"""The plan's main lists and pages run a constant number of queries as objectives, projects, indicators and
values grow."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ambito.tenancy import ambito_scope
from piani import services
from piani.models import PianoDiZona
from tests.fondi.helpers import D, assegnazione
from tests.piani import helpers as h

pytestmark = pytest.mark.django_db


def aggiungi(w, n: int) -> PianoDiZona:
    with ambito_scope(w.ambito, actor=w.operatore):
        piano = h.piano(w.ambito, w.operatore)
        periodo = h.periodo(piano, w.operatore)
        a = assegnazione(w.ambito, w.operatore, importo="100000.00")
        for i in range(n):
            obiettivo = h.obiettivo(piano, w.operatore, titolo=f"Obiettivo {i}", codici=("A", "B"))
            progetto = h.progetto(piano, w.operatore, titolo=f"Progetto {i}", codici=("A", "C"))
            progetto.obiettivi.add(obiettivo)
            services.budget_set(progetto=progetto, actor=w.operatore, anno=2025, fonte="FNPS", importo=D("100.00"))
            services.progetto_quota_create(progetto=progetto, actor=w.operatore, assegnazione=a, importo=D("10.00"),
                                           atto=h.atto(w.ambito), data_contabile=dt.date(2025, 3, 1))
            indicatore = h.indicatore(progetto, w.operatore, nome=f"Indicatore {i}")
            services.valore_set(indicatore=indicatore, periodo=periodo, actor=w.operatore, valore=Decimal(i))
            services.valutazione_set(obiettivo=obiettivo, periodo=periodo, actor=w.operatore, stato="in_corso")
    return piano


def conta(client, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        risposta = client.get(path)
    assert risposta.status_code == 200, path
    return len(ctx.captured_queries)


@pytest.mark.parametrize("pagina", ["", "{piano}/", "{piano}/cruscotto/", "periodi/{periodo}/",
                                    "api:", "api:{piano}/obiettivi/", "api:{piano}/spesa-aree/"])
def test_main_pages_run_a_constant_number_of_queries(mondo, client_per, pagina):
    w = mondo.a
    client = client_per(w.operatore)
    piano = aggiungi(w, 2)
    with ambito_scope(w.ambito):
        periodo = piano.periodi.get()
    base = f"/api/v1/a/{w.ambito.slug}/piani/" if pagina.startswith("api:") else f"/a/{w.ambito.slug}/piani/"
    path = base + pagina.removeprefix("api:").format(piano=piano.pk, periodo=periodo.pk)
    if pagina == "api:":
        path += "progetti/"
    conta(client, path)  # warm the per-process caches (content types, permissions)
    pochi = conta(client, path)
    aggiungi(w, 5)
    assert conta(client, path) == pochi
