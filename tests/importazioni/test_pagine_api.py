"""The import pages and API as a person and a client use them, and who is refused."""

from __future__ import annotations

import pytest

from ambito.importazioni.models import Importazione, StatoImportazione
from ambito.tenancy import ambito_scope
from ambito.territorio.models import Comune
from tests.importazioni.helpers import csv_file

pytestmark = pytest.mark.django_db

RIGHE = [["Codice ISTAT", "Residenti", "Anno"], ["098031", "46500", "2025"], ["098019", "15.900", "2025"]]


def _pagina(w) -> str:
    return f"/a/{w.ambito.slug}/importazioni/"


def test_an_operatore_uploads_checks_the_errors_and_saves_only_the_valid_rows_after_confirming(mondo, client_per):
    client = client_per(mondo.a.operatore)
    risposta = client.post(_pagina(mondo.a) + "nuova/", {"tipo": "territorio.popolazione", "file": csv_file(RIGHE)})
    assert risposta.status_code == 302
    dettaglio = risposta["Location"]
    pagina = client.get(dettaglio).content.decode()
    assert '<option value="1" selected>Residenti</option>' in pagina  # the guessed mapping

    pagina = client.post(dettaglio + "verifica/", {"codice_istat": "0", "popolazione": "1", "anno": "2",
                                                   "fonte": ""}, follow=True).content.decode()
    assert "Verifica completata: 1 righe valide su 2, 1 con errori. Nessun dato è stato ancora salvato." in pagina
    assert "<td class=\"text-end\">3</td><td>Popolazione (Residenti)</td><td><code>15.900</code></td>" in pagina

    rifiutata = client.post(dettaglio + "salva/", {"modalita": "solo_valide"})
    assert rifiutata.status_code == 400
    assert "occorre confermarlo esplicitamente" in rifiutata.content.decode()
    assert Comune.objects.get(codice_istat="098031").popolazione == 46053

    fatta = client.post(dettaglio + "salva/", {"modalita": "solo_valide", "conferma": "on"}, follow=True)
    assert "Importazione salvata: 1 righe di «popolazione.csv»." in fatta.content.decode()
    assert Comune.objects.get(codice_istat="098031").popolazione == 46500
    assert Comune.objects.get(codice_istat="098019").popolazione == 15885


def test_saving_everything_from_the_page_with_a_bad_row_is_refused_with_the_reason(mondo, client_per):
    client = client_per(mondo.a.operatore)
    dettaglio = client.post(_pagina(mondo.a) + "nuova/", {"tipo": "territorio.popolazione",
                                                          "file": csv_file(RIGHE)})["Location"]
    client.post(dettaglio + "verifica/", {"codice_istat": "0", "popolazione": "1", "anno": "2", "fonte": ""})
    risposta = client.post(dettaglio + "salva/", {"modalita": "tutte"})
    assert risposta.status_code == 400
    assert "Una riga ha errori: nessun dato salvato." in risposta.content.decode()
    assert Comune.objects.get(codice_istat="098031").popolazione == 46053


def test_a_file_that_is_not_a_table_is_refused_next_to_the_file_field(mondo, client_per):
    from django.core.files.uploadedfile import SimpleUploadedFile

    risposta = client_per(mondo.a.operatore).post(_pagina(mondo.a) + "nuova/", {
        "tipo": "territorio.popolazione", "file": SimpleUploadedFile("dati.csv", b"%PDF-1.4\n\x00\x01")})
    assert risposta.status_code == 400
    assert 'id="id_file_error">Il file non è un CSV né un foglio Excel' in risposta.content.decode()


def test_the_api_uploads_verifies_and_saves_all_or_nothing(mondo, client_per):
    client = client_per(mondo.a.operatore)
    base = f"/api/v1/a/{mondo.a.ambito.slug}/importazioni/"
    creata = client.post(base, {"tipo": "territorio.popolazione", "file": csv_file(RIGHE)})
    assert creata.status_code == 201, creata.content
    pk = creata.json()["id"]
    assert creata.json()["mappatura"] == {"codice_istat": 0, "popolazione": 1, "anno": 2, "fonte": None}

    verificata = client.post(f"{base}{pk}/verifica/", {}, content_type="application/json")
    assert verificata.status_code == 200
    assert verificata.json()["esito"]["errori"] == [{"riga": 3, "colonna": "Popolazione (Residenti)",
                                                     "valore": "15.900", "messaggio":
                                                     "serve un numero intero scritto con sole cifre (es. 46053)"}]

    rifiutata = client.post(f"{base}{pk}/salva/", {}, content_type="application/json")
    assert rifiutata.status_code == 400
    assert rifiutata.json()["errore"]["codice"] == "righe_non_valide"
    salvata = client.post(f"{base}{pk}/salva/", {"solo_valide": True, "conferma": True},
                          content_type="application/json")
    assert salvata.status_code == 200
    assert (salvata.json()["stato"], salvata.json()["righe_salvate"]) == ("completata", 1)


def test_the_api_answers_202_with_the_job_when_a_large_file_is_saved(mondo, client_per, settings,
                                                                    django_capture_on_commit_callbacks):
    settings.AMBITO_IMPORT_RIGHE_JOB = 1
    client = client_per(mondo.a.operatore)
    base = f"/api/v1/a/{mondo.a.ambito.slug}/importazioni/"
    righe = [["codice_istat", "popolazione", "anno"], ["098031", "46600", "2025"], ["098019", "15910", "2025"]]
    pk = client.post(base, {"tipo": "territorio.popolazione", "file": csv_file(righe)}).json()["id"]
    client.post(f"{base}{pk}/verifica/", {}, content_type="application/json")
    with django_capture_on_commit_callbacks(execute=True):
        risposta = client.post(f"{base}{pk}/salva/", {}, content_type="application/json")
    assert risposta.status_code == 202
    job = client.get(f"/api/v1/a/{mondo.a.ambito.slug}/elaborazioni/{risposta.json()['job']}/").json()
    assert (job["tipo"], job["stato"]) == ("ambito.importazione", "completato")
    assert client.get(f"{base}{pk}/").json()["righe_salvate"] == 2
    assert Comune.objects.get(codice_istat="098019").popolazione == 15910


def _importazione_di(w, client_per) -> int:
    client = client_per(w.operatore)
    return int(client.post(_pagina(w) + "nuova/", {"tipo": "territorio.popolazione",
                                                   "file": csv_file(RIGHE)})["Location"].rstrip("/").split("/")[-1])


def test_another_ambitos_import_is_not_found_and_roles_without_the_capability_are_refused(mondo, client_per):
    pk = _importazione_di(mondo.a, client_per)
    # Sesto's operatore, through Sesto's own URL, asking for Lodi's import: it does not exist there.
    altro = client_per(mondo.b.operatore)
    assert altro.get(f"/a/{mondo.b.ambito.slug}/importazioni/{pk}/").status_code == 404
    assert altro.post(f"/a/{mondo.b.ambito.slug}/importazioni/{pk}/salva/", {"modalita": "tutte"}).status_code == 404
    assert altro.get(f"/api/v1/a/{mondo.b.ambito.slug}/importazioni/{pk}/").status_code == 404
    # Through Lodi's URL: not a member.
    assert altro.get(f"/a/{mondo.a.ambito.slug}/importazioni/{pk}/").status_code == 404
    for utente in (mondo.a.sindaco, mondo.a.assistente_1, mondo.a.partner):
        client = client_per(utente)
        assert client.get(f"/a/{mondo.a.ambito.slug}/importazioni/{pk}/").status_code == 403
        assert client.post(f"/a/{mondo.a.ambito.slug}/importazioni/{pk}/verifica/", {}).status_code == 403
        assert client.post(_pagina(mondo.a) + "nuova/", {"tipo": "territorio.popolazione",
                                                         "file": csv_file(RIGHE)}).status_code == 403
    with ambito_scope(mondo.a.ambito):
        assert Importazione.objects.count() == 1
        assert Importazione.objects.get().stato == StatoImportazione.CARICATA
