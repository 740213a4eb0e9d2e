"""Notification pages and API: one's own only, the bell's count, read marks, preferences, constant queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from ambito.notifiche.models import PreferenzaNotifica
from tests.notifiche.conftest import TIPO, notifica

pytestmark = pytest.mark.django_db

BASE = "/a/lodi/notifiche/"
API = "/api/v1/a/lodi/notifiche/"


def test_the_page_shell_has_the_bell_and_the_fragment_counts_the_unread(mondo, client_per):
    notifica(mondo.a, utenti=[mondo.a.operatore])
    notifica(mondo.a, utenti=[mondo.a.operatore])
    notifica(mondo.a, utenti=[mondo.a.responsabile])
    c = client_per(mondo.a.operatore)
    pagina = c.get("/a/lodi/").content.decode()
    assert 'hx-get="/a/lodi/notifiche/campanella/"' in pagina and 'id="campanella"' in pagina
    frammento = c.get(BASE + "campanella/").content.decode()
    assert 'data-conteggio="2"' in frammento
    assert 'aria-label="Notifiche: 2 non lette"' in frammento
    assert 'hx-trigger="load"' not in frammento  # the refreshed bell does not reload itself in a loop


def test_the_list_shows_only_the_users_own_with_a_link_to_the_object(mondo, client_per):
    mia = notifica(mondo.a, utenti=[mondo.a.operatore], titolo="Per l'operatore")[0]
    notifica(mondo.a, utenti=[mondo.a.responsabile], titolo="Per il responsabile")
    c = client_per(mondo.a.operatore)
    testo = c.get(BASE).content.decode()
    assert "Per l&#x27;operatore" in testo and "Per il responsabile" not in testo
    assert "Hai 1 notifica da leggere." in testo
    assert f'action="/a/lodi/notifiche/{mia.pk}/apri/"' in testo


def test_opening_marks_read_and_goes_to_the_object(mondo, client_per):
    n = notifica(mondo.a, utenti=[mondo.a.operatore])[0]
    c = client_per(mondo.a.operatore)
    risposta = c.post(f"{BASE}{n.pk}/apri/")
    assert risposta.status_code == 302 and risposta["Location"] == "/a/lodi/atti/"
    assert 'data-conteggio' not in c.get(BASE + "campanella/").content.decode()


def test_an_external_link_is_never_followed(mondo, client_per):
    n = notifica(mondo.a, utenti=[mondo.a.operatore], url="https://evil.example.com/")[0]
    risposta = client_per(mondo.a.operatore).post(f"{BASE}{n.pk}/apri/")
    assert risposta["Location"] == BASE


def test_mark_read_and_mark_all_read_drop_the_count(mondo, client_per):
    prima, *_ = [notifica(mondo.a, utenti=[mondo.a.operatore])[0] for _ in range(3)]
    c = client_per(mondo.a.operatore)
    risposta = c.post(f"{BASE}{prima.pk}/letta/", follow=True)
    assert "Notifica segnata come letta: Nuovo atto da firmare." in risposta.content.decode()
    assert 'data-conteggio="2"' in c.get(BASE + "campanella/").content.decode()
    risposta = c.post(BASE + "lette/", follow=True)
    assert "2 notifiche segnate come lette." in risposta.content.decode()
    assert 'data-conteggio' not in c.get(BASE + "campanella/").content.decode()


def test_another_users_notification_is_404_and_stays_unread(mondo, client_per):
    altrui = notifica(mondo.a, utenti=[mondo.a.responsabile])[0]
    c = client_per(mondo.a.operatore)
    assert c.post(f"{BASE}{altrui.pk}/letta/").status_code == 404
    assert c.post(f"{BASE}{altrui.pk}/apri/").status_code == 404
    assert c.post(f"{API}{altrui.pk}/letta/").status_code == 404
    with scopes_disabled():
        altrui.refresh_from_db()
    assert altrui.letta_il is None


def test_preferences_page_saves_the_channels_per_kind(mondo, client_per):
    c = client_per(mondo.a.sindaco)
    pagina = c.get(BASE + "preferenze/").content.decode()
    assert "Evento di prova" in pagina and f'name="{TIPO}__email"' in pagina
    risposta = c.post(BASE + "preferenze/", {f"{TIPO}__app": "on"}, follow=True)
    assert "Preferenze delle notifiche salvate" in risposta.content.decode()
    with scopes_disabled():
        p = PreferenzaNotifica.objects.get(utente=mondo.a.sindaco, tipo=TIPO)
    assert (p.in_app, p.email) == (True, False)


def test_api_lists_counts_and_marks_the_callers_own(mondo, client_per):
    mie = [notifica(mondo.a, utenti=[mondo.a.operatore])[0] for _ in range(2)]
    notifica(mondo.a, utenti=[mondo.a.responsabile])
    c = client_per(mondo.a.operatore)
    dati = c.get(API).json()
    assert dati["count"] == 2 and {r["id"] for r in dati["results"]} == {n.pk for n in mie}
    assert dati["results"][0]["titolo"] == "Nuovo atto da firmare" and dati["results"][0]["url"] == "/a/lodi/atti/"
    assert c.get(API + "non-lette/").json() == {"non_lette": 2}
    risposta = c.post(f"{API}{mie[0].pk}/letta/")
    assert risposta.status_code == 200 and risposta.json()["letta"] is True
    assert c.get(API + "?non_lette=true").json()["count"] == 1
    assert c.post(API + "lette/").json() == {"segnate": 1}
    assert c.get(API + "non-lette/").json() == {"non_lette": 0}
    assert c.get(API + "?non_lette=forse").json()["errore"]["codice"] == "validazione"


def test_another_ambito_never_sees_the_notifications(mondo, client_per):
    n = notifica(mondo.a, utenti=[mondo.a.operatore])[0]
    c = client_per(mondo.b.responsabile)
    assert c.get(BASE).status_code == 404
    assert c.post(f"/a/sesto/notifiche/{n.pk}/letta/").status_code == 404
    assert c.get("/api/v1/a/sesto/notifiche/").json()["count"] == 0


def costo(client, percorso: str) -> int:
    with CaptureQueriesContext(connection) as query:
        risposta = client.get(percorso)
    assert risposta.status_code == 200
    return len(query)


@pytest.mark.parametrize("percorso", [BASE, API, BASE + "campanella/", API + "non-lette/"])
def test_lists_cost_the_same_queries_with_n_and_3n_notifications(mondo, client_per, percorso):
    c = client_per(mondo.a.operatore)
    for _ in range(3):
        notifica(mondo.a, utenti=[mondo.a.operatore])
    con_n = costo(c, percorso)
    for _ in range(6):
        notifica(mondo.a, utenti=[mondo.a.operatore])
    assert costo(c, percorso) == con_n
