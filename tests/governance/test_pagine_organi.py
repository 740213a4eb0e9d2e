"""The collegial bodies' pages: a whole Assemblea session driven through the pages, htmx votes,
the outcome and its computation on the page."""

from __future__ import annotations

import pytest

from ambito.atti.models import Atto
from ambito.organi.models import Componente, OrganoCollegiale, Presenza, PuntoOdG, Seduta, Voto
from ambito.tenancy import ambito_scope
from ambito.tenancy.models import RegolaVoto
from tests.governance.helpers import crea_assemblea, vota

pytestmark = pytest.mark.django_db


def base(w):
    return f"/a/{w.ambito.slug}/organi/"


def conta(w, modello):
    with ambito_scope(w.ambito):
        return modello.objects.count()


def test_a_session_from_convocation_to_deliberazione_through_the_pages(mondo, client_per):
    w = mondo.a
    w.ambito.regola_voto = RegolaVoto.DOPPIA_MAGGIORANZA
    w.ambito.save()
    c = client_per(w.operatore)
    r = c.post(base(w) + "nuovo/", {"tipo": "assemblea", "nome": "Assemblea dei Sindaci", "tipo_atto": ""})
    with ambito_scope(w.ambito):
        organo = OrganoCollegiale.objects.get()
    assert r.status_code == 302 and organo.tipo_atto == "deliberazione_assemblea"
    for comune in w.comuni:
        r = c.post(base(w) + f"{organo.pk}/componenti/nuovo/", {
            "nominativo": f"Sindaco di {comune.denominazione}", "qualifica": "Sindaco", "comune": comune.pk,
            "valido_dal": "01/06/2024"})
        assert r.status_code == 302, r.content.decode()
    r = c.post(base(w) + f"{organo.pk}/sedute/nuova/", {"data": "2026-03-16T18:00", "luogo": "Lodi"})
    with ambito_scope(w.ambito):
        seduta = Seduta.objects.get()
        sindaci = {s.comune.denominazione: s for s in Componente.objects.select_related("comune")}
    assert r["Location"] == base(w) + f"sedute/{seduta.pk}/"
    c.post(base(w) + f"sedute/{seduta.pk}/presenze/", {"presenti": [s.pk for s in sindaci.values()]})
    c.post(base(w) + f"sedute/{seduta.pk}/punti/", {"oggetto": "Approvazione del Piano di Zona 2025-2027",
                                                    "richiede_votazione": "on"})
    with ambito_scope(w.ambito):
        punto = PuntoOdG.objects.get()
    voti = {"Lodi": "favorevole", "Codogno": "favorevole", "Casalpusterlengo": "contrario",
            "San Colombano al Lambro": "astenuto"}
    r = c.post(base(w) + f"punti/{punto.pk}/voti/",
               {f"punto{punto.pk}-voto_{sindaci[n].pk}": v for n, v in voti.items()})
    assert r.status_code == 302
    r = c.post(base(w) + f"punti/{punto.pk}/chiudi/", follow=True)
    pagina = r.content.decode()
    assert "Votazione chiusa: approvato" in pagina
    assert "Approvato (doppia maggioranza)" in pagina
    assert "61.938" in pagina  # Lodi + Codogno in favour
    with ambito_scope(w.ambito):
        atto = Atto.objects.get()
    assert f"/a/lodi/atti/{atto.pk}/" in pagina
    dettaglio = c.get(f"/a/lodi/atti/{atto.pk}/").content.decode()
    assert "Deliberazione dell&#x27;Assemblea dei Sindaci n. 1" in dettaglio
    assert f"/a/lodi/organi/sedute/{seduta.pk}/" in dettaglio


def test_an_htmx_vote_returns_only_the_items_box(mondo, client_per):
    a = crea_assemblea(mondo.a)
    r = client_per(mondo.a.operatore).post(
        base(mondo.a) + f"punti/{a.punto.pk}/voti/", {f"punto{a.punto.pk}-voto_{a.sindaci['Lodi'].pk}": "contrario"},
        HTTP_HX_REQUEST="true")
    pagina = r.content.decode()
    assert r.status_code == 200
    assert pagina.lstrip().startswith("<article") and f'id="punto-{a.punto.pk}"' in pagina
    assert "Voti registrati sul punto 1" in pagina
    assert "<html" not in pagina
    with ambito_scope(mondo.a.ambito):
        assert Voto.objects.get().valore == "contrario"


def test_a_refused_htmx_vote_shows_the_reason_in_the_box_and_records_nothing(mondo, client_per):
    a = crea_assemblea(mondo.a, presenti=["Lodi"])
    with ambito_scope(mondo.a.ambito, actor=mondo.a.responsabile):
        from ambito.organi.services import componente_create

        delegato = componente_create(organo=a.organo, actor=None, nominativo="Assessore di Lodi",
                                     delegato_di=a.sindaci["Lodi"], valido_dal=a.sindaci["Lodi"].valido_dal)
        from ambito.organi.services import seduta_presenze_set

        seduta_presenze_set(seduta=a.seduta, actor=None, presenti=[a.sindaci["Lodi"], delegato])
    r = client_per(mondo.a.operatore).post(
        base(mondo.a) + f"punti/{a.punto.pk}/voti/",
        {f"punto{a.punto.pk}-voto_{a.sindaci['Lodi'].pk}": "favorevole",
         f"punto{a.punto.pk}-voto_{delegato.pk}": "contrario"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 200
    assert "ha già votato" in r.content.decode()
    assert conta(mondo.a, Voto) == 0  # all or nothing


def test_the_mayor_reads_the_session_but_sees_no_forms(mondo, client_per):
    a = crea_assemblea(mondo.a)
    vota(mondo.a, a, Lodi="favorevole")
    pagina = client_per(mondo.a.sindaco).get(base(mondo.a) + f"sedute/{a.seduta.pk}/").content.decode()
    assert "Approvazione del Piano di Zona 2025-2027" in pagina
    assert "1 voto registrato" in pagina
    assert "<form" not in pagina.split('id="contenuto"')[1]


def test_the_mayor_cannot_record_attendance(mondo, client_per):
    a = crea_assemblea(mondo.a, presenti=["Lodi"])
    r = client_per(mondo.a.sindaco).post(base(mondo.a) + f"sedute/{a.seduta.pk}/presenze/",
                                         {"presenti": [s.pk for s in a.sindaci.values()]})
    assert r.status_code == 403
    assert conta(mondo.a, Presenza) == 1


def test_an_invalid_agenda_item_keeps_the_session_page_and_shows_the_error(mondo, client_per):
    a = crea_assemblea(mondo.a)
    r = client_per(mondo.a.operatore).post(base(mondo.a) + f"sedute/{a.seduta.pk}/punti/", {"oggetto": ""})
    assert r.status_code == 400
    assert "Campo obbligatorio." in r.content.decode()
    assert conta(mondo.a, PuntoOdG) == 1


def test_the_organo_page_lists_members_with_their_terms_and_the_voting_rule(mondo, client_per):
    mondo.a.ambito.regola_voto = RegolaVoto.PONDERATO_POPOLAZIONE
    mondo.a.ambito.quorum_popolazione_percento = 50
    mondo.a.ambito.save()
    a = crea_assemblea(mondo.a)
    pagina = client_per(mondo.a.sindaco).get(base(mondo.a) + f"{a.organo.pk}/").content.decode()
    assert "Sindaco di San Colombano al Lambro" in pagina
    assert "dal 10/06/2024" in pagina
    assert "maggioranza ponderata per popolazione" in pagina and "50% della popolazione" in pagina


@pytest.mark.parametrize("chiave", ["assistente_1", "partner"])
def test_roles_without_the_capability_cannot_see_the_bodies(mondo, client_per, chiave):
    a = crea_assemblea(mondo.a)
    c = client_per(mondo.a.utente(chiave))
    assert c.get(base(mondo.a)).status_code == 403
    assert c.get(base(mondo.a) + f"sedute/{a.seduta.pk}/").status_code == 403
