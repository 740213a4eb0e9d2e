"""The members pages cost the same number of queries with N and with 3N members (and invitations)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ambito.accounts.models import Invito, Membro, Ruolo
from ambito.tenancy import ambito_scope
from tests.conftest import MondoAmbito, crea_utente

pytestmark = pytest.mark.django_db
N = 3
_sequenza = itertools.count(1)


def aggiungi(w: MondoAmbito, quanti: int) -> int:
    """``quanti`` assistenti sociali on two comuni, partners of an ente, and pending invitations."""
    with ambito_scope(w.ambito):
        for _ in range(quanti):
            n = next(_sequenza)
            assistente = Membro.objects.create(ambito=w.ambito, ruolo=Ruolo.ASSISTENTE_SOCIALE,
                                               utente=crea_utente(f"as{n}@lodi.test", "Assistente", str(n)))
            assistente.comuni.set(w.comuni[:2])
            Membro.objects.create(ambito=w.ambito, ruolo=Ruolo.PARTNER, ente=w.asst,
                                  utente=crea_utente(f"partner{n}@lodi.test", "Partner", str(n)))
            invito = Invito.objects.create(ambito=w.ambito, email=f"invitato{n}@example.test",
                                           ruolo=Ruolo.ASSISTENTE_SOCIALE, invitato_da=w.responsabile,
                                           scade_il=timezone.now() + dt.timedelta(days=3))
            invito.comuni.set(w.comuni[:1])
    return n


@pytest.mark.parametrize("percorso", ["/a/lodi/membri/", "/a/lodi/membri/inviti/"])
def test_the_members_pages_cost_the_same_queries_with_n_and_3n_rows(mondo, client_per, django_assert_num_queries,
                                                                   percorso):
    client = client_per(mondo.a.responsabile)
    aggiungi(mondo.a, N)
    client.get(percorso)  # warm-up: session, content types
    with CaptureQueriesContext(connection) as con_n:
        assert client.get(percorso).status_code == 200
    ultimo = aggiungi(mondo.a, 2 * N)
    with django_assert_num_queries(len(con_n)):
        pagina = client.get(percorso).content.decode()
    assert f"{ultimo}@lodi.test" in pagina or f"invitato{ultimo}@" in pagina  # the new rows are on the page
