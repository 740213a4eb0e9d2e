"""The rendiconto per assegnazione runs as a background job and yields XLSX or PDF."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django_scopes import scopes_disabled
from openpyxl import load_workbook

from ambito.jobs.models import Job, StatoJob
from ambito.tenancy import ambito_scope
from fondi import services
from tests.fondi.helpers import D, assegnazione, atto, quota

pytestmark = pytest.mark.django_db


@pytest.fixture
def dati(mondo):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        a = assegnazione(w.ambito, w.operatore, importo="5000.00")
        q = quota(a, w.operatore, importo="3000.00", descrizione="Buoni caregiver")
        services.impegno_create(quota=q, importo=D("1234.56"), data_contabile=dt.date(2025, 3, 1), actor=w.operatore)
    return w, a


def avvia(client, w, a, formato, capture):
    with capture(execute=True):
        r = client.post(f"/a/{w.ambito.slug}/fondi/assegnazioni/{a.pk}/rendiconto/",
                        {"formato": formato, "data": "2025-12-31"})
    assert r.status_code == 302
    with scopes_disabled():
        return Job.objects.filter(tipo="fondi.rendiconto_assegnazione").latest("creato_il")


def test_the_xlsx_rendiconto_lists_balances_and_movements(dati, client_per, django_capture_on_commit_callbacks):
    w, a = dati
    job = avvia(client_per(w.operatore), w, a, "xlsx", django_capture_on_commit_callbacks)
    assert job.stato == StatoJob.COMPLETATO, job.errore
    with job.risultato.open("rb") as f:
        libro = load_workbook(io.BytesIO(f.read()))
    righe = [tuple(c.value for c in r) for foglio in libro.worksheets for r in foglio.iter_rows()]
    testo = repr(righe)
    assert "Buoni caregiver" in testo and "Impegno" in testo
    assert any(1234.56 in r or D("1234.56") in r for r in righe)


def test_the_pdf_rendiconto_is_a_pdf(dati, client_per, django_capture_on_commit_callbacks):
    w, a = dati
    job = avvia(client_per(w.responsabile), w, a, "pdf", django_capture_on_commit_callbacks)
    assert job.stato == StatoJob.COMPLETATO, job.errore
    with job.risultato.open("rb") as f:
        assert f.read(5) == b"%PDF-"


def test_the_assemblea_cannot_start_a_rendiconto(dati, client_per):
    w, a = dati
    r = client_per(w.sindaco).post(f"/a/{w.ambito.slug}/fondi/assegnazioni/{a.pk}/rendiconto/", {"formato": "xlsx"})
    assert r.status_code == 403
    with scopes_disabled():
        assert not Job.objects.exists()


def test_the_pdf_rendiconto_reads_in_italian_with_the_acts(dati, client_per, django_capture_on_commit_callbacks):
    from pypdf import PdfReader

    w, a = dati
    job = avvia(client_per(w.operatore), w, a, "pdf", django_capture_on_commit_callbacks)
    with job.risultato.open("rb") as f:
        testo = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(f.read())).pages)
    testo = " ".join(testo.split())
    with ambito_scope(w.ambito):
        atto = str(a.atto)
    assert f"Atto di assegnazione: {atto}" in testo  # "Decreto regionale n. … del 10/01/2025"
    assert "5.000,00 €" in testo and "1.234,56 €" in testo and "3.765,44 €" in testo  # residuo
    assert "01/03/2025" in testo and "Situazione al 31/12/2025" in testo


def test_the_xlsx_rendiconto_keeps_dates_and_amounts_as_values(dati, client_per, django_capture_on_commit_callbacks):
    w, a = dati
    job = avvia(client_per(w.operatore), w, a, "xlsx", django_capture_on_commit_callbacks)
    with job.risultato.open("rb") as f:
        libro = load_workbook(io.BytesIO(f.read()))
    foglio = libro["Movimenti"]
    impegno = next(r for r in foglio.iter_rows() if r[1].value == "Impegno")
    assert impegno[0].value.date() == dt.date(2025, 3, 1) and impegno[0].number_format == "DD/MM/YYYY"
    assert impegno[4].value == 1234.56 and impegno[4].number_format == EURO
    with ambito_scope(w.ambito):
        assert libro["Riepilogo"]["B3"].value == str(a.atto)


EURO = '#,##0.00 "€"'


def test_the_xlsx_rendiconto_has_one_typed_sheet_per_table(dati, client_per, django_capture_on_commit_callbacks):
    """Issue 14, defect 2: one mixed sheet with amounts as text ("impegnato 0,00 €")."""
    w, a = dati
    job = avvia(client_per(w.operatore), w, a, "xlsx", django_capture_on_commit_callbacks)
    with job.risultato.open("rb") as f:
        libro = load_workbook(io.BytesIO(f.read()))
    assert libro.sheetnames == ["Riepilogo", "Quote", "Per comune", "Movimenti"]
    for foglio in libro.worksheets:
        assert foglio.freeze_panes == "A2", foglio.title
        assert foglio.auto_filter.ref, foglio.title
        assert foglio.column_dimensions["B"].width >= 10
    quota_ = [c for c in next(r for r in libro["Quote"].iter_rows(min_row=2))]
    assert [c.value for c in quota_[5:9]] == [3000, 1234.56, 0, 1765.44]
    assert all(c.number_format == EURO for c in quota_[5:9])
    for foglio in libro.worksheets:  # no amount written as text anywhere
        for riga in foglio.iter_rows(min_row=2):
            assert not any(isinstance(c.value, str) and "€" in c.value for c in riga)


def test_a_rendiconto_of_another_ambito_s_assegnazione_cannot_be_requested(dati, mondo):
    from ambito.errors import RegolaViolata
    from ambito.jobs.services import job_create

    _w, a = dati
    b = mondo.b
    with ambito_scope(b.ambito, actor=b.operatore), pytest.raises(RegolaViolata, match="inesistente"):
        job_create(ambito=b.ambito, actor=b.operatore, tipo="fondi.rendiconto_assegnazione",
                   parametri={"assegnazione": a.pk, "formato": "pdf", "data": "2025-12-31"})
    with scopes_disabled():
        assert not Job.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_api_answers_the_real_state_of_a_rendiconto_that_ran_in_process(dati, client_per):
    w, a = dati
    r = client_per(w.operatore).post(f"/api/v1/a/{w.ambito.slug}/fondi/assegnazioni/{a.pk}/rendiconto/",
                                     {"formato": "xlsx", "data": "2025-12-31"}, content_type="application/json")
    assert r.status_code == 202
    assert r.json()["stato"] == StatoJob.COMPLETATO  # eager Celery, no surrounding transaction: it has run


def test_the_job_pages_say_what_each_rendiconto_is_about_in_italian(dati, client_per,
                                                                    django_capture_on_commit_callbacks):
    """Issue 14, defect 3: "Situazione al 2026-11-29", "Assegnazione 4", identical rows in the jobs list."""
    w, a = dati
    client = client_per(w.operatore)
    xlsx = avvia(client, w, a, "xlsx", django_capture_on_commit_callbacks)
    avvia(client, w, a, "pdf", django_capture_on_commit_callbacks)
    dettaglio = client.get(f"/a/{w.ambito.slug}/elaborazioni/{xlsx.uuid}/").content.decode()
    assert "31/12/2025" in dettaglio and "2025-12-31" not in dettaglio
    assert "FNA 2024 (es. 2025) — FNA 2024" in dettaglio and f"Assegnazione {a.pk}<" not in dettaglio
    elenco = client.get(f"/a/{w.ambito.slug}/elaborazioni/").content.decode()
    assert "FNA 2024 (es. 2025) — FNA 2024 · Excel (XLSX) · 31/12/2025" in elenco
    assert "FNA 2024 (es. 2025) — FNA 2024 · PDF · 31/12/2025" in elenco


def test_the_new_job_form_offers_the_assegnazioni_by_name_and_takes_an_italian_date(dati, client_per, mondo):
    """Issue 14, defect 4: the assegnazione was asked as a number, the date as free text."""
    w, a = dati
    with ambito_scope(mondo.b.ambito, actor=mondo.b.operatore):
        assegnazione(mondo.b.ambito, mondo.b.operatore, codice="FNPS")
    pagina = client_per(w.operatore).get(f"/a/{w.ambito.slug}/elaborazioni/nuova/",
                                         {"tipo_job": "fondi.rendiconto_assegnazione"})
    testo = pagina.content.decode()
    assert f'<option value="{a.pk}">FNA 2024 (es. 2025) — FNA 2024</option>' in testo
    assert "FNPS" not in testo  # another Ambito's assegnazione is not a choice
    assert 'type="number"' not in testo


def _riparto_e_molti_movimenti(w, n_movimenti):
    from fondi.models import Quota

    with ambito_scope(w.ambito, actor=w.operatore):
        a = assegnazione(w.ambito, w.operatore, importo="1500000.00")
        services.riparto_create(assegnazione=a, metodo="parti_uguali", totale=D("1200000.00"),
                                atto=atto(w.ambito), data_contabile=dt.date(2025, 2, 1),
                                descrizione="Riparto del fondo con un nome lungo come quelli veri", actor=w.operatore)
        q = Quota.objects.filter(assegnazione=a).first()
        for i in range(n_movimenti):
            services.impegno_create(quota=q, importo=D("1.00"), data_contabile=dt.date(2025, 3, 1) +
                                    dt.timedelta(days=i % 200), descrizione=f"Impegno numero {i} " * 3,
                                    actor=w.operatore)
    return a


def test_the_pdf_rendiconto_summarises_and_caps_the_movements_with_a_note(mondo):
    """Issue 13/14 defect 2: every movement in the PDF made thousands of pages; now an annex of at most
    MOVIMENTI_NEL_PDF rows says where the rest is."""
    from pypdf import PdfReader

    from ambito.pdf import render_pdf
    from fondi.jobs import MOVIMENTI_NEL_PDF, contesto_rendiconto, righe_movimenti

    w = mondo.a
    a = _riparto_e_molti_movimenti(w, MOVIMENTI_NEL_PDF + 50)
    with ambito_scope(w.ambito):
        c = contesto_rendiconto(ambito=w.ambito, assegnazione_pk=a.pk, data=dt.date(2025, 12, 31))
        c["movimenti"] = list(righe_movimenti(ambito=w.ambito, assegnazione=c["assegnazione"], data=c["data"],
                                              limite=MOVIMENTI_NEL_PDF))
        pdf = PdfReader(io.BytesIO(render_pdf("fondi/pdf/rendiconto.html", c, ambito=w.ambito)))
    testo = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert f"Sono elencati i primi {MOVIMENTI_NEL_PDF} movimenti su {MOVIMENTI_NEL_PDF + 55}" in testo
    assert "formato Excel (XLSX)" in testo
    assert f"Impegno numero {MOVIMENTI_NEL_PDF + 49}" not in testo  # beyond the cap
    assert "Totali per comune" in testo and "Allegato A" in testo
    assert len(pdf.pages) <= 15


def test_pdf_table_rows_never_split_across_pages_and_amounts_never_wrap(mondo):
    """Issue 14, defect 2: at a page break the amounts stayed on one page and the comune's name went
    to the next; "1.200.000,00 €" wrapped."""
    from weasyprint.formatting_structure import boxes

    from ambito.pdf import documento_pdf
    from fondi.jobs import MOVIMENTI_NEL_PDF, contesto_rendiconto, righe_movimenti

    w = mondo.a
    a = _riparto_e_molti_movimenti(w, 120)
    with ambito_scope(w.ambito):
        c = contesto_rendiconto(ambito=w.ambito, assegnazione_pk=a.pk, data=dt.date(2025, 12, 31))
        c["movimenti"] = list(righe_movimenti(ambito=w.ambito, assegnazione=c["assegnazione"], data=c["data"],
                                              limite=MOVIMENTI_NEL_PDF))
        documento = documento_pdf("fondi/pdf/rendiconto.html", c, ambito=w.ambito)
    assert len(documento.pages) > 2
    pagine_per_riga: dict[int, set[int]] = {}
    righe_per_importo = []
    for numero, pagina in enumerate(documento.pages):
        for box in pagina._page_box.descendants():
            if isinstance(box, boxes.TableRowGroupBox) and not box.is_header:  # headers repeat, by design
                for riga in box.children:
                    pagine_per_riga.setdefault(id(riga.element), set()).add(numero)
            if isinstance(box, boxes.TableCellBox) and "num" in (box.element.get("class") or ""):
                righe_per_importo.append(sum(1 for b in box.descendants() if isinstance(b, boxes.LineBox)))
    assert pagine_per_riga and all(len(p) == 1 for p in pagine_per_riga.values())
    assert righe_per_importo and max(righe_per_importo) == 1
