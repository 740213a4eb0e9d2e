"""The territory lists run a fixed number of queries, however many comuni and enti there are."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from ambito.territorio.models import AppartenenzaComune, Comune, Ente, SubAmbito, TipoEnte
from tests.conftest import Mondo

pytestmark = pytest.mark.django_db

PAGINE = ["territorio/", "territorio/enti/", "territorio/sub-ambiti/"]
API = ["territorio/comuni/", "territorio/enti/"]


def query_per(client, percorso: str) -> int:
    with CaptureQueriesContext(connection) as catturate:
        assert client.get(percorso).status_code == 200
    return len(catturate)


def aggiungi_righe(mondo: Mondo, quante: int) -> None:
    with scopes_disabled():
        sub = SubAmbito.objects.create(ambito=mondo.a.ambito, nome="Nord")
        for n in range(quante):
            comune = Comune.objects.create(codice_istat=f"0989{n:02d}", codice_catastale=f"Z{n:03d}",
                                           denominazione=f"Comune {n}", sigla_provincia="LO", provincia="Lodi",
                                           codice_regione="03", popolazione=1000 + n)
            AppartenenzaComune.objects.create(ambito=mondo.a.ambito, comune=comune, sub_ambito=sub,
                                              valido_dal=dt.date(2020, 1, 1))
            Ente.objects.create(tipo=TipoEnte.ETS, denominazione=f"ETS {n}", registrato_da=mondo.a.ambito)
            SubAmbito.objects.create(ambito=mondo.a.ambito, nome=f"Sub {n}")


@pytest.mark.parametrize("risorsa", PAGINE + [f"api:{p}" for p in API])
def test_list_queries_do_not_grow_with_rows(mondo: Mondo, client_per, risorsa):
    client = client_per(mondo.a.responsabile)
    if risorsa.startswith("api:"):
        percorso = f"/api/v1/a/{mondo.a.ambito.slug}/{risorsa[4:]}"
    else:
        percorso = f"/a/{mondo.a.ambito.slug}/{risorsa}"
    client.get(percorso)  # warm caches (content types, session)
    poche = query_per(client, percorso)
    aggiungi_righe(mondo, 8)
    assert query_per(client, percorso) == poche
