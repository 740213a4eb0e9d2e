"""The approval pages and API: who may decide, with which second factor, and what they see."""

from __future__ import annotations

import pytest
from django.test import Client
from django_scopes import scopes_disabled
from rest_framework.authtoken.models import Token

from ambito.approvazioni.models import RichiestaApprovazione, StatoRichiesta
from ambito.atti.models import Atto
from tests.approvazioni.helpers import richiesta_pubblicazione
from tests.conftest import Mondo, login

pytestmark = pytest.mark.django_db


def _stato(richiesta) -> str:
    with scopes_disabled():
        return RichiestaApprovazione.objects.get(pk=richiesta.pk).stato


def test_the_operatore_asks_for_publication_and_the_responsabile_approves_on_the_page(mondo: Mondo, client_per):
    operatore = client_per(mondo.a.operatore)
    with scopes_disabled():
        atto = Atto.objects.create(ambito=mondo.a.ambito, tipo="avviso", numero="4", data=mondo_oggi(),
                                   oggetto="Avviso voucher")
    risposta = operatore.post(f"/a/lodi/atti/{atto.pk}/area-pubblica/", {"dal": mondo_oggi().strftime("%d/%m/%Y"),
                                                                         "al": "31/12/2099"})
    assert risposta.status_code == 400 and "cinque anni" in risposta.content.decode()
    al = mondo_oggi().replace(year=mondo_oggi().year + 1).strftime("%d/%m/%Y")
    risposta = operatore.post(f"/a/lodi/atti/{atto.pk}/area-pubblica/", {"dal": mondo_oggi().strftime("%d/%m/%Y"),
                                                                         "al": al})
    assert risposta.status_code == 302
    dettaglio = risposta["Location"]
    assert "Annulla la richiesta" in operatore.get(dettaglio).content.decode()  # the preparer cannot decide

    responsabile = client_per(mondo.a.responsabile)
    elenco = responsabile.get("/a/lodi/approvazioni/").content.decode()
    assert "Pubblicazione nell&#x27;area pubblica: Avviso n. 4" in elenco
    pagina = responsabile.get(dettaglio).content.decode()
    assert "Approva ed esegui" in pagina and f"al {al}" in pagina
    assert responsabile.post(dettaglio + "approva/").status_code == 302
    assert "Avviso voucher" in Client().get("/p/lodi/atti/").content.decode()


def test_a_refusal_without_reason_stays_on_the_page_next_to_the_field(mondo: Mondo, client_per):
    richiesta = richiesta_pubblicazione(mondo.a)
    risposta = client_per(mondo.a.responsabile).post(f"/a/lodi/approvazioni/{richiesta.pk}/rifiuta/", {"motivo": ""})
    assert risposta.status_code == 400 and "Indica il motivo del rifiuto." in risposta.content.decode()
    assert _stato(richiesta) == StatoRichiesta.IN_ATTESA
    client_per(mondo.a.responsabile).post(f"/a/lodi/approvazioni/{richiesta.pk}/rifiuta/", {"motivo": "Dati personali"})
    assert _stato(richiesta) == StatoRichiesta.RIFIUTATA


def test_the_preparer_approving_on_the_page_is_refused(mondo: Mondo, client_per):
    richiesta = richiesta_pubblicazione(mondo.a, preparata_da=mondo.a.responsabile)
    c = client_per(mondo.a.responsabile)
    c.post(f"/a/lodi/approvazioni/{richiesta.pk}/approva/")
    assert _stato(richiesta) == StatoRichiesta.IN_ATTESA
    assert "serve una seconda persona" in c.get(f"/a/lodi/approvazioni/{richiesta.pk}/").content.decode()


def test_a_session_without_the_verified_second_factor_cannot_approve(mondo: Mondo, settings):
    settings.AMBITO_2FA_ENFORCED = False  # else the middleware stops the session before the page
    richiesta = richiesta_pubblicazione(mondo.a)
    c = login(Client(), mondo.a.responsabile)
    c.session.pop("otp_device_id", None)
    sessione = c.session
    sessione.pop("otp_device_id", None)
    sessione.save()
    pagina = c.get(f"/a/lodi/approvazioni/{richiesta.pk}/").content.decode()
    assert "devi aver verificato il secondo fattore" in pagina
    c.post(f"/a/lodi/approvazioni/{richiesta.pk}/approva/")
    assert _stato(richiesta) == StatoRichiesta.IN_ATTESA


def test_without_the_capability_the_page_and_the_api_answer_403(mondo: Mondo, client_per):
    richiesta = richiesta_pubblicazione(mondo.a, preparata_da=mondo.a.responsabile)
    operatore = client_per(mondo.a.operatore)
    assert operatore.post(f"/a/lodi/approvazioni/{richiesta.pk}/approva/").status_code == 403
    assert operatore.post(f"/api/v1/a/lodi/approvazioni/{richiesta.pk}/approva/").status_code == 403
    assert client_per(mondo.a.sindaco).get("/a/lodi/approvazioni/").status_code == 403
    assert _stato(richiesta) == StatoRichiesta.IN_ATTESA


def test_another_ambito_gets_404(mondo: Mondo, client_per):
    richiesta = richiesta_pubblicazione(mondo.a)
    b = client_per(mondo.b.responsabile)
    assert b.post(f"/a/lodi/approvazioni/{richiesta.pk}/approva/").status_code == 404
    assert b.post(f"/a/sesto/approvazioni/{richiesta.pk}/approva/").status_code == 404
    assert b.post(f"/api/v1/a/sesto/approvazioni/{richiesta.pk}/approva/").status_code == 404
    assert _stato(richiesta) == StatoRichiesta.IN_ATTESA


def test_the_api_approves_from_a_verified_session_but_not_with_a_token(mondo: Mondo, client_per):
    richiesta = richiesta_pubblicazione(mondo.a)
    with scopes_disabled():
        chiave = Token.objects.create(user=mondo.a.responsabile).key
    token = Client(HTTP_AUTHORIZATION=f"Token {chiave}")
    elenco = token.get("/api/v1/a/lodi/approvazioni/?stato=in_attesa").json()
    assert [r["id"] for r in elenco["results"]] == [richiesta.pk]
    rifiuto = token.post(f"/api/v1/a/lodi/approvazioni/{richiesta.pk}/approva/")
    assert rifiuto.status_code == 403 and rifiuto.json()["errore"]["codice"] == "secondo_fattore_richiesto"
    sessione = client_per(mondo.a.responsabile)
    vuoto = sessione.post(f"/api/v1/a/lodi/approvazioni/{richiesta.pk}/rifiuta/", {"motivo": ""},
                          content_type="application/json")
    assert vuoto.status_code == 400 and "motivo" in vuoto.json()["errore"]["campi"]
    approvata = sessione.post(f"/api/v1/a/lodi/approvazioni/{richiesta.pk}/approva/")
    assert approvata.status_code == 200
    assert approvata.json()["stato"] == "approvata" and approvata.json()["decisa_da"]["id"] == mondo.a.responsabile.pk


def mondo_oggi():
    from django.utils import timezone

    return timezone.localdate()


def test_the_staff_home_page_lists_the_pending_requests(mondo: Mondo, client_per):
    richiesta = richiesta_pubblicazione(mondo.a)
    home = client_per(mondo.a.responsabile).get("/a/lodi/").content.decode()
    assert "Approvazioni in attesa" in home and f"/a/lodi/approvazioni/{richiesta.pk}/" in home
    assert "Approvazioni in attesa" not in client_per(mondo.a.sindaco).get("/a/lodi/").content.decode()
    assert f"/approvazioni/{richiesta.pk}/" not in client_per(mondo.b.responsabile).get("/a/sesto/").content.decode()


def test_the_api_asks_for_publication_and_the_responsabile_withdraws_it(mondo: Mondo, client_per):
    from django.utils import timezone

    oggi = timezone.localdate()
    with scopes_disabled():
        atto = Atto.objects.create(ambito=mondo.a.ambito, tipo="avviso", numero="8", data=oggi, oggetto="Avviso API")
    operatore = client_per(mondo.a.operatore)
    senza_fine = operatore.post(f"/api/v1/a/lodi/atti/{atto.pk}/area-pubblica/", {"dal": oggi.isoformat()},
                                content_type="application/json")
    assert senza_fine.status_code == 400 and "al" in senza_fine.json()["errore"]["campi"]
    creata = operatore.post(f"/api/v1/a/lodi/atti/{atto.pk}/area-pubblica/",
                            {"dal": oggi.isoformat(), "al": oggi.replace(year=oggi.year + 1).isoformat()},
                            content_type="application/json")
    assert creata.status_code == 201 and creata.json()["stato"] == "in_attesa"
    responsabile = client_per(mondo.a.responsabile)
    assert responsabile.post(f"/api/v1/a/lodi/approvazioni/{creata.json()['id']}/approva/").status_code == 200
    dettaglio = responsabile.get(f"/api/v1/a/lodi/atti/{atto.pk}/").json()
    assert dettaglio["pubblicazione_dal"] == oggi.isoformat()
    assert operatore.post(f"/api/v1/a/lodi/atti/{atto.pk}/area-pubblica/ritira/").status_code == 403
    ritirato = responsabile.post(f"/api/v1/a/lodi/atti/{atto.pk}/area-pubblica/ritira/")
    assert ritirato.status_code == 200 and ritirato.json()["pubblicazione_dal"] is None
