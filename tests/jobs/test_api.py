"""The jobs API: /api/v1/a/<slug>/elaborazioni/ — start, poll, download; same rules as the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django_scopes import scopes_disabled

from ambito.atti.models import Atto, TipoAtto
from ambito.jobs.models import Job, StatoJob
from ambito.tenancy import ambito_scope
from tests.jobs.conftest import righe_xlsx

pytestmark = pytest.mark.django_db


def base(world) -> str:
    return f"/api/v1/a/{world.ambito.slug}/elaborazioni/"


def job_completato(world, utente) -> Job:
    with ambito_scope(world.ambito):  # the database accepts a tenant row only inside its Ambito's scope
        job = Job.objects.create(ambito=world.ambito, tipo="ambito.esporta_atti", richiesto_da=utente,
                                 parametri={"formato": "csv"}, stato=StatoJob.COMPLETATO, progresso=100, tentativi=1)
        job.risultato.save("atti.csv", ContentFile(b"Tipo;Numero\n"))
    return job


def test_the_api_starts_a_job_reports_its_status_and_serves_its_result(
        mondo, client_per, django_capture_on_commit_callbacks):
    with ambito_scope(mondo.a.ambito):
        Atto.objects.create(ambito=mondo.a.ambito, tipo=TipoAtto.CONVENZIONE, numero="3", data=dt.date(2026, 4, 1),
                            oggetto="Convenzione con l'ASST")
    client = client_per(mondo.a.operatore)
    with django_capture_on_commit_callbacks(execute=True):
        risposta = client.post(base(mondo.a), {"tipo": "ambito.esporta_atti", "parametri": {"formato": "xlsx"}},
                               content_type="application/json")
    assert risposta.status_code == 202
    assert risposta.json()["stato"] == "richiesto"  # the answer is given before the job runs
    uuid = risposta.json()["uuid"]
    stato = client.get(f"{base(mondo.a)}{uuid}/").json()
    assert (stato["stato"], stato["progresso"], stato["tentativi"]) == ("completato", 100, 1)
    assert stato["parametri"] == {"formato": "xlsx", "anno": None, "tipo": "", "testo": "", "stato": ""}
    assert stato["risultato"] == f"http://testserver{base(mondo.a)}{uuid}/risultato/"
    file = client.get(stato["risultato"])
    assert file.status_code == 200
    assert righe_xlsx(b"".join(file.streaming_content))[1][3] == "Convenzione con l'ASST"


def test_the_api_refuses_a_kind_the_role_may_not_start_and_records_nothing(mondo, client_per):
    risposta = client_per(mondo.a.sindaco).post(base(mondo.a), {"tipo": "ambito.esporta_atti"},
                                                content_type="application/json")
    assert risposta.status_code == 403
    assert risposta.json()["errore"]["codice"] == "permesso_negato"
    with scopes_disabled():
        assert not Job.objects.exists()


def test_the_api_reports_invalid_parameters_in_the_common_error_shape(mondo, client_per):
    client = client_per(mondo.a.operatore)
    risposta = client.post(base(mondo.a), {"tipo": "ambito.esporta_atti", "parametri": {"formato": "pdf"}},
                           content_type="application/json")
    assert risposta.status_code == 400
    errore = risposta.json()["errore"]
    assert "parametri.formato" in errore["campi"]
    risposta = client.post(base(mondo.a), {"tipo": "non.esiste"}, content_type="application/json")
    assert risposta.status_code == 400 and risposta.json()["errore"]["codice"] == "tipo_sconosciuto"
    with scopes_disabled():
        assert not Job.objects.exists()


@pytest.mark.parametrize("suffisso", ["", "risultato/"])
def test_another_ambitos_job_is_404_through_the_api(mondo, client_per, suffisso):
    job = job_completato(mondo.a, mondo.a.operatore)
    client = client_per(mondo.b.responsabile)
    assert client.get(f"{base(mondo.a)}{job.uuid}/{suffisso}").status_code == 404
    assert client.get(f"{base(mondo.b)}{job.uuid}/{suffisso}").status_code == 404


@pytest.mark.parametrize("suffisso", ["", "risultato/"])
def test_someone_elses_job_is_403_through_the_api_unless_staff(mondo, client_per, suffisso):
    job = job_completato(mondo.a, mondo.a.sindaco)
    assert client_per(mondo.a.partner).get(f"{base(mondo.a)}{job.uuid}/{suffisso}").status_code == 403
    assert client_per(mondo.a.responsabile).get(f"{base(mondo.a)}{job.uuid}/{suffisso}").status_code == 200


def test_the_api_list_shows_own_jobs_to_members_and_all_to_staff(mondo, client_per):
    proprio = job_completato(mondo.a, mondo.a.sindaco)
    altrui = job_completato(mondo.a, mondo.a.operatore)
    job_completato(mondo.b, mondo.b.operatore)
    elenco = client_per(mondo.a.sindaco).get(base(mondo.a)).json()
    assert [j["uuid"] for j in elenco["results"]] == [str(proprio.uuid)]
    elenco = client_per(mondo.a.responsabile).get(base(mondo.a)).json()
    assert {j["uuid"] for j in elenco["results"]} == {str(proprio.uuid), str(altrui.uuid)}


def test_the_api_list_costs_the_same_queries_whatever_the_number_of_jobs(
        mondo, client_per, django_assert_max_num_queries):
    client = client_per(mondo.a.responsabile)
    job_completato(mondo.a, mondo.a.operatore)
    with django_assert_max_num_queries(30) as pochi:
        client.get(base(mondo.a))
    for _ in range(5):
        job_completato(mondo.a, mondo.a.sindaco)
    with django_assert_max_num_queries(len(pochi.captured_queries)):
        client.get(base(mondo.a))


def test_the_openapi_schema_describes_every_jobs_operation(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    percorsi = {p: v for p, v in schema["paths"].items() if "/elaborazioni/" in p}
    operazioni = {op["operationId"]: op for v in percorsi.values() for op in v.values()}
    assert set(operazioni) == {"jobs_list", "jobs_create", "jobs_retrieve",
                               "jobs_download"}
    assert all(op.get("summary") for op in operazioni.values())
    assert "application/octet-stream" in operazioni["jobs_download"]["responses"]["200"]["content"]


@pytest.mark.django_db(transaction=True)
def test_a_job_that_ran_in_process_is_answered_with_its_real_state(mondo, client_per, settings):
    # No surrounding transaction (as in a real request): the job is enqueued as soon as it is recorded, and with
    # eager Celery (development without Redis) it has finished before the 202 is written.
    assert settings.CELERY_TASK_ALWAYS_EAGER
    risposta = client_per(mondo.a.operatore).post(base(mondo.a), {"tipo": "ambito.esporta_atti",
                                                                  "parametri": {"formato": "csv"}},
                                                  content_type="application/json")
    assert risposta.status_code == 202
    corpo = risposta.json()
    assert (corpo["stato"], corpo["progresso"], corpo["tentativi"]) == ("completato", 100, 1)
    assert corpo["risultato"] == f"http://testserver{base(mondo.a)}{corpo['uuid']}/risultato/"
