"""The page shell as each role sees it: dashboard, main menu, Ambito switcher, user menu, messages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from ambito.accounts.models import Membro, Ruolo
from ambito.atti.models import Atto, TipoAtto
from ambito.tenancy.models import Ambito
from tests.conftest import RUOLI_CHIAVE
from tests.ui.pagine import leggi

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.ui.urls")]

TUTTE = {"Pagina iniziale", "Atti", "Organi e sedute", "Territorio ed enti", "Utenti", "Registro accessi",
         "Elaborazioni"}
# Only the roles that can start a job see "Elaborazioni" (for the others it was an empty page: issue 14,
# defect 10); only the responsabile reads the sensitive-read log.
MENU_ATTESO = {
    "responsabile": TUTTE,
    "operatore": TUTTE - {"Registro accessi"},
    "assistente_1": {"Pagina iniziale", "Atti", "Territorio ed enti"},
    "assistente_2": {"Pagina iniziale", "Atti", "Territorio ed enti"},
    "sindaco": {"Pagina iniziale", "Atti", "Organi e sedute", "Territorio ed enti"},
    "partner": {"Pagina iniziale", "Atti", "Territorio ed enti"},
}


def _dashboard(client, mondo_ambito):
    response = client.get(f"/a/{mondo_ambito.ambito.slug}/")
    assert response.status_code == 200
    return response


def _atto(ambito, oggetto, *, pubblicato, numero="1", data=dt.date(2026, 3, 2)):
    with scopes_disabled():
        return Atto.objects.create(ambito=ambito, tipo=TipoAtto.DELIBERAZIONE_ASSEMBLEA, numero=numero, data=data,
                                   oggetto=oggetto, pubblicato=pubblicato)


@pytest.mark.parametrize("chiave", RUOLI_CHIAVE)
def test_each_role_sees_exactly_the_core_menu_entries_its_capabilities_allow(mondo, client_per, chiave):
    pagina = leggi(_dashboard(client_per(mondo.a.utente(chiave)), mondo.a).content)
    etichette = {etichetta for etichetta, _ in pagina.menu}
    assert etichette & TUTTE == MENU_ATTESO[chiave]
    assert pagina.menu_attivo == ["Pagina iniziale"]
    assert all(href.startswith(f"/a/{mondo.a.ambito.slug}/") for _, href in pagina.menu)


def test_the_platform_administrator_sees_every_core_menu_entry(mondo, client_per):
    pagina = leggi(_dashboard(client_per(mondo.admin), mondo.b).content)
    assert {etichetta for etichetta, _ in pagina.menu} >= TUTTE
    assert all(href.startswith("/a/sesto/") for _, href in pagina.menu)


def test_menu_entries_lead_to_pages_the_role_may_open(mondo, client_per):
    client = client_per(mondo.a.sindaco)
    for _, href in leggi(_dashboard(client, mondo.a).content).menu:
        assert client.get(href).status_code == 200, href


def test_the_menu_marks_the_current_section(mondo, client_per):
    client = client_per(mondo.a.responsabile)
    url_utenti = reverse("membri:membri_list", kwargs={"ambito_slug": "lodi"})
    pagina = leggi(client.get(url_utenti).content)
    assert pagina.menu_attivo == ["Utenti"]


def test_the_header_names_the_ambito_and_its_ente_capofila(mondo, client_per):
    html = _dashboard(client_per(mondo.a.operatore), mondo.a).content.decode()
    assert "Ambito di Lodi" in html
    assert "Azienda sociale Lodi" in html
    assert "Ambito di Sesto" not in html
    assert "Azienda sociale Sesto" not in html


def test_pages_have_landmarks_and_a_skip_link_to_the_content(mondo, client_per):
    response = _dashboard(client_per(mondo.a.assistente_1), mondo.a)
    pagina = leggi(response.content)
    assert {"header", "main", "nav", "footer"} <= pagina.landmark
    assert "#contenuto" in pagina.link
    assert 'id="contenuto"' in response.content.decode()
    assert '<html lang="it">' in response.content.decode()


# --- Ambito switcher ----------------------------------------------------------------------------


def test_a_user_of_one_ambito_gets_no_switcher_and_never_sees_the_other_ambito(mondo, client_per):
    pagina = leggi(_dashboard(client_per(mondo.a.responsabile), mondo.a).content)
    assert pagina.ambiti_selettore == []


def test_the_switcher_lists_exactly_the_ambiti_of_the_user(mondo, client_per):
    with scopes_disabled():
        Ambito.objects.create(denominazione="Ambito di Monza", slug="monza", codice="MONZA")
        Membro.objects.create(ambito=mondo.b.ambito, utente=mondo.a.operatore, ruolo=Ruolo.PARTNER)
    client = client_per(mondo.a.operatore)
    pagina = leggi(_dashboard(client, mondo.a).content)
    assert pagina.ambiti_selettore == ["lodi", "sesto"]
    assert "/a/sesto/" in pagina.link
    assert "/a/monza/" not in pagina.link
    # Switching is navigating: the other Ambito's dashboard opens with that Ambito's menu.
    altra = leggi(client.get("/a/sesto/").content)
    assert {etichetta for etichetta, _ in altra.menu} & TUTTE == MENU_ATTESO["partner"]


def test_a_revoked_membership_disappears_from_the_switcher(mondo, client_per):
    with scopes_disabled():
        extra = Membro.objects.create(ambito=mondo.b.ambito, utente=mondo.a.operatore, ruolo=Ruolo.OPERATORE)
    client = client_per(mondo.a.operatore)
    assert leggi(_dashboard(client, mondo.a).content).ambiti_selettore == ["lodi", "sesto"]
    with scopes_disabled():
        extra.revocato_il = timezone.now()
        extra.save()
    assert leggi(_dashboard(client, mondo.a).content).ambiti_selettore == []


def test_the_platform_administrator_switches_between_every_active_ambito(mondo, client_per):
    pagina = leggi(_dashboard(client_per(mondo.admin), mondo.a).content)
    assert pagina.ambiti_selettore == ["lodi", "sesto"]


def test_the_platform_home_lets_a_user_of_several_ambiti_choose(mondo, client_per):
    with scopes_disabled():
        Membro.objects.create(ambito=mondo.b.ambito, utente=mondo.a.operatore, ruolo=Ruolo.OPERATORE)
    response = client_per(mondo.a.operatore).get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Scegli l'Ambito" in html
    assert "/a/lodi/" in leggi(html).link and "/a/sesto/" in leggi(html).link
    assert "Azienda sociale Sesto" in html


def test_the_platform_home_takes_a_user_of_one_ambito_straight_in(mondo, client_per):
    response = client_per(mondo.a.partner).get("/")
    assert response.status_code == 302
    assert response["Location"] == "/a/lodi/"


def test_the_platform_home_explains_what_to_do_to_a_user_of_no_ambito(mondo, client_per):
    response = client_per(mondo.estraneo).get("/")
    assert response.status_code == 200
    assert "non è ancora abilitato in alcun Ambito" in response.content.decode()
    assert leggi(response.content).menu == []


def test_the_platform_home_choice_does_not_query_per_ambito(mondo, client_per):
    client = client_per(mondo.admin)
    client.get("/")
    with CaptureQueriesContext(connection) as due:
        client.get("/")
    with scopes_disabled():
        for n in range(5):
            Ambito.objects.create(denominazione=f"Ambito {n}", slug=f"ambito-{n}", codice=f"A{n}",
                                  ente_capofila=mondo.a.ambito.ente_capofila)
    with CaptureQueriesContext(connection) as sette:
        response = client.get("/")
    assert response.content.decode().count("Azienda sociale Lodi") == 6
    assert len(sette) == len(due)


# --- User menu and messages ---------------------------------------------------------------------


def test_the_user_menu_offers_the_profile_and_logs_out_with_a_post_form(mondo, client_per):
    response = _dashboard(client_per(mondo.a.assistente_2), mondo.a)
    pagina = leggi(response.content)
    html = response.content.decode()
    assert reverse("two_factor:profile") in pagina.link
    assert reverse("logout") in pagina.form_post
    assert reverse("logout") not in pagina.link
    assert "Assistente sociale" in html
    assert "assistente_2@lodi.test" in html


def test_messages_are_shown_as_bootstrap_italia_alerts(mondo, client_per):
    response = client_per(mondo.a.operatore).get("/a/lodi/prova/messaggi/", follow=True)
    html = response.content.decode()
    assert 'class="alert alert-success' in html
    assert "Modifiche salvate." in html
    assert 'class="alert alert-danger' in html
    assert "Il bando è chiuso." in html


def test_inner_pages_show_the_breadcrumb_and_their_actions(mondo, client_per):
    html = client_per(mondo.a.operatore).get("/a/lodi/prova/pagina/").content.decode()
    assert 'class="breadcrumb"' in html
    assert 'aria-current="page">Pagina di prova</li>' in html
    assert 'id="azione-di-prova"' in html


def test_the_dashboard_has_no_breadcrumb_and_no_empty_actions_bar_content(mondo, client_per):
    html = _dashboard(client_per(mondo.a.operatore), mondo.a).content.decode()
    assert 'class="breadcrumb"' not in html
    assert '<div class="ambito-azioni"></div>' in html


# --- Dashboard per role --------------------------------------------------------------------------


@pytest.mark.parametrize("chiave", ["responsabile", "operatore"])
def test_staff_see_the_ufficio_di_piano_overview(mondo, client_per, chiave):
    _atto(mondo.a.ambito, "Bozza del piano", pubblicato=False)
    _atto(mondo.a.ambito, "Approvazione riparto", pubblicato=True, numero="2")
    html = _dashboard(client_per(mondo.a.utente(chiave)), mondo.a).content.decode()
    assert "Ufficio di Piano" in html
    assert "84.993" in html  # residents of the four comuni: 46.053 + 15.885 + 15.646 + 7.409
    assert "Nessuna seduta in programma." in html
    assert "I tuoi comuni" not in html


def test_an_assistente_sociale_sees_their_comuni_only(mondo, client_per):
    html = _dashboard(client_per(mondo.a.assistente_1), mondo.a).content.decode()
    assert "I tuoi comuni" in html
    assert "Lodi (LO)" in html
    assert "46.053" in html
    assert "Codogno" not in html
    html_2 = _dashboard(client_per(mondo.a.assistente_2), mondo.a).content.decode()
    assert "Codogno (LO)" in html_2
    assert "Lodi (LO)" not in html_2
    assert "Comuni dell'Ambito" not in html_2  # not the staff overview


def test_an_assistente_sociale_without_comuni_is_told_what_to_do(mondo, client_per):
    with scopes_disabled():
        Membro.objects.get(utente=mondo.a.assistente_1).comuni.clear()
    html = _dashboard(client_per(mondo.a.assistente_1), mondo.a).content.decode()
    assert "Non ti è ancora stato assegnato alcun comune" in html


def test_the_assemblea_member_sees_published_acts_of_their_ambito_only(mondo, client_per):
    _atto(mondo.a.ambito, "Approvazione del Piano di Zona 2025-2027", pubblicato=True)
    _atto(mondo.a.ambito, "Bozza riservata", pubblicato=False, numero="2")
    _atto(mondo.b.ambito, "Atto di Sesto pubblicato", pubblicato=True)
    html = _dashboard(client_per(mondo.a.sindaco), mondo.a).content.decode()
    assert "Approvazione del Piano di Zona 2025-2027" in html
    assert "del 02/03/2026" in html
    assert "Bozza riservata" not in html
    assert "Atto di Sesto pubblicato" not in html
    assert "Rappresenti: Lodi" in html


@pytest.mark.parametrize("chiave", ["sindaco", "partner"])
def test_published_acts_on_a_read_only_home_page_are_links_to_the_act(mondo, client_per, chiave):
    atto = _atto(mondo.a.ambito, "Approvazione del Piano di Zona 2025-2027", pubblicato=True)
    client = client_per(mondo.a.utente(chiave))
    url = reverse("atti:atto_detail", kwargs={"ambito_slug": "lodi", "atto_pk": atto.pk})
    assert f'href="{url}"' in _dashboard(client, mondo.a).content.decode()
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("chiave", RUOLI_CHIAVE)
def test_the_api_documentation_is_in_the_footer_of_staff_only(mondo, client_per, chiave):
    html = _dashboard(client_per(mondo.a.utente(chiave)), mondo.a).content.decode()
    assert ("Documentazione delle API" in html) == (chiave in {"responsabile", "operatore"})


def test_the_assemblea_member_without_acts_sees_an_empty_state(mondo, client_per):
    html = _dashboard(client_per(mondo.a.sindaco), mondo.a).content.decode()
    assert "Non ci sono ancora atti pubblicati." in html


def test_a_partner_sees_what_is_shared_with_their_ente(mondo, client_per):
    _atto(mondo.a.ambito, "Convenzione con l'ASST", pubblicato=True)
    _atto(mondo.a.ambito, "Determina interna", pubblicato=False, numero="2")
    html = _dashboard(client_per(mondo.a.partner), mondo.a).content.decode()
    assert "Condiviso con il tuo ente" in html
    assert "ASST Lodi" in html
    assert "Convenzione con l&#x27;ASST" in html
    assert "Determina interna" not in html
    assert "Ufficio di Piano non ha ancora condiviso" in html


def test_the_dashboard_query_count_does_not_grow_with_acts(mondo, client_per):
    client = client_per(mondo.a.sindaco)
    _atto(mondo.a.ambito, "Primo", pubblicato=True)
    with CaptureQueriesContext(connection) as uno:
        _dashboard(client, mondo.a)
    for n in range(2, 8):
        _atto(mondo.a.ambito, f"Atto {n}", pubblicato=True, numero=str(n))
    with CaptureQueriesContext(connection) as molti:
        _dashboard(client, mondo.a)
    assert len(molti) == len(uno)
