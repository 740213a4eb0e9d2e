"""Review of issue 20 — who may do what on the returns' pages, beyond what the isolation matrix sees.

The matrix reads the capability a view *declares*; the return's page declares ``rendicontazione.vedi`` and asks
for ``rendicontazione.gestisci`` inside the view on POST, and the produced files carry people's data (names, codici
fiscali, ISEE, SINA assessments) that mayors — who hold ``vedi`` to read the dashboards — must not download."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from ambito.jobs.models import Job
from rendicontazione.models import Invio, ScaricamentoInvio
from tests.rendicontazione.helpers import fondo_poverta, mappa, produci
from tests.rendicontazione.siuss_mondo import mondo_siuss
from tests.tenancy.test_isolation_matrix import rows_written

pytestmark = pytest.mark.django_db


def test_a_mayor_posting_the_production_form_gets_403_and_nothing_is_written(mondo, client_per):
    w = mondo.a
    quote = fondo_poverta(w)
    mappa(w, quote["q1"], istat_area="POV", istat_servizio="PSW")
    mappa(w, quote["q2"], istat_area="POV", istat_servizio="PROXIM")
    client = client_per(w.sindaco)
    url = f"/a/{w.ambito.slug}/rendicontazione/debiti/fondo_poverta/"
    pagina = client.get(url)
    assert pagina.status_code == 200 and "Controlla e produci" not in pagina.content.decode()
    prima = rows_written()
    risposta = client.post(url, {"anno": "2025", "periodo": "1", "formato": "csv"})
    assert risposta.status_code == 403
    assert rows_written() == prima, "a refused production wrote to the database"
    with scopes_disabled():
        assert not Invio.objects.filter(ambito=w.ambito).exists()
        assert not Job.objects.filter(ambito=w.ambito).exists()


def test_a_mayor_cannot_download_a_file_with_peoples_data(mondo, client_per, django_capture_on_commit_callbacks,
                                                         settings):
    """The SIUSS file lists each beneficiary by name and codice fiscale with the SINA assessment (health data): the
    office that produced it may download it, a member of the Assemblea may not — through the return's page or
    through the generic jobs page and API, and the refusal leaves no download in the history."""
    settings.RENDICONTAZIONE_SIUSS_XSD_DIR = ""
    w = mondo.a
    mondo_siuss(w)
    invio = produci(w, django_capture_on_commit_callbacks, codice="siuss", formato="csv", periodo=1)
    assert invio.job.risultato, invio.anomalie
    pagina = f"/a/{w.ambito.slug}/rendicontazione/invii/{invio.pk}/"
    sindaco = client_per(w.sindaco)
    for url in (f"{pagina}scarica/", f"/a/{w.ambito.slug}/elaborazioni/{invio.job.uuid}/risultato/",
                f"/api/v1/a/{w.ambito.slug}/elaborazioni/{invio.job.uuid}/risultato/"):
        assert sindaco.get(url).status_code == 403, url
    assert "Scarica il file" not in sindaco.get(pagina).content.decode()
    with scopes_disabled():
        assert not ScaricamentoInvio.objects.filter(invio_id=invio.pk).exists()
    ufficio = client_per(w.operatore)
    scaricato = ufficio.get(f"{pagina}scarica/")
    assert scaricato.status_code == 200 and b"Rossi" in b"".join(scaricato.streaming_content)
    assert "Scarica il file" in ufficio.get(pagina).content.decode()
