"""Every main list can be exported with its filters applied (issue 14, "List exports"): the list's "Esporta"
button starts the export job with the list's GET parameters, and the file holds exactly the rows shown."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django_scopes import scopes_disabled
from openpyxl import load_workbook

from ambito.atti.models import Atto, TipoAtto
from ambito.jobs.models import Job, StatoJob

pytestmark = pytest.mark.django_db


def atti(w, *specifiche):
    with scopes_disabled():
        for numero, (tipo, anno, pubblicato) in enumerate(specifiche, start=1):
            Atto.objects.create(ambito=w.ambito, tipo=tipo, numero=str(numero), data=dt.date(anno, 3, 1),
                                oggetto=f"Atto {numero}", pubblicato=pubblicato)


def esporta(client, pagina: str, capture, formato: str = "csv") -> Job:
    """Press the page's export button as a browser would: post its hidden fields and the chosen format."""
    html = client.get(pagina).content.decode()
    modulo = re.search(r'<form method="post" action="([^"]+)" class="[^"]*ambito-esporta">(.*?)</form>', html, re.S)
    assert modulo, "no export button"
    campi = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', modulo.group(2)))
    assert f'<option value="{formato}">' in modulo.group(2)
    campi["formato"] = formato
    with capture(execute=True):
        risposta = client.post(modulo.group(1), campi)
    errori = re.findall(r"(?:alert|invalid-feedback)[^>]*>([^<]+)", risposta.content.decode())
    assert risposta.status_code == 302, errori
    with scopes_disabled():
        job = Job.objects.latest("creato_il")
    assert job.stato == StatoJob.COMPLETATO, job.errore
    return job


def righe_csv(job: Job) -> list[list[str]]:
    with job.risultato.open("rb") as f:
        return list(csv.reader(io.StringIO(f.read().decode("utf-8-sig")), delimiter=";"))


def test_the_acts_list_exports_the_acts_its_filters_show(mondo, client_per, django_capture_on_commit_callbacks):
    w = mondo.a
    atti(w, (TipoAtto.AVVISO, 2025, True), (TipoAtto.AVVISO, 2025, False), (TipoAtto.AVVISO, 2024, True),
         (TipoAtto.CONVENZIONE, 2025, True))
    client = client_per(w.operatore)
    job = esporta(client, f"/a/{w.ambito.slug}/atti/?tipo=avviso&anno=2025&stato=pubblicati&pagina=1",
                  django_capture_on_commit_callbacks)
    righe = righe_csv(job)
    assert righe[0][:3] == ["Tipo", "Numero", "Data"]
    assert [(r[0], r[1], r[2]) for r in righe[1:]] == [("Avviso", "1", "01/03/2025")]
    assert "Avviso" in job.oggetto and "2025" in job.oggetto  # the jobs list says which export it was


def test_the_members_and_jobs_lists_export_what_they_show(mondo, client_per, django_capture_on_commit_callbacks):
    w = mondo.a
    client = client_per(w.responsabile)
    job = esporta(client, f"/a/{w.ambito.slug}/membri/", django_capture_on_commit_callbacks, formato="xlsx")
    with job.risultato.open("rb") as f:
        celle = {str(c.value) for riga in load_workbook(io.BytesIO(f.read())).active.iter_rows() for c in riga}
    assert {w.operatore.email, w.sindaco.email} <= celle and mondo.b.operatore.email not in celle
    elaborazioni = righe_csv(esporta(client, f"/a/{w.ambito.slug}/elaborazioni/", django_capture_on_commit_callbacks))
    assert elaborazioni[0][0] == "Elaborazione"
    assert any(riga[0] == "Esportazione degli utenti dell'Ambito" for riga in elaborazioni[1:])


@pytest.mark.parametrize("chiave", ["sindaco", "partner", "assistente_1"])
def test_roles_that_cannot_start_an_export_get_no_button(mondo, client_per, chiave):
    html = client_per(mondo.a.utente(chiave)).get(f"/a/{mondo.a.ambito.slug}/atti/").content.decode()
    assert "ambito-esporta" not in html
