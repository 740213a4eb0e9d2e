"""The log of reads of sensitive data: only the responsabile reads it, filtered by user and dates."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.utils import timezone

from ambito.audit.services import registra_lettura_sensibile
from ambito.tenancy import ambito_scope

pytestmark = pytest.mark.django_db
URL = "/a/lodi/storico/accessi/"


def lettura(w, utente, interessato, giorno=None):
    """Log a read, at 10:00 of ``giorno`` if given (the clock is moved: rows cannot be updated)."""
    quando = timezone.make_aware(dt.datetime.combine(giorno, dt.time(10))) if giorno else timezone.now()
    with ambito_scope(w.ambito), mock.patch("django.utils.timezone.now", return_value=quando):
        return registra_lettura_sensibile(ambito=w.ambito, utente=utente, oggetto=w.asst,
                                          interessato=interessato, categoria="salute", contesto="scheda B2")


def test_the_responsabile_sees_who_read_whose_data(mondo, client_per):
    lettura(mondo.a, mondo.a.assistente_1, "***ABC82P46E202Z")
    lettura(mondo.b, mondo.b.assistente_1, "***ALTRO00A01F205X")
    pagina = client_per(mondo.a.responsabile).get(URL).content.decode()
    assert "***ABC82P46E202Z" in pagina and "Assistente 1 Lodi" in pagina and "scheda B2" in pagina
    assert "***ALTRO00A01F205X" not in pagina


def test_the_log_filters_by_user_and_dates(mondo, client_per):
    lettura(mondo.a, mondo.a.assistente_1, "***PRIMA", giorno=dt.date(2026, 1, 10))
    lettura(mondo.a, mondo.a.assistente_2, "***DOPO", giorno=dt.date(2026, 3, 10))
    c = client_per(mondo.a.responsabile)
    per_utente = c.get(URL, {"utente": mondo.a.assistente_2.pk}).content.decode()
    assert "***DOPO" in per_utente and "***PRIMA" not in per_utente
    per_data = c.get(URL, {"dal": "2026-01-01", "al": "31/01/2026"}).content.decode()
    assert "***PRIMA" in per_data and "***DOPO" not in per_data
    assert "10/01/2026 10:00" in per_data


def test_a_reversed_interval_is_reported_next_to_the_field(mondo, client_per):
    pagina = client_per(mondo.a.responsabile).get(URL, {"dal": "2026-03-01", "al": "2026-01-01"}).content.decode()
    assert "La data finale precede quella iniziale." in pagina


@pytest.mark.parametrize("chiave", ["operatore", "assistente_1", "sindaco", "partner"])
def test_nobody_but_the_responsabile_reads_the_log(mondo, client_per, chiave):
    assert client_per(mondo.a.utente(chiave)).get(URL).status_code == 403


def test_another_ambitos_responsabile_gets_404(mondo, client_per):
    assert client_per(mondo.b.responsabile).get(URL).status_code == 404


API = "/api/v1/a/lodi/storico/accessi/"


def test_the_api_gives_the_same_log_filtered_and_to_the_responsabile_only(mondo, client_per):
    lettura(mondo.a, mondo.a.assistente_1, "***PRIMA", giorno=dt.date(2026, 1, 10))
    lettura(mondo.a, mondo.a.assistente_2, "***DOPO", giorno=dt.date(2026, 3, 10))
    lettura(mondo.b, mondo.b.assistente_1, "***ALTRO", giorno=dt.date(2026, 1, 10))
    c = client_per(mondo.a.responsabile)
    righe = c.get(API).json()["results"]
    assert [r["interessato"] for r in righe] == ["***DOPO", "***PRIMA"]
    assert righe[1]["utente"] == mondo.a.assistente_1.email and righe[1]["contesto"] == "scheda B2"
    assert [r["interessato"] for r in c.get(API, {"utente": mondo.a.assistente_2.pk}).json()["results"]] == ["***DOPO"]
    assert [r["interessato"] for r in c.get(API, {"dal": "2026-01-01", "al": "2026-01-31"}).json()["results"]] == [
        "***PRIMA"]
    assert c.get(API, {"utente": mondo.b.assistente_1.pk}).json()["results"] == []  # another Ambito's reader
    errore = c.get(API, {"dal": "2026-03-01", "al": "2026-01-01"})
    assert errore.status_code == 400 and "al" in errore.json()["errore"]["campi"]
    assert client_per(mondo.a.operatore).get(API).status_code == 403
    assert client_per(mondo.b.responsabile).get(API).status_code == 404
