"""The menu and dashboard registries that domain apps extend from their AppConfig.ready()."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.urls import reverse

from ambito.accounts.permissions import capacita_registrate
from ambito.ui import navigation
from tests.ui.pagine import leggi


@pytest.fixture
def registri():
    """Let a test register entries and widgets, then put the registries back as they were."""
    voci, widget = dict(navigation._VOCI), dict(navigation._WIDGET)
    yield navigation
    navigation._VOCI.clear()
    navigation._VOCI.update(voci)
    navigation._WIDGET.clear()
    navigation._WIDGET.update(widget)


class ContestoFinto:
    def __init__(self, *capacita: str) -> None:
        self.capacita = set(capacita)

    def puo(self, nome: str) -> bool:
        if nome not in capacita_registrate():
            raise KeyError(nome)
        return nome in self.capacita


def _richiesta(*capacita: str, path: str = "/a/lodi/"):
    return SimpleNamespace(ambito=SimpleNamespace(slug="lodi"), contesto=ContestoFinto(*capacita), path=path)


def test_every_registered_entry_and_widget_names_a_known_capability():
    assert navigation.controlla_capacita() == []


def test_an_entry_whose_page_does_not_exist_yet_is_skipped_silently(registri):
    registri.registra_voce("Pagina futura", "nome_che_non_esiste_ancora", "ambito.dashboard", ordine=1)
    voci = navigation.voci_per(_richiesta("ambito.dashboard"))
    assert [v.url for v in voci] == ["/a/lodi/"]


def test_an_entry_is_shown_only_with_its_capability(registri):
    registri.registra_voce("Storico", "ui:dashboard", "ambito.audit.vedi", ordine=5)
    assert navigation.voci_per(_richiesta("ambito.dashboard")) == []
    assert [v.etichetta for v in navigation.voci_per(_richiesta("ambito.audit.vedi"))] == ["Storico"]


def test_an_entry_with_an_unknown_capability_is_hidden_and_reported_by_the_check(registri):
    registri.registra_voce("Refuso", "ui:dashboard", "ambito.capacita_sbagliata", ordine=5)
    assert navigation.voci_per(_richiesta("ambito.dashboard")) == []
    assert [e.id for e in navigation.controlla_capacita()] == ["ambito.E101"]


def test_entries_are_ordered_by_their_order_number(registri):
    registri.registra_voce("Seconda", "membri:membri_list", "ambito.dashboard", ordine=50)
    registri.registra_voce("Prima", "ui:dashboard", "ambito.dashboard", ordine=40)
    nomi = [v.url_name for v in navigation.voci_registrate()]
    assert nomi.index("ui:dashboard") < nomi.index("membri:membri_list")


def test_outside_an_ambito_there_is_no_menu():
    assert navigation.voci_per(SimpleNamespace(path="/")) == []


@pytest.mark.django_db
def test_a_module_widget_appears_on_the_dashboard_of_the_roles_that_may_see_it(registri, mondo, client_per):
    registri.registra_widget("includes/dashboard/partner.html", "ambito.membri.vedi", ordine=99,
                             contesto=lambda request: {"ente": f"Widget di prova per {request.ambito.slug}"})
    assert "Widget di prova per lodi" in client_per(mondo.a.operatore).get("/a/lodi/").content.decode()
    assert "Widget di prova" not in client_per(mondo.a.sindaco).get("/a/lodi/").content.decode()


@pytest.mark.django_db
def test_a_widget_whose_data_is_none_is_not_shown(registri, mondo, client_per):
    registri.registra_widget("includes/dashboard/ufficio.html", "ambito.dashboard.ufficio", ordine=10,
                             contesto=lambda request: None)
    html = client_per(mondo.a.responsabile).get("/a/lodi/").content.decode()
    assert "Comuni dell&#x27;Ambito" not in html and "Comuni dell'Ambito" not in html


@pytest.mark.django_db
@pytest.mark.urls("tests.ui.urls")
def test_a_module_menu_entry_appears_without_touching_base_html(registri, mondo, client_per):
    registri.registra_voce("Fondi di prova", "membri:membri_list", "ambito.membri.gestisci", ordine=45)
    menu = dict(leggi(client_per(mondo.a.responsabile).get("/a/lodi/").content).menu)
    assert menu["Fondi di prova"] == reverse("membri:membri_list", kwargs={"ambito_slug": "lodi"})
    assert "Fondi di prova" not in dict(leggi(client_per(mondo.a.operatore).get("/a/lodi/").content).menu)
