"""The pages of /a/<slug>/elaborazioni/: start a job, follow it, download its result — with permissions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from django_scopes import scopes_disabled

from ambito.atti.models import Atto, TipoAtto
from ambito.jobs.models import Job, StatoJob
from ambito.tenancy import ambito_scope
from tests.jobs.conftest import righe_xlsx

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def url(nome: str, world, job: Job | None = None) -> str:
    kwargs = {"ambito_slug": world.ambito.slug}
    if job is not None:
        kwargs["job_uuid"] = job.uuid
    return reverse(nome, kwargs=kwargs)


def job_completato(world, utente, contenuto: bytes = b"dati") -> Job:
    with ambito_scope(world.ambito):  # the database accepts a tenant row only inside its Ambito's scope
        job = Job.objects.create(ambito=world.ambito, tipo="ambito.esporta_atti", richiesto_da=utente,
                                 parametri={"formato": "csv"}, stato=StatoJob.COMPLETATO, progresso=100, tentativi=1)
        job.risultato.save("atti.csv", ContentFile(contenuto))
    return job


def test_staff_start_an_export_and_download_it_from_its_page(mondo, client_per, django_capture_on_commit_callbacks):
    with ambito_scope(mondo.a.ambito):
        Atto.objects.create(ambito=mondo.a.ambito, tipo=TipoAtto.AVVISO, numero="7", data=dt.date(2026, 3, 2),
                            oggetto="Avviso per i voucher")
    client = client_per(mondo.a.operatore)
    with django_capture_on_commit_callbacks(execute=True):
        risposta = client.post(url("jobs:job_create", mondo.a), {"tipo_job": "ambito.esporta_atti", "formato": "xlsx"})
    with scopes_disabled():
        job = Job.objects.get()
    assert risposta.status_code == 302
    assert risposta["Location"] == url("jobs:job_detail", mondo.a, job)
    pagina = client.get(risposta["Location"])
    assert pagina.status_code == 200
    assert "Elaborazione completata" in pagina.content.decode()
    assert url("jobs:job_download", mondo.a, job) in pagina.content.decode()
    file = client.get(url("jobs:job_download", mondo.a, job))
    assert file.status_code == 200
    assert file["Content-Type"] == XLSX
    assert file["Content-Disposition"].startswith("attachment;")
    assert file["Cache-Control"] == "private, no-store"
    assert righe_xlsx(b"".join(file.streaming_content))[1][3] == "Avviso per i voucher"


def test_the_progress_fragment_polls_while_the_job_runs_and_stops_when_it_ends(mondo, client_per):
    with ambito_scope(mondo.a.ambito):
        job = Job.objects.create(ambito=mondo.a.ambito, tipo="ambito.esporta_atti", richiesto_da=mondo.a.operatore,
                                 stato=StatoJob.IN_CORSO, progresso=42, messaggio="Righe esportate: 42 di 100")
    client = client_per(mondo.a.operatore)
    html = client.get(url("jobs:job_progress", mondo.a, job), HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 2s"' in html
    assert 'data-progresso="42"' in html and 'aria-valuenow="42"' in html
    assert "Righe esportate: 42 di 100" in html
    assert "style=" not in html
    with scopes_disabled():
        Job.objects.filter(pk=job.pk).update(stato=StatoJob.FALLITO, errore="Mancano i dati del 2025.")
    html = client.get(url("jobs:job_progress", mondo.a, job), HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in html
    assert "Mancano i dati del 2025." in html


def test_the_detail_page_embeds_the_polling_fragment(mondo, client_per):
    with ambito_scope(mondo.a.ambito):
        job = Job.objects.create(ambito=mondo.a.ambito, tipo="ambito.esporta_atti", richiesto_da=mondo.a.operatore,
                                 parametri={"formato": "csv", "anno": 2025, "tipo": "avviso"})
    html = client_per(mondo.a.operatore).get(url("jobs:job_detail", mondo.a, job)).content.decode()
    assert f'hx-get="{url("jobs:job_progress", mondo.a, job)}"' in html
    assert "Esportazione degli atti" in html
    assert "CSV (separatore punto e virgola)" in html and "Avviso" in html  # parameters shown by their labels


def test_members_see_their_own_jobs_and_staff_see_everyones(mondo, client_per):
    proprio = job_completato(mondo.a, mondo.a.sindaco)
    altrui = job_completato(mondo.a, mondo.a.operatore)
    html = client_per(mondo.a.sindaco).get(url("jobs:job_list", mondo.a)).content.decode()
    assert str(proprio.uuid) in html and str(altrui.uuid) not in html
    html = client_per(mondo.a.responsabile).get(url("jobs:job_list", mondo.a)).content.decode()
    assert str(proprio.uuid) in html and str(altrui.uuid) in html


def test_the_choice_of_kinds_lists_only_what_the_role_may_start(mondo, client_per):
    html = client_per(mondo.a.operatore).get(url("jobs:job_create", mondo.a)).content.decode()
    assert "Esportazione degli atti" in html and "Esportazione degli utenti" in html
    html = client_per(mondo.a.sindaco).get(url("jobs:job_create", mondo.a)).content.decode()
    assert "Esportazione degli atti" not in html
    assert "non prevede elaborazioni" in html


def test_the_parameters_form_has_labelled_fields(mondo, client_per):
    client = client_per(mondo.a.operatore)
    html = client.get(url("jobs:job_create", mondo.a) + "?tipo_job=ambito.esporta_atti").content.decode()
    assert '<label for="id_formato">Formato del file' in html
    assert '<label for="id_anno"' in html
    assert 'name="tipo_job" value="ambito.esporta_atti"' in html


@pytest.mark.parametrize("chiave", ["sindaco", "partner", "assistente_1"])
def test_a_role_without_the_kinds_capability_gets_403_and_nothing_is_started(mondo, client_per, chiave):
    client = client_per(mondo.a.utente(chiave))
    assert client.get(url("jobs:job_create", mondo.a) + "?tipo_job=ambito.esporta_atti").status_code == 403
    risposta = client.post(url("jobs:job_create", mondo.a), {"tipo_job": "ambito.esporta_atti", "formato": "xlsx"})
    assert risposta.status_code == 403
    with scopes_disabled():
        assert not Job.objects.exists()


def test_invalid_parameters_are_shown_next_to_the_field_and_nothing_is_started(mondo, client_per):
    risposta = client_per(mondo.a.operatore).post(url("jobs:job_create", mondo.a),
                                                  {"tipo_job": "ambito.esporta_atti", "formato": "xlsx", "anno": "12"})
    assert risposta.status_code == 400
    html = risposta.content.decode()
    assert 'id="id_anno_error"' in html
    assert "1990" in html  # "Assicurati che questo valore sia maggiore o uguale a 1990."
    with scopes_disabled():
        assert not Job.objects.exists()


def test_an_unknown_kind_is_404(mondo, client_per):
    indirizzo = url("jobs:job_create", mondo.a) + "?tipo_job=nulla.di.nulla"
    assert client_per(mondo.a.operatore).get(indirizzo).status_code == 404


@pytest.mark.parametrize("nome", ["jobs:job_detail", "jobs:job_progress", "jobs:job_download"])
def test_another_ambitos_job_is_404_by_either_ambitos_address(mondo, client_per, nome):
    job = job_completato(mondo.a, mondo.a.operatore)
    per_b = client_per(mondo.b.responsabile)
    assert per_b.get(url(nome, mondo.a, job)).status_code == 404
    assert per_b.get(reverse(nome, kwargs={"ambito_slug": mondo.b.ambito.slug, "job_uuid": job.uuid})).status_code \
        == 404
    admin = client_per(mondo.admin)
    assert admin.get(reverse(nome, kwargs={"ambito_slug": mondo.b.ambito.slug, "job_uuid": job.uuid})).status_code \
        == 404


@pytest.mark.parametrize("nome", ["jobs:job_detail", "jobs:job_progress", "jobs:job_download"])
def test_a_member_cannot_open_someone_elses_job_but_staff_can(mondo, client_per, nome):
    del_sindaco = job_completato(mondo.a, mondo.a.sindaco)
    assert client_per(mondo.a.assistente_1).get(url(nome, mondo.a, del_sindaco)).status_code == 403
    assert client_per(mondo.a.partner).get(url(nome, mondo.a, del_sindaco)).status_code == 403
    assert client_per(mondo.a.sindaco).get(url(nome, mondo.a, del_sindaco)).status_code == 200
    assert client_per(mondo.a.operatore).get(url(nome, mondo.a, del_sindaco)).status_code == 200


def test_the_download_is_the_stored_file_and_a_job_without_one_is_404(mondo, client_per):
    job = job_completato(mondo.a, mondo.a.operatore, b"Tipo;Numero\n")
    client = client_per(mondo.a.operatore)
    risposta = client.get(url("jobs:job_download", mondo.a, job))
    assert b"".join(risposta.streaming_content) == b"Tipo;Numero\n"
    assert risposta["Content-Type"] == "text/csv; charset=utf-8"
    with scopes_disabled():
        Job.objects.filter(pk=job.pk).update(risultato="")
    assert client.get(url("jobs:job_download", mondo.a, job)).status_code == 404


def test_results_are_not_reachable_at_any_public_address(mondo, client_per):
    job = job_completato(mondo.a, mondo.a.operatore)
    client = client_per(mondo.a.operatore)
    assert client.get(settings.MEDIA_URL + job.risultato.name).status_code == 404
    assert client.get("/static/" + job.risultato.name).status_code == 404
    assert not str(settings.PRIVATE_MEDIA_ROOT).startswith(str(settings.STATIC_ROOT))


def test_a_download_request_changes_nothing(mondo, client_per):
    job = job_completato(mondo.a, mondo.a.operatore)
    for metodo in ("post", "put", "delete"):
        assert getattr(client_per(mondo.a.operatore), metodo)(url("jobs:job_download", mondo.a, job)).status_code == 405
    with scopes_disabled():
        job.refresh_from_db()
    assert job.risultato and job.stato == StatoJob.COMPLETATO


def test_the_job_list_costs_the_same_queries_whatever_the_number_of_jobs(
        mondo, client_per, django_assert_max_num_queries):
    client = client_per(mondo.a.responsabile)
    job_completato(mondo.a, mondo.a.operatore)
    with django_assert_max_num_queries(60) as pochi:
        assert client.get(url("jobs:job_list", mondo.a)).status_code == 200
    for _ in range(5):
        job_completato(mondo.a, mondo.a.sindaco)
    with django_assert_max_num_queries(len(pochi.captured_queries)):
        client.get(url("jobs:job_list", mondo.a))


def test_kinds_started_from_their_own_page_are_not_offered_among_new_jobs(mondo, client_per):
    pagina = client_per(mondo.a.operatore).get(f"/a/{mondo.a.ambito.slug}/elaborazioni/nuova/").content.decode()
    assert "Esportazione degli atti" in pagina
    assert "Salvataggio di un&#x27;importazione" not in pagina and "Salvataggio di un'importazione" not in pagina
