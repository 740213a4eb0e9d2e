"""The audit pages cost the same number of queries with N and with 3N rows: an object's history
(whatever its changes touch: text, related objects, members' comuni) and the sensitive-read log."""

from __future__ import annotations

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ambito.accounts.models import Membro, Ruolo
from ambito.atti.services import atto_update
from ambito.audit.services import registra_lettura_sensibile
from ambito.membri.services import membro_update
from ambito.organi.models import OrganoCollegiale, TipoOrgano
from ambito.tenancy import ambito_scope
from tests.conftest import MondoAmbito
from tests.governance.helpers import crea_atto

pytestmark = pytest.mark.django_db
N = 3
_sequenza = itertools.count(1)


def costo(client, percorso: str) -> int:
    with CaptureQueriesContext(connection) as query:
        assert client.get(percorso).status_code == 200
    return len(query)


def modifica_atto(w: MondoAmbito, atto, quante: int) -> None:
    """``quante`` edits, each moving the act to another body and changing its subject."""
    with ambito_scope(w.ambito, actor=w.operatore):
        for _ in range(quante):
            n = next(_sequenza)
            organo = OrganoCollegiale.objects.create(ambito=w.ambito, tipo=TipoOrgano.TAVOLO_TEMATICO,
                                                     nome=f"Tavolo {n}")
            atto = atto_update(atto=atto, actor=w.operatore, organo=organo, oggetto=f"Oggetto {n}")


def modifica_membro(w: MondoAmbito, quante: int) -> None:
    """``quante`` changes of the comuni of an assistente sociale (many-to-many history)."""
    scelte = [w.comuni[:1], w.comuni[1:3], w.comuni[2:4], w.comuni[:4]]
    with ambito_scope(w.ambito, actor=w.responsabile):
        membro = Membro.objects.get(ambito=w.ambito, utente=w.assistente_1)
        for _ in range(quante):
            membro = membro_update(membro=membro, actor=w.responsabile, ruolo=Ruolo.ASSISTENTE_SOCIALE,
                                   comuni=scelte[next(_sequenza) % len(scelte)])


def test_an_acts_history_costs_the_same_queries_with_n_and_3n_changes(mondo, client_per,
                                                                      django_assert_num_queries):
    atto = crea_atto(mondo.a)
    percorso = f"/a/lodi/storico/ambito.atto/{atto.pk}/"
    client = client_per(mondo.a.responsabile)
    modifica_atto(mondo.a, atto, N)
    client.get(percorso)  # warm-up: session, content types
    con_n = costo(client, percorso)
    modifica_atto(mondo.a, atto, 2 * N)
    with django_assert_num_queries(con_n):
        pagina = client.get(percorso).content.decode()
    assert pagina.count("Tavolo ") >= 3 * N  # every change is on the page, with the body's name


def test_a_members_history_costs_the_same_queries_with_n_and_3n_changes(mondo, client_per,
                                                                        django_assert_num_queries):
    with ambito_scope(mondo.a.ambito):
        membro = Membro.objects.get(ambito=mondo.a.ambito, utente=mondo.a.assistente_1)
    percorso = f"/a/lodi/storico/ambito.membro/{membro.pk}/"
    client = client_per(mondo.a.responsabile)
    modifica_membro(mondo.a, N)
    client.get(percorso)
    con_n = costo(client, percorso)
    modifica_membro(mondo.a, 2 * N)
    with django_assert_num_queries(con_n):
        assert client.get(percorso).status_code == 200


def test_the_sensitive_read_log_costs_the_same_queries_with_n_and_3n_reads(mondo, client_per,
                                                                           django_assert_num_queries):
    def letture(quante: int) -> None:
        with ambito_scope(mondo.a.ambito):
            for _ in range(quante):
                for chiave in ("assistente_1", "assistente_2", "operatore"):
                    registra_lettura_sensibile(ambito=mondo.a.ambito, utente=mondo.a.utente(chiave),
                                               oggetto=mondo.a.asst, interessato=f"***{next(_sequenza)}",
                                               categoria="ISEE")

    percorso = "/a/lodi/storico/accessi/"
    client = client_per(mondo.a.responsabile)
    letture(N)
    client.get(percorso)
    con_n = costo(client, percorso)
    letture(2 * N)
    with django_assert_num_queries(con_n):
        assert client.get(percorso).status_code == 200
