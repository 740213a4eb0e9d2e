"""The history page: who changed what, when, field by field, with Italian labels and values."""

from __future__ import annotations

import pytest

from ambito.tenancy import ambito_scope
from tests.governance.helpers import crea_assemblea, crea_atto

pytestmark = pytest.mark.django_db


def storico(w, modello, pk):
    return f"/a/{w.ambito.slug}/storico/{modello}/{pk}/"


def righe(pagina: str) -> str:
    """The page's text with tags dropped and whitespace squeezed, to assert on what users read."""
    import re

    return " ".join(re.sub(r"<[^>]+>", " ", pagina).split())


def test_an_edit_through_the_page_shows_before_after_and_who_made_it(mondo, client_per):
    atto = crea_atto(mondo.a, numero="12", oggetto="Riparto FNPS 2026")
    r = client_per(mondo.a.responsabile).post(f"/a/lodi/atti/{atto.pk}/modifica/", {
        "tipo": "deliberazione_assemblea", "numero": "13", "data": "2026-02-04", "oggetto": "Riparto FNPS 2026"})
    assert r.status_code == 302
    testo = righe(client_per(mondo.a.operatore).get(storico(mondo.a, "ambito.atto", atto.pk)).content.decode())
    modifica = testo.split("Modifica · ")[1].split("Creazione")[0]
    assert modifica.startswith("Responsabile Lodi")
    assert "Numero 12 13" in modifica
    assert "Data 03/02/2026 04/02/2026" in modifica
    assert "Tipo Determina dell&#x27;ente capofila Deliberazione dell&#x27;Assemblea dei Sindaci" in modifica
    assert "Oggetto" not in modifica  # unchanged fields are not listed
    creazione = testo.split("Creazione · ")[1]
    assert creazione.startswith("Operatore Lodi")
    assert "Oggetto — Riparto FNPS 2026" in creazione


def test_related_objects_and_flags_are_shown_by_name(mondo, client_per):
    a = crea_assemblea(mondo.a)
    testo = righe(client_per(mondo.a.operatore).get(
        storico(mondo.a, "ambito.componente", a.sindaci["Codogno"].pk)).content.decode())
    assert "Comune rappresentato — Codogno (LO)" in testo
    assert "Valido dal — 10/06/2024" in testo


def test_the_history_of_another_ambitos_object_is_not_found(mondo, client_per):
    atto = crea_atto(mondo.a)
    c = client_per(mondo.b.responsabile)
    assert c.get(storico(mondo.b, "ambito.atto", atto.pk)).status_code == 404
    assert c.get(storico(mondo.a, "ambito.atto", atto.pk)).status_code == 404


@pytest.mark.parametrize("modello", ["ambito.utente", "ambito.comune", "ambito.accessodatisensibili",
                                     "ambito.historicalatto", "ambito.nonesiste", "nonsense"])
def test_only_tenant_models_have_a_history_page(mondo, client_per, modello):
    assert client_per(mondo.a.responsabile).get(storico(mondo.a, modello, mondo.a.responsabile.pk)).status_code == 404


@pytest.mark.parametrize("chiave", ["assistente_1", "sindaco", "partner"])
def test_roles_outside_the_ufficio_cannot_read_histories(mondo, client_per, chiave):
    atto = crea_atto(mondo.a, pubblicato=True)
    assert client_per(mondo.a.utente(chiave)).get(storico(mondo.a, "ambito.atto", atto.pk)).status_code == 403


def test_the_seduta_and_organo_pages_link_their_history(mondo, client_per):
    a = crea_assemblea(mondo.a)
    c = client_per(mondo.a.operatore)
    assert storico(mondo.a, "ambito.seduta", a.seduta.pk) in c.get(
        f"/a/lodi/organi/sedute/{a.seduta.pk}/").content.decode()
    assert storico(mondo.a, "ambito.organocollegiale", a.organo.pk) in c.get(
        f"/a/lodi/organi/{a.organo.pk}/").content.decode()


def test_an_attendance_change_is_in_the_history_of_the_presence(mondo, client_per):
    a = crea_assemblea(mondo.a, presenti=["Lodi"])
    client_per(mondo.a.operatore).post(f"/a/lodi/organi/sedute/{a.seduta.pk}/presenze/",
                                       {"presenti": [a.sindaci["Codogno"].pk]})
    with ambito_scope(mondo.a.ambito):
        from ambito.organi.models import Presenza

        storia = Presenza.history.filter(seduta_id=a.seduta.pk).order_by("history_date")
        assert [(h.componente_id, h.history_type) for h in storia] == [
            (a.sindaci["Lodi"].pk, "+"), (a.sindaci["Lodi"].pk, "-"), (a.sindaci["Codogno"].pk, "+")]
        assert storia.last().history_user == mondo.a.operatore
