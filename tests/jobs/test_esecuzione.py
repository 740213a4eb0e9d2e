"""Running jobs in-process (CELERY_TASK_ALWAYS_EAGER): states, progress, results, failures, retries."""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from django_scopes import scopes_disabled

from ambito import exporters
from ambito.accounts.models import Membro
from ambito.atti.models import Atto, TipoAtto
from ambito.errors import RegolaViolata
from ambito.jobs import esecuzione as servizi
from ambito.jobs.esecuzione import MESSAGGIO_ERRORE_IMPREVISTO, MESSAGGIO_TROPPI_TENTATIVI, JobSuperato
from ambito.jobs.models import Job, StatoJob
from ambito.jobs.services import job_create
from ambito.jobs.tasks import esegui_job as task_esegui_job
from ambito.tenancy import ambito_scope
from tests.jobs.conftest import file_del_job, leggi_risultato, righe_xlsx
from tests.jobs.tipi_prova import MESSAGGIO_FALLIMENTO

pytestmark = pytest.mark.django_db


def crea_atti(world, n: int, **extra) -> list[Atto]:
    with ambito_scope(world.ambito):
        return _crea_atti(world, n, **extra)


def _crea_atti(world, n: int, **extra) -> list[Atto]:
    return Atto.objects.bulk_create([
        Atto(ambito=world.ambito, tipo=TipoAtto.DETERMINA_CAPOFILA, numero=str(i + 1),
             data=dt.date(2026, 1, 1) + dt.timedelta(days=i), oggetto=f"Determina {i + 1}", **extra)
        for i in range(n)
    ])


def test_an_atti_export_completes_with_an_xlsx_of_the_ambitos_atti_only(mondo, esegui_job):
    crea_atti(mondo.a, 3, pubblicato=True)
    crea_atti(mondo.b, 2)
    job = esegui_job(mondo.a, mondo.a.operatore, "ambito.esporta_atti", formato="xlsx")
    assert (job.stato, job.progresso, job.tentativi, job.errore) == (StatoJob.COMPLETATO, 100, 1, "")
    assert job.nome_risultato.startswith("atti-lodi-") and job.nome_risultato.endswith(".xlsx")
    righe = righe_xlsx(leggi_risultato(job))
    assert righe[0] == ("Tipo", "Numero", "Data", "Oggetto", "Organo", "Ente emittente", "Pubblicato",
                        "Documento allegato")
    assert [r[1] for r in righe[1:]] == ["1", "2", "3"]
    assert righe[1][2] == dt.datetime(2026, 1, 1)
    assert righe[1][3] == "Determina 1" and righe[1][6] == "Sì"
    assert righe[1][0] == "Determina dell'ente capofila"


def test_the_atti_export_applies_its_filters(mondo, esegui_job):
    crea_atti(mondo.a, 2, pubblicato=True)
    with ambito_scope(mondo.a.ambito):
        Atto.objects.create(ambito=mondo.a.ambito, tipo=TipoAtto.AVVISO, numero="9", data=dt.date(2025, 5, 5),
                            oggetto="Avviso non pubblicato")
    job = esegui_job(mondo.a, mondo.a.operatore, "ambito.esporta_atti", formato="xlsx", anno=2025)
    assert [r[3] for r in righe_xlsx(leggi_risultato(job))[1:]] == ["Avviso non pubblicato"]
    job = esegui_job(mondo.a, mondo.a.operatore, "ambito.esporta_atti", formato="xlsx", stato="pubblicati")
    assert [r[3] for r in righe_xlsx(leggi_risultato(job))[1:]] == ["Determina 1", "Determina 2"]


def test_progress_is_reported_about_every_percent_and_only_grows(mondo, esegui_job, monkeypatch):
    crea_atti(mondo.a, 250)
    visti: list[int] = []
    originale = servizi.job_progress

    def spia(*, job, actor, percentuale, messaggio=""):
        visti.append(int(percentuale))
        originale(job=job, actor=actor, percentuale=percentuale, messaggio=messaggio)

    monkeypatch.setattr(servizi, "job_progress", spia)
    monkeypatch.setattr(exporters, "INTERVALLO_PROGRESSO", 0)  # every percent, however fast the rows come
    job = esegui_job(mondo.a, mondo.a.operatore, "ambito.esporta_atti", formato="csv")
    assert job.stato == StatoJob.COMPLETATO and job.progresso == 100
    assert 90 <= len(visti) <= 130, len(visti)
    assert visti == sorted(visti)
    assert visti[0] == 0 and max(visti) == 99

    visti.clear()  # at most one report every half second: a fast export commits a handful, not a hundred
    monkeypatch.setattr(exporters, "INTERVALLO_PROGRESSO", 3600)
    job = esegui_job(mondo.a, mondo.a.operatore, "ambito.esporta_atti", formato="csv")
    assert job.stato == StatoJob.COMPLETATO and job.progresso == 100
    assert visti == [0, 99]


UNTRUSTED = ['=HYPERLINK("http://evil.example","clic")', "+39 02 1234", "-1+1", "@SUM(A1:A2)",
             "\tdopo un tab", "campanello\x07 e\x0bfine"]


def test_untrusted_text_in_xlsx_is_never_a_formula_and_illegal_characters_are_stripped(mondo, esegui_job):
    for i, testo in enumerate(UNTRUSTED):
        with ambito_scope(mondo.a.ambito):
            Atto.objects.create(ambito=mondo.a.ambito, tipo=TipoAtto.AVVISO, numero=str(i), data=dt.date(2026, 2, 1),
                                oggetto=testo)
    job = esegui_job(mondo.a, mondo.a.operatore, "ambito.esporta_atti", formato="xlsx")
    contenuto = leggi_risultato(job)
    with zipfile.ZipFile(io.BytesIO(contenuto)) as archivio:
        foglio_xml = archivio.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in foglio_xml and "<f " not in foglio_xml
    oggetti = sorted(r[3] for r in righe_xlsx(contenuto)[1:])
    attesi = sorted([*UNTRUSTED[:5], "campanello efine"])
    assert oggetti == attesi


def test_untrusted_text_in_csv_is_prefixed_so_spreadsheets_show_it_as_text(mondo, esegui_job):
    for i, testo in enumerate(UNTRUSTED[:4]):
        with ambito_scope(mondo.a.ambito):
            Atto.objects.create(ambito=mondo.a.ambito, tipo=TipoAtto.AVVISO, numero=str(i), data=dt.date(2026, 2, 1),
                                oggetto=testo)
    job = esegui_job(mondo.a, mondo.a.operatore, "ambito.esporta_atti", formato="csv")
    testo = leggi_risultato(job).decode("utf-8")
    assert testo.startswith("\ufeffTipo;Numero;Data;")
    righe = list(csv.reader(io.StringIO(testo.lstrip("\ufeff")), delimiter=";"))
    assert sorted(r[3] for r in righe[1:]) == sorted("'" + t for t in UNTRUSTED[:4])
    assert righe[1][2] == "01/02/2026"


def test_the_members_export_lists_the_ambitos_members_only(mondo, esegui_job):
    job = esegui_job(mondo.a, mondo.a.responsabile, "ambito.esporta_membri", formato="xlsx")
    righe = righe_xlsx(leggi_risultato(job))
    email = sorted(r[2] for r in righe[1:])
    assert email == sorted(f"{k}@lodi.test" for k in ("responsabile", "operatore", "assistente_1",
                                                        "assistente_2", "sindaco", "partner"))
    assistente = next(r for r in righe if r[2] == "assistente_1@lodi.test")
    assert assistente[3] == "Assistente sociale" and assistente[4] == "Lodi"


def test_the_members_export_is_offered_as_csv_too(mondo, esegui_job):
    """Issue 14, list exports: every main list exports to XLSX and CSV (members were XLSX only)."""
    job = esegui_job(mondo.a, mondo.a.responsabile, "ambito.esporta_membri", formato="csv")
    with job.risultato.open("rb") as f:
        testo = f.read().decode("utf-8-sig")
    assert testo.splitlines()[0].startswith("Cognome;Nome;E-mail;Ruolo")
    assert "assistente_1@lodi.test;Assistente sociale;Lodi" in testo


def test_a_rule_violation_fails_the_job_with_its_italian_message(mondo, esegui_job):
    job = esegui_job(mondo.a, mondo.a.operatore, "prova.fallisce")
    assert job.stato == StatoJob.FALLITO
    assert job.errore == MESSAGGIO_FALLIMENTO
    assert not job.risultato and job.terminato_il is not None


def test_an_unexpected_error_is_logged_and_the_user_sees_a_generic_message(mondo, esegui_job, caplog):
    with caplog.at_level(logging.ERROR, logger="ambito.jobs.tasks"):
        job = esegui_job(mondo.a, mondo.a.operatore, "prova.esplode")
    assert job.stato == StatoJob.FALLITO
    assert job.errore == str(MESSAGGIO_ERRORE_IMPREVISTO)
    assert "ZeroDivisionError" not in job.errore
    assert any(r.exc_info and r.exc_info[0] is ZeroDivisionError for r in caplog.records)


def test_a_transient_database_error_is_retried_as_a_fresh_attempt(mondo, esegui_job):
    job = esegui_job(mondo.a, mondo.a.operatore, "prova.db_transitorio")
    assert job.stato == StatoJob.COMPLETATO
    assert job.tentativi == 2
    assert leggi_risultato(job) == b"tentativo 2"


def test_invalid_parameters_are_refused_and_no_job_is_recorded(mondo):
    with ambito_scope(mondo.a.ambito, actor=mondo.a.operatore), pytest.raises(RegolaViolata) as exc:
        job_create(ambito=mondo.a.ambito, actor=mondo.a.operatore, tipo="ambito.esporta_atti",
                           parametri={"formato": "pdf"})
    assert exc.value.campo == "parametri.formato"
    with ambito_scope(mondo.a.ambito, actor=mondo.a.operatore), pytest.raises(RegolaViolata) as exc:
        job_create(ambito=mondo.a.ambito, actor=mondo.a.operatore, tipo="ambito.inesistente")
    assert "sconosciuto" in exc.value.messaggio
    with scopes_disabled():
        assert not Job.objects.exists()


def test_a_job_whose_requester_lost_access_fails_instead_of_running(mondo, esegui_job):
    with scopes_disabled():
        Membro.objects.filter(ambito=mondo.a.ambito, utente=mondo.a.operatore).update(revocato_il=timezone.now())
    job = esegui_job(mondo.a, mondo.a.operatore, "ambito.esporta_atti", formato="xlsx")
    assert job.stato == StatoJob.FALLITO
    assert "non ha più accesso" in job.errore
    assert not job.risultato


# --- At-least-once delivery: attempts, stale workers, orphan files ---------------------------------


def nuovo_job(world, tipo="prova.lento", parametri=None) -> Job:
    with ambito_scope(world.ambito):  # the database accepts a tenant row only inside its Ambito's scope
        return Job.objects.create(ambito=world.ambito, tipo=tipo, richiesto_da=world.operatore,
                                  parametri=parametri or {"passi": 1, "pausa_ms": 0})


def test_a_redelivered_job_restarts_and_the_stale_attempt_can_neither_report_nor_attach(mondo):
    job = nuovo_job(mondo.a)
    with ambito_scope(mondo.a.ambito):
        primo = servizi.job_claim(job_uuid=str(job.uuid), actor=None)
        secondo = servizi.job_claim(job_uuid=str(job.uuid), actor=None)  # the message came back
        assert (primo.tentativi, secondo.tentativi) == (1, 2)
        with pytest.raises(JobSuperato):
            servizi.job_progress(job=primo, actor=None, percentuale=50)
        assert servizi.job_finish(job=primo, actor=None, nome_file="vecchio.txt", contenuto=b"vecchio") is False
        assert file_del_job(job) == []
        assert servizi.job_fail(job=primo, actor=None, errore="tardi") is False
        assert servizi.job_finish(job=secondo, actor=None, nome_file="nuovo.txt", contenuto=b"nuovo") is True
        job.refresh_from_db()
    assert (job.stato, job.tentativi, job.errore) == (StatoJob.COMPLETATO, 2, "")
    assert file_del_job(job) == ["nuovo.txt"]


def test_a_file_left_by_an_attempt_killed_while_attaching_is_removed(mondo):
    job = nuovo_job(mondo.a)
    storage = Job._meta.get_field("risultato").storage
    storage.save(f"ambiti/{job.ambito_id}/jobs/{job.uuid}/orfano.txt", ContentFile(b"mezzo file"))
    with ambito_scope(mondo.a.ambito):
        corrente = servizi.job_claim(job_uuid=str(job.uuid), actor=None)
        assert servizi.job_finish(job=corrente, actor=None, nome_file="esito.txt", contenuto=b"intero")
    assert file_del_job(job) == ["esito.txt"]


def test_a_job_that_keeps_killing_its_worker_is_failed_after_the_maximum_attempts(mondo, settings):
    settings.AMBITO_JOB_MAX_TENTATIVI = 3
    job = nuovo_job(mondo.a)
    with ambito_scope(mondo.a.ambito):
        for _ in range(3):
            assert servizi.job_claim(job_uuid=str(job.uuid), actor=None) is not None
        assert servizi.job_claim(job_uuid=str(job.uuid), actor=None) is None
        job.refresh_from_db()
    assert job.stato == StatoJob.FALLITO
    assert job.errore == str(MESSAGGIO_TROPPI_TENTATIVI)


def test_a_finished_job_delivered_again_is_left_alone(mondo, esegui_job):
    job = esegui_job(mondo.a, mondo.a.operatore, "prova.lento", passi=2, pausa_ms=0)
    assert task_esegui_job.apply(args=[str(job.uuid)]).get() == "nessuna azione"
    with scopes_disabled():
        job.refresh_from_db()
    assert (job.stato, job.tentativi) == (StatoJob.COMPLETATO, 1)
    assert file_del_job(job) == ["lento.txt"]


def test_temporary_files_of_an_attempt_are_removed_when_it_ends(mondo, esegui_job, settings, tmp_path):
    settings.AMBITO_JOB_TMP_DIR = tmp_path
    job = esegui_job(mondo.a, mondo.a.operatore, "prova.lento", passi=2, pausa_ms=0)
    assert job.stato == StatoJob.COMPLETATO
    assert list((tmp_path / str(job.uuid)).iterdir()) == []


# --- Retention ---------------------------------------------------------------------------------------


def test_the_cleanup_deletes_expired_results_keeps_recent_ones_and_fails_lost_jobs(
        mondo, esegui_job, django_capture_on_commit_callbacks, settings):
    settings.AMBITO_JOB_RETENTION_DAYS = 7
    vecchio = esegui_job(mondo.a, mondo.a.operatore, "prova.lento", passi=1, pausa_ms=0)
    recente = esegui_job(mondo.b, mondo.b.operatore, "prova.lento", passi=1, pausa_ms=0)
    perso = nuovo_job(mondo.a)
    adesso = timezone.now()
    with scopes_disabled():
        Job.objects.filter(pk=vecchio.pk).update(terminato_il=adesso - dt.timedelta(days=8))
        Job.objects.filter(pk=perso.pk).update(creato_il=adesso - dt.timedelta(days=2))
    nome_vecchio = vecchio.risultato.name
    from ambito.jobs.tasks import pulisci_risultati_job

    with django_capture_on_commit_callbacks(execute=True):
        assert pulisci_risultati_job.apply().get() == 2
    storage = Job._meta.get_field("risultato").storage
    with scopes_disabled():
        vecchio.refresh_from_db()
        recente.refresh_from_db()
        perso.refresh_from_db()
    assert not vecchio.risultato and not storage.exists(nome_vecchio)
    assert vecchio.stato == StatoJob.COMPLETATO and "eliminato dopo 7 giorni" in vecchio.messaggio
    assert recente.risultato and storage.exists(recente.risultato.name)
    assert perso.stato == StatoJob.FALLITO


def test_the_cleanup_is_scheduled_with_celery_beat(settings):
    from ambito.celery import app

    voce = settings.CELERY_BEAT_SCHEDULE["ambito-pulisci-risultati-job"]
    assert voce["task"] in app.tasks
