"""The approvals list (page and API) and the public acts list cost the same number of queries with N and 3N rows."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scopes_disabled

from ambito.approvazioni.models import RichiestaApprovazione, StatoRichiesta
from ambito.atti.models import Atto, TipoAtto
from tests.conftest import Mondo
from tests.pubblico.helpers import atto_online

pytestmark = pytest.mark.django_db
_numeri = itertools.count(100)


def costo(client, percorso: str) -> int:
    with CaptureQueriesContext(connection) as query:
        assert client.get(percorso).status_code == 200
    return len(query)


def aggiungi(mondo: Mondo, quante: int) -> None:
    with scopes_disabled():
        ct = ContentType.objects.get_for_model(Atto)
        for i in range(quante):
            atto = Atto.objects.create(ambito=mondo.a.ambito, tipo=TipoAtto.AVVISO, numero=str(next(_numeri)),
                                       data=dt.date(2026, 1, 1), oggetto="Avviso")
            decisa = i % 2 == 0
            RichiestaApprovazione.objects.create(
                ambito=mondo.a.ambito, tipo="ambito.atti.pubblicazione_online", content_type=ct, object_id=atto.pk,
                descrizione=f"Richiesta {atto.numero}", preparata_da=mondo.a.operatore,
                parametri={"dal": "2026-01-01", "al": "2026-02-01"},
                stato=StatoRichiesta.APPROVATA if decisa else StatoRichiesta.IN_ATTESA,
                decisa_da=mondo.a.responsabile if decisa else None, decisa_il=timezone.now() if decisa else None)
            atto_online(mondo.a.ambito, numero=str(next(_numeri)))


def test_the_lists_cost_the_same_with_more_rows(mondo: Mondo, client_per):
    responsabile = client_per(mondo.a.responsabile)
    percorsi = ("/a/lodi/approvazioni/", "/api/v1/a/lodi/approvazioni/", "/a/lodi/")
    aggiungi(mondo, 2)
    prima = {p: costo(responsabile, p) for p in percorsi}
    pubblico_prima = costo(Client(), "/p/lodi/atti/")
    aggiungi(mondo, 6)
    assert {p: costo(responsabile, p) for p in percorsi} == prima
    assert costo(Client(), "/p/lodi/atti/") == pubblico_prima
