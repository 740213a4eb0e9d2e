"""A whole plan, through its pages, as the Ufficio di Piano works it: create, approve by act, Accordo signed,
add a project and its indicator, enter monitoring, close the period, download the plan's PDF."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from ambito.atti.models import AttoCollegamento, TipoAtto
from ambito.jobs.models import Job, StatoJob
from ambito.tenancy import ambito_scope
from piani.models import PianoDiZona, StatoPiano, ValoreIndicatore
from tests.piani import helpers as h

pytestmark = pytest.mark.django_db


def url(w, *parti) -> str:
    return "/".join([f"/a/{w.ambito.slug}/piani", *map(str, parti)]) + "/"


def test_a_whole_plan_round_trip_ends_in_a_pdf_with_projects_and_values(mondo, client_per,
                                                                        django_capture_on_commit_callbacks):
    w = mondo.a
    responsabile = client_per(w.responsabile)
    risposta = responsabile.post(url(w, "nuovo"), {"triennio": "2025", "titolo": "Piano di Zona di Lodi"},
                                 follow=True)
    assert "Piano di Zona registrato: Piano di Zona di Lodi (2025–2027)." in risposta.content.decode()
    with ambito_scope(w.ambito):
        piano = PianoDiZona.objects.get(ambito=w.ambito, triennio=2025)
        from piani.selectors import macroarea_list
        aree = {a.codice: a.pk for a in macroarea_list(ambito=w.ambito, triennio=2025)}
        delibera = h.atto(w.ambito, TipoAtto.DELIBERAZIONE_ASSEMBLEA)
        accordo = h.atto(w.ambito, TipoAtto.ACCORDO_PROGRAMMA, oggetto="Accordo di Programma 2025–2027")
    assert sorted(aree) == list("ABCDEFGHIJ")

    for stato, atto in (("in_consultazione", ""), ("approvato_assemblea", delibera.pk)):
        r = responsabile.post(url(w, piano.pk, "stato"), {"stato": stato, "atto": atto})
        assert r.status_code == 302, r.content.decode()
    assert responsabile.post(url(w, piano.pk, "accordo"), {"atto": accordo.pk, "valido_al": "31/12/2027"}
                             ).status_code == 302
    assert responsabile.post(url(w, piano.pk, "sottoscrittori", "comuni")).status_code == 302
    # Not everybody has signed: the Accordo cannot be declared signed, and the page says who is missing.
    rifiuto = responsabile.post(url(w, piano.pk, "stato"), {"stato": "adp_sottoscritto"})
    assert rifiuto.status_code == 400 and "Mancano le firme di" in rifiuto.content.decode()
    with ambito_scope(w.ambito):
        firme = list(piano.sottoscrittori.values_list("pk", flat=True))
    for pk in firme:
        assert responsabile.post(url(w, "sottoscrittori", pk, "firma"), {"data_firma": "15/04/2025"}
                                 ).status_code == 302
    for stato in ("adp_sottoscritto", "vigente"):
        assert responsabile.post(url(w, piano.pk, "stato"), {"stato": stato}).status_code == 302

    r = responsabile.post(url(w, piano.pk, "progetti", "nuovo"), {
        "titolo": "Emporio solidale di Lodi", "macro_aree": [aree["A"], aree["I"]],
        "contesto": "Famiglie in povertà alimentare in crescita."}, follow=True)
    assert "Progetto registrato: Emporio solidale di Lodi." in r.content.decode()
    progetto_pk = r.redirect_chain[-1][0].rstrip("/").split("/")[-1]
    r = responsabile.post(url(w, "progetti", progetto_pk, "indicatori", "nuovo"), {
        "nome": "Famiglie servite dall'emporio", "tipo": "output", "unita": "famiglie", "fonte": "manuale",
        "periodicita": "annuale", "crescente": "on", "target_2025": "120"}, follow=True)
    assert "Indicatore registrato: Famiglie servite dall&#x27;emporio." in r.content.decode()
    indicatore_pk = r.redirect_chain[-1][0].rstrip("/").split("/")[-1]

    r = responsabile.post(url(w, piano.pk, "periodi", "nuovo"), {"anno": "2025", "semestre": ""}, follow=True)
    periodo_pk = r.redirect_chain[-1][0].rstrip("/").split("/")[-1]
    r = responsabile.post(url(w, "periodi", periodo_pk, "indicatori", indicatore_pk), {
        "valore": "97", "note": "Apertura a marzo"})
    assert r.status_code == 302
    assert responsabile.post(url(w, "periodi", periodo_pk, "chiudi")).status_code == 302
    # Frozen: the same entry is now refused and the value is unchanged.
    rifiutato = responsabile.post(url(w, "periodi", periodo_pk, "indicatori", indicatore_pk), {"valore": "150"})
    assert rifiutato.status_code == 400 and "è chiuso" in rifiutato.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        assert responsabile.post(url(w, piano.pk, "pdf")).status_code == 302
    with ambito_scope(w.ambito):
        job = Job.objects.filter(ambito=w.ambito, tipo="piani.piano_pdf").latest("creato_il")
        assert ValoreIndicatore.objects.get(indicatore_id=indicatore_pk).valore == 97
        piano.refresh_from_db()
        assert piano.stato == StatoPiano.VIGENTE
        assert AttoCollegamento.objects.filter(atto=accordo, object_id=piano.pk).exists()
        assert job.stato == StatoJob.COMPLETATO, job.errore
        with job.risultato.open("rb") as f:
            testo = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(f.read())).pages)
    assert "Emporio solidale di Lodi" in testo
    assert "Famiglie servite dall'emporio" in testo and "2025: 97" in testo and "2025: 120" in testo
    assert "Accordo di programma" in testo and "31/12/2027" in testo


def test_the_monitoring_report_pdf_shows_target_and_actual_of_closed_periods(mondo,
                                                                               django_capture_on_commit_callbacks):
    from ambito.jobs.services import job_create
    from piani import services

    w = mondo.a
    with ambito_scope(w.ambito, actor=w.responsabile):
        piano = h.piano(w.ambito, w.responsabile)
        indicatore = h.indicatore(h.progetto(piano, w.responsabile), w.responsabile, nome="Ore di assistenza")
        periodo = h.periodo(piano, w.responsabile)
        services.valore_set(indicatore=indicatore, periodo=periodo, actor=w.responsabile, valore=80)
        services.periodo_close(periodo=periodo, actor=w.responsabile)
        with django_capture_on_commit_callbacks(execute=True):
            job = job_create(ambito=w.ambito, actor=w.responsabile, tipo="piani.monitoraggio_pdf",
                             parametri={"piano": piano.pk})
        job.refresh_from_db()
        assert job.stato == StatoJob.COMPLETATO, job.errore
        with job.risultato.open("rb") as f:
            testo = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(f.read())).pages)
    assert "Ore di assistenza" in testo and "100,00" in testo and "80,00" in testo and "fuori obiettivo" in testo
