"""Territory pages: what each role sees and may change; other Ambiti's objects are 404."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled
from PIL import Image

from ambito.errors import RegolaViolata
from ambito.tenancy.models import Ambito, RegolaVoto
from ambito.territorio.models import AppartenenzaComune, Comune, Ente, SubAmbito, TipoEnte
from ambito.territorio.services import ambito_impostazioni_update
from tests.conftest import RUOLI_CHIAVE, Mondo

pytestmark = pytest.mark.django_db

NON_STAFF = ["assistente_1", "assistente_2", "sindaco", "partner"]
NON_RESPONSABILI = ["operatore", *NON_STAFF]


def url(mondo_ambito, resto: str = "") -> str:
    return f"/a/{mondo_ambito.ambito.slug}/territorio/{resto}"


def fotografia() -> tuple:
    """What a refused write must leave untouched."""
    with scopes_disabled():
        return (
            list(AppartenenzaComune.objects.order_by("pk").values_list("pk", "valido_al", "sub_ambito_id")),
            list(Ente.objects.order_by("pk").values()),
            list(SubAmbito.objects.order_by("pk").values()),
            list(Ambito.objects.order_by("pk").values()),
        )


@pytest.mark.parametrize("chiave", RUOLI_CHIAVE)
def test_every_member_sees_the_comuni_of_the_ambito_with_province_and_population(mondo: Mondo, client_per, chiave):
    response = client_per(mondo.a.utente(chiave)).get(url(mondo.a))
    assert response.status_code == 200
    testo = response.content.decode()
    assert "San Colombano al Lambro" in testo and "Codogno" in testo
    assert "Milano (MI)" in testo or "MI (MI)" in testo
    assert "46.053" in testo  # Lodi's population, Italian format
    assert "Sesto San Giovanni" not in testo


def test_the_page_says_when_the_ambito_crosses_a_province_boundary(mondo: Mondo, client_per):
    testo = client_per(mondo.a.operatore).get(url(mondo.a)).content.decode()
    assert "comprende comuni di più province" in testo
    assert "(LO): 3 comuni" in testo and "(MI): 1 comune" in testo
    testo_b = client_per(mondo.b.operatore).get(url(mondo.b)).content.decode()
    assert "comprende comuni di più province" not in testo_b


def test_the_page_shows_the_comuni_at_the_chosen_date(mondo: Mondo, client_per):
    with scopes_disabled():
        AppartenenzaComune.objects.filter(ambito=mondo.a.ambito, comune=mondo.a.comuni[1]).update(
            valido_al=dt.date(2024, 12, 31))
    client = client_per(mondo.a.operatore)
    assert "Codogno" in client.get(url(mondo.a), {"data": "2024-12-31"}).content.decode()
    assert "Codogno" not in client.get(url(mondo.a), {"data": "2025-01-01"}).content.decode()
    assert "Codogno" not in client.get(url(mondo.a), {"data": "2019-12-31"}).content.decode()


def test_a_member_of_another_ambito_gets_404_on_the_territory(mondo: Mondo, client_per):
    assert client_per(mondo.b.responsabile).get(url(mondo.a)).status_code == 404


def test_a_comune_of_another_ambito_is_404_through_ones_own_ambito(mondo: Mondo, client_per):
    client = client_per(mondo.a.responsabile)
    assert client.get(url(mondo.a, f"comuni/{mondo.b.comuni[0].pk}/")).status_code == 404
    assert client.get(url(mondo.a, f"comuni/{mondo.b.comuni[0].pk}/modifica/")).status_code == 404
    dettaglio = client.get(url(mondo.a, f"comuni/{mondo.a.comuni[3].pk}/"))
    assert dettaglio.status_code == 200 and "H803" in dettaglio.content.decode()


def test_the_responsabile_adds_a_comune_from_a_date(mondo: Mondo, client_per):
    Comune.objects.create(codice_istat="098001", codice_catastale="A004", denominazione="Abbadia Cerreto",
                          sigla_provincia="LO", codice_regione="03", popolazione=290)
    response = client_per(mondo.a.responsabile).post(url(mondo.a, "comuni/aggiungi/"), {
        "comune": "Abbadia Cerreto (LO) — 098001", "valido_dal": "2026-01-01"})
    assert response.status_code == 302
    with scopes_disabled():
        periodo = AppartenenzaComune.objects.get(ambito=mondo.a.ambito, comune__codice_istat="098001")
    assert (periodo.valido_dal, periodo.valido_al) == (dt.date(2026, 1, 1), None)


def test_adding_a_comune_of_another_ambito_shows_the_rule_next_to_the_field_and_saves_nothing(mondo, client_per):
    prima = fotografia()
    response = client_per(mondo.a.responsabile).post(url(mondo.a, "comuni/aggiungi/"), {
        "comune": "015209", "valido_dal": "2026-01-01"})
    assert response.status_code == 400
    assert "appartiene già a un altro Ambito" in response.content.decode()
    assert 'value="015209"' in response.content.decode()  # what was typed is kept
    assert fotografia() == prima


@pytest.mark.parametrize("chiave", NON_RESPONSABILI)
def test_only_the_responsabile_changes_the_comuni_of_the_ambito(mondo: Mondo, client_per, chiave):
    client = client_per(mondo.a.utente(chiave))
    prima = fotografia()
    comune = mondo.a.comuni[0].pk
    assert client.post(url(mondo.a, "comuni/aggiungi/"), {"comune": "015209", "valido_dal": "2030-01-01"}
                       ).status_code == 403
    assert client.post(url(mondo.a, f"comuni/{comune}/modifica/"), {"valido_al": "2030-01-01"}).status_code == 403
    assert fotografia() == prima


def test_the_responsabile_closes_a_membership_and_assigns_a_sub_ambito(mondo: Mondo, client_per):
    with scopes_disabled():
        nord = SubAmbito.objects.create(ambito=mondo.a.ambito, nome="Lodigiano Nord")
    comune = mondo.a.comuni[1]
    response = client_per(mondo.a.responsabile).post(url(mondo.a, f"comuni/{comune.pk}/modifica/"), {
        "valido_al": "31/12/2026", "sub_ambito": nord.pk})
    assert response.status_code == 302
    with scopes_disabled():  # periodo.sub_ambito is read here too: outside a scope the database shows no row
        periodo = AppartenenzaComune.objects.get(ambito=mondo.a.ambito, comune=comune)
        assert (periodo.valido_al, periodo.sub_ambito) == (dt.date(2026, 12, 31), nord)


def test_sub_ambiti_are_created_renamed_and_deleted_by_the_responsabile(mondo: Mondo, client_per):
    client = client_per(mondo.a.responsabile)
    assert client.post(url(mondo.a, "sub-ambiti/"), {"nome": "Basso Lodigiano"}).status_code == 302
    with scopes_disabled():
        sub = SubAmbito.objects.get(ambito=mondo.a.ambito)
    assert client.post(url(mondo.a, "sub-ambiti/"), {"nome": "basso lodigiano"}).status_code == 400
    assert client.post(url(mondo.a, f"sub-ambiti/{sub.pk}/modifica/"), {"nome": "Sud"}).status_code == 302
    assert "Sud" in client.get(url(mondo.a, "sub-ambiti/")).content.decode()
    assert client.post(url(mondo.a, f"sub-ambiti/{sub.pk}/elimina/")).status_code == 302
    with scopes_disabled():
        assert not SubAmbito.objects.filter(ambito=mondo.a.ambito).exists()


def test_a_sub_ambito_of_another_ambito_is_404(mondo: Mondo, client_per):
    with scopes_disabled():
        sub = SubAmbito.objects.create(ambito=mondo.a.ambito, nome="Nord")
    client = client_per(mondo.b.responsabile)
    prima = fotografia()
    assert client.get(url(mondo.b, f"sub-ambiti/{sub.pk}/modifica/")).status_code == 404
    assert client.post(url(mondo.b, f"sub-ambiti/{sub.pk}/elimina/")).status_code == 404
    assert fotografia() == prima


@pytest.mark.parametrize("chiave", RUOLI_CHIAVE)
def test_every_member_sees_the_enti_of_the_ambito(mondo: Mondo, client_per, chiave):
    response = client_per(mondo.a.utente(chiave)).get(url(mondo.a, "enti/"))
    assert response.status_code == 200
    testo = response.content.decode()
    assert "ASST Lodi" in testo and "Azienda sociale Lodi" in testo
    assert "ASST Sesto" not in testo


def test_staff_register_an_ente_and_bad_codes_are_shown_next_to_the_field(mondo: Mondo, client_per):
    client = client_per(mondo.a.operatore)
    dati = {"tipo": TipoEnte.COOPERATIVA, "denominazione": "Cooperativa Il Ponte", "codice_fiscale": "90000010019",
            "pec": "ponte@pec.example.it"}
    prima = fotografia()
    sbagliato = client.post(url(mondo.a, "enti/nuovo/"), dati)
    assert sbagliato.status_code == 400
    assert "Partita IVA non valida" in sbagliato.content.decode()
    assert 'value="Cooperativa Il Ponte"' in sbagliato.content.decode()
    assert fotografia() == prima
    assert client.post(url(mondo.a, "enti/nuovo/"), {**dati, "codice_fiscale": "90000010018"}).status_code == 302
    assert Ente.objects.get(codice_fiscale="90000010018").registrato_da == mondo.a.ambito


@pytest.mark.parametrize("chiave", NON_STAFF)
def test_members_outside_the_ufficio_di_piano_cannot_register_enti(mondo: Mondo, client_per, chiave):
    prima = fotografia()
    response = client_per(mondo.a.utente(chiave)).post(url(mondo.a, "enti/nuovo/"), {
        "tipo": TipoEnte.ETS, "denominazione": "Associazione"})
    assert response.status_code == 403
    assert fotografia() == prima


def test_an_ente_registered_elsewhere_is_read_only_and_another_ambitos_ente_is_404(mondo: Mondo, client_per):
    nostra = Ente.objects.create(tipo=TipoEnte.ETS, denominazione="ETS di Lodi", registrato_da=mondo.a.ambito)
    loro = Ente.objects.create(tipo=TipoEnte.ETS, denominazione="ETS di Sesto", registrato_da=mondo.b.ambito)
    capofila = mondo.a.ambito.ente_capofila  # registered by nobody: the platform's
    client = client_per(mondo.a.operatore)
    prima = fotografia()
    assert client.post(url(mondo.a, f"enti/{capofila.pk}/modifica/"), {"tipo": "ets", "denominazione": "X"}
                       ).status_code == 403
    assert client.post(url(mondo.a, f"enti/{loro.pk}/modifica/"), {"tipo": "ets", "denominazione": "X"}
                       ).status_code == 404
    assert fotografia() == prima
    assert client.post(url(mondo.a, f"enti/{nostra.pk}/modifica/"), {
        "tipo": "ets", "denominazione": "ETS di Lodi APS", "numero_runts": "12345"}).status_code == 302
    nostra.refresh_from_db()
    assert (nostra.denominazione, nostra.numero_runts) == ("ETS di Lodi APS", "12345")
    admin = client_per(mondo.admin)
    assert admin.get(url(mondo.a, f"enti/{capofila.pk}/modifica/")).status_code == 200


def test_the_responsabile_changes_the_settings(mondo: Mondo, client_per):
    response = client_per(mondo.a.responsabile).post(url(mondo.a, "impostazioni/"), {
        "regola_voto": RegolaVoto.DOPPIA_MAGGIORANZA, "quorum_componenti_percento": "51",
        "quorum_popolazione_percento": "50", "mese_inizio_esercizio": "1", "tipi_isee_default": ["ordinario",
                                                                                               "sociosanitario"]})
    assert response.status_code == 302
    mondo.a.ambito.refresh_from_db()
    assert (mondo.a.ambito.regola_voto, mondo.a.ambito.quorum_componenti_percento,
            mondo.a.ambito.tipi_isee_default) == (RegolaVoto.DOPPIA_MAGGIORANZA, 51, ["ordinario", "sociosanitario"])
    assert mondo.a.ambito.history.first().history_user == mondo.a.responsabile


def test_bad_settings_are_refused_next_to_the_field_and_nothing_changes(mondo: Mondo, client_per):
    prima = fotografia()
    response = client_per(mondo.a.responsabile).post(url(mondo.a, "impostazioni/"), {
        "regola_voto": RegolaVoto.UNANIMITA, "quorum_componenti_percento": "150",
        "quorum_popolazione_percento": "0", "mese_inizio_esercizio": "1"})
    assert response.status_code == 400
    assert 'value="150"' in response.content.decode()
    assert fotografia() == prima


@pytest.mark.parametrize("chiave", NON_RESPONSABILI)
def test_only_the_responsabile_reaches_the_settings(mondo: Mondo, client_per, chiave):
    client = client_per(mondo.a.utente(chiave))
    prima = fotografia()
    assert client.get(url(mondo.a, "impostazioni/")).status_code == 403
    assert client.post(url(mondo.a, "impostazioni/"), {"regola_voto": "unanimita", "quorum_componenti_percento": 1,
                                                        "quorum_popolazione_percento": 0,
                                                        "mese_inizio_esercizio": 1}).status_code == 403
    assert fotografia() == prima


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "navy").save(buffer, "PNG")
    return SimpleUploadedFile("stemma.png", buffer.getvalue(), content_type="image/png")


def test_the_logo_is_uploaded_and_served_only_to_members(mondo: Mondo, client_per, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                                          "OPTIONS": {"location": str(tmp_path)}}}
    response = client_per(mondo.a.responsabile).post(url(mondo.a, "impostazioni/"), {
        "regola_voto": RegolaVoto.MAGGIORANZA_SEMPLICE, "quorum_componenti_percento": "50",
        "quorum_popolazione_percento": "0", "mese_inizio_esercizio": "1", "logo": png()})
    assert response.status_code == 302
    logo = client_per(mondo.a.sindaco).get(url(mondo.a, "logo/"))
    assert logo.status_code == 200 and b"".join(logo.streaming_content).startswith(b"\x89PNG")
    assert client_per(mondo.b.responsabile).get(url(mondo.a, "logo/")).status_code == 404


def test_a_file_that_is_not_an_image_is_refused_as_logo_by_the_form_and_by_the_service(mondo: Mondo, client_per):
    falso = SimpleUploadedFile("stemma.png", b"<svg onload=alert(1)>", content_type="image/png")
    prima = fotografia()
    response = client_per(mondo.a.responsabile).post(url(mondo.a, "impostazioni/"), {
        "regola_voto": RegolaVoto.MAGGIORANZA_SEMPLICE, "quorum_componenti_percento": "50",
        "quorum_popolazione_percento": "0", "mese_inizio_esercizio": "1", "logo": falso})
    assert response.status_code == 400
    assert fotografia() == prima
    falso.seek(0)
    with pytest.raises(RegolaViolata, match="non è un'immagine valida"):
        ambito_impostazioni_update(ambito=mondo.a.ambito, actor=mondo.a.responsabile, dati={}, logo=falso)
    assert fotografia() == prima
