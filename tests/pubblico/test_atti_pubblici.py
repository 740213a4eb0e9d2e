"""What the public sees of an act: the published fields only, in their period, with noindex."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django_scopes import scopes_disabled

from ambito.atti.models import AttoCollegamento
from ambito.atti.pubblico import AttoPubblico
from ambito.organi.models import OrganoCollegiale, TipoOrgano
from ambito.territorio.models import SubAmbito
from tests.conftest import Mondo
from tests.pubblico.helpers import atti_non_online, atto_online

pytestmark = pytest.mark.django_db


def test_the_public_shape_of_an_act_holds_only_the_published_fields():
    """A field added to Atto does not reach the public pages unless someone adds it here on purpose."""
    assert [f.name for f in dataclasses.fields(AttoPubblico)] == [
        "pk", "tipo", "numero", "data", "oggetto", "adottato_da", "pubblicato_dal", "pubblicato_al", "ha_documento"]


def test_anonymous_output_holds_no_internal_field(mondo: Mondo, client):
    with scopes_disabled():
        organo = OrganoCollegiale.objects.create(ambito=mondo.a.ambito, tipo=TipoOrgano.ASSEMBLEA,
                                                 nome="Assemblea dei Sindaci")
        atto = atto_online(mondo.a.ambito, organo=organo)
        approvato = SubAmbito.objects.create(ambito=mondo.a.ambito, nome="Sub-ambito RISERVATO-SUB")
        AttoCollegamento.objects.create(ambito=mondo.a.ambito, atto=atto, object_id=approvato.pk,
                                        content_type=ContentType.objects.get_for_model(SubAmbito),
                                        descrizione="Beneficiario RISERVATO-COLLEGAMENTO")
        nome_file = atto.allegato.name
    for percorso in ("/p/lodi/atti/", f"/p/lodi/atti/{atto.pk}/"):
        pagina = client.get(percorso).content.decode()
        assert "Graduatoria del bando voucher" in pagina and "Assemblea dei Sindaci" in pagina
        for interno in ("RISERVATO-SUB", "RISERVATO-COLLEGAMENTO", nome_file.rsplit("/", 1)[-1], "csrf",
                        mondo.a.responsabile.email, "/a/lodi/", "Esci"):
            assert interno not in pagina, f"{percorso} shows {interno!r}"


def test_the_list_shows_the_period_and_hides_the_others(mondo: Mondo, client):
    oggi = timezone.localdate()
    with scopes_disabled():
        atto_online(mondo.a.ambito, numero="5", al=oggi + dt.timedelta(days=3))
        atti_non_online(mondo.a.ambito)
        atto_online(mondo.b.ambito, numero="6", oggetto="Atto di Sesto")
    pagina = client.get("/p/lodi/atti/")
    testo = pagina.content.decode()
    assert f"al {oggi + dt.timedelta(days=3):%d/%m/%Y}" in testo
    for assente in ("Solo interno", "Periodo concluso", "Periodo non iniziato", "Atto di Sesto"):
        assert assente not in testo
    assert '<meta name="robots" content="noindex' in testo


def test_the_pdf_of_a_published_act_downloads_and_an_expired_ones_does_not(mondo: Mondo, client):
    with scopes_disabled():
        atto = atto_online(mondo.a.ambito)
        scaduto = atti_non_online(mondo.a.ambito)["scaduto"]
    risposta = client.get(f"/p/lodi/atti/{atto.pk}/documento/")
    assert risposta.status_code == 200 and b"".join(risposta.streaming_content).startswith(b"%PDF")
    assert client.get(f"/p/lodi/atti/{scaduto.pk}/documento/").status_code == 404


def test_the_public_home_lists_the_registered_sections_and_the_institutional_pages(mondo: Mondo, client):
    testo = client.get("/p/lodi/").content.decode()
    assert "/p/lodi/atti/" in testo and "Atti pubblicati" in testo
    assert "/p/lodi/privacy/" in testo and "/p/lodi/accessibilita/" in testo
    assert "noindex" not in testo


def test_the_act_page_shows_the_public_period_and_the_responsabile_withdraws_it(mondo: Mondo, client, client_per):
    with scopes_disabled():
        atto = atto_online(mondo.a.ambito)
    operatore = client_per(mondo.a.operatore).get(f"/a/lodi/atti/{atto.pk}/").content.decode()
    assert f"Pubblicato dal {atto.pubblicazione_dal:%d/%m/%Y} al {atto.pubblicazione_al:%d/%m/%Y}" in operatore
    assert "Ritira dall" not in operatore
    responsabile = client_per(mondo.a.responsabile)
    assert "Ritira dall" in responsabile.get(f"/a/lodi/atti/{atto.pk}/").content.decode()
    assert client_per(mondo.a.operatore).post(f"/a/lodi/atti/{atto.pk}/area-pubblica/ritira/").status_code == 403
    assert responsabile.post(f"/a/lodi/atti/{atto.pk}/area-pubblica/ritira/").status_code == 302
    assert client.get(f"/p/lodi/atti/{atto.pk}/").status_code == 404
    with scopes_disabled():
        atto.refresh_from_db()
        assert atto.history.first().history_user == mondo.a.responsabile
    pagina = client_per(mondo.a.operatore).get(f"/a/lodi/atti/{atto.pk}/area-pubblica/")
    assert pagina.status_code == 200 and 'name="al"' in pagina.content.decode()


def test_the_management_page_lists_both_institutional_pages(mondo: Mondo, client_per):
    pagina = client_per(mondo.a.responsabile).get("/a/lodi/area-pubblica/").content.decode()
    assert "Informativa sul trattamento dei dati personali" in pagina and "Dichiarazione di accessibilità" in pagina
    assert "/a/lodi/area-pubblica/privacy/modifica/" in pagina


def test_the_open_data_holds_the_same_public_fields_only(mondo: Mondo, client):
    with scopes_disabled():
        atto = atto_online(mondo.a.ambito)
        atti_non_online(mondo.a.ambito)
    risposta = client.get("/p/lodi/atti/dati.json")
    assert risposta["X-Robots-Tag"].startswith("noindex")
    dati = risposta.json()
    assert [a["id"] for a in dati["atti"]] == [atto.pk]
    assert set(dati["atti"][0]) == {"id", "tipo", "numero", "data", "oggetto", "adottato_da", "pubblicato_dal",
                                    "pubblicato_al", "documento"}
    assert dati["atti"][0]["documento"].endswith(f"/p/lodi/atti/{atto.pk}/documento/")
