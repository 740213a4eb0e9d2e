"""The governance lists cost the same number of queries with N rows and with 3N rows (pages and API):
acts, collegial bodies, a body's members and sessions, a session's agenda with attendance and votes."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ambito.atti.models import Atto, TipoAtto
from ambito.organi.models import Componente, OrganoCollegiale, Presenza, PuntoOdG, Seduta, TipoOrgano, Voto
from ambito.tenancy import ambito_scope
from tests.conftest import MondoAmbito
from tests.governance.helpers import alle_18

pytestmark = pytest.mark.django_db
N = 3
_sequenza = itertools.count(1)


def costo(client, percorso: str) -> int:
    with CaptureQueriesContext(connection) as query:
        risposta = client.get(percorso)
    assert risposta.status_code == 200, (percorso, risposta.status_code)
    return len(query)


class Dati:
    """One Assemblea with its members and one session; each ``aggiungi`` adds ``quanti`` acts, bodies,
    members (present and voting), sessions and agenda items."""

    def __init__(self, w: MondoAmbito) -> None:
        self.w = w
        with ambito_scope(w.ambito):
            self.organo = OrganoCollegiale.objects.create(ambito=w.ambito, tipo=TipoOrgano.ASSEMBLEA,
                                                          nome="Assemblea dei Sindaci")
            self.seduta = Seduta.objects.create(ambito=w.ambito, organo=self.organo, data=alle_18())

    def aggiungi(self, quanti: int) -> None:
        w = self.w
        with ambito_scope(w.ambito):
            for _ in range(quanti):
                n = next(_sequenza)
                Atto.objects.create(ambito=w.ambito, tipo=TipoAtto.AVVISO, numero=str(n), data=dt.date(2026, 1, 5),
                                    oggetto=f"Avviso {n}", organo=self.organo, ente_emittente=w.asst,
                                    pubblicato=True)
                altro = OrganoCollegiale.objects.create(ambito=w.ambito, tipo=TipoOrgano.TAVOLO_TEMATICO,
                                                        nome=f"Tavolo {n}")
                Componente.objects.create(ambito=w.ambito, organo=altro, nominativo=f"Referente {n}", ente=w.asst,
                                          valido_dal=dt.date(2024, 1, 1))
                componente = Componente.objects.create(ambito=w.ambito, organo=self.organo, comune=w.comuni[0],
                                                       nominativo=f"Delegato {n}", valido_dal=dt.date(2024, 1, 1))
                Presenza.objects.create(ambito=w.ambito, seduta=self.seduta, componente=componente)
                Seduta.objects.create(ambito=w.ambito, organo=self.organo, data=alle_18(dt.date(2025, 1, n % 28 + 1)))
                punto = PuntoOdG.objects.create(ambito=w.ambito, seduta=self.seduta, numero=n, oggetto=f"Punto {n}")
                Voto.objects.create(ambito=w.ambito, punto=punto, componente=componente, valore="favorevole")


PAGINE = [
    ("atti", lambda d: "atti/"),
    ("organi", lambda d: "organi/"),
    ("organo: componenti e sedute", lambda d: f"organi/{d.organo.pk}/"),
    ("seduta: presenze, punti e voti", lambda d: f"organi/sedute/{d.seduta.pk}/"),
]
API = [
    ("api atti", lambda d: "atti/"),
    ("api organi", lambda d: "organi/"),
    ("api organo", lambda d: f"organi/{d.organo.pk}/"),
    ("api sedute", lambda d: f"organi/{d.organo.pk}/sedute/"),
    ("api seduta", lambda d: f"organi/sedute/{d.seduta.pk}/"),
]


@pytest.mark.parametrize(("nome", "percorso"), PAGINE + API, ids=[p[0] for p in PAGINE + API])
def test_the_list_costs_the_same_queries_with_n_and_3n_rows(mondo, client_per, django_assert_num_queries,
                                                            nome, percorso):
    dati = Dati(mondo.a)
    prefisso = "/api/v1/a/lodi/" if nome.startswith("api") else "/a/lodi/"
    client = client_per(mondo.a.responsabile)
    dati.aggiungi(N)
    client.get(prefisso + percorso(dati))  # warm-up: session, content types
    con_n = costo(client, prefisso + percorso(dati))
    dati.aggiungi(2 * N)
    with django_assert_num_queries(con_n):
        assert client.get(prefisso + percorso(dati)).status_code == 200
