"""The Fondo Povertà return end to end: checks, the file parsed back, the ledger's totals, the decrease rule, the
diff against the last submitted file, formula safety, the recipient's CSV dialect."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django_scopes import scopes_disabled

from ambito.errors import Conflitto, RegolaViolata
from ambito.jobs.models import StatoJob
from ambito.tenancy import ambito_scope
from fondi import services as fondi_services
from rendicontazione import selectors, services
from rendicontazione.models import EsitoControlli, ScaricamentoInvio, VoceMappatura
from rendicontazione.ritorni.fondo_poverta import FondoPoverta
from tests.fondi.helpers import D, determina_di_liquidazione
from tests.rendicontazione.helpers import (
    contenuto,
    euro,
    fondo_poverta,
    mappa,
    produci,
    righe_csv,
    righe_xlsx,
    righe_xml,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def dati(mondo):
    w = mondo.a
    quote = fondo_poverta(w)
    mappa(w, quote["q1"], istat_area="POV", istat_servizio="PSW")
    mappa(w, quote["q2"], istat_area="POV", istat_servizio="PROXIM")
    return w, quote


def test_the_csv_file_holds_the_ledgers_figures_per_quota(dati, django_capture_on_commit_callbacks):
    w, _quote = dati
    invio = produci(w, django_capture_on_commit_callbacks)
    assert invio.job.stato == StatoJob.COMPLETATO, invio.job.errore
    assert invio.esito_controlli == EsitoControlli.SUPERATI and invio.anomalie == []
    righe = righe_csv(contenuto(invio))
    assert list(righe[0]) == [c.nome for c in FondoPoverta.tracciato]  # the documented layout, in order
    per_quota = {r["quota"]: r for r in righe}
    assert per_quota["FP-QSFP"]["intervento"] == "PSW" and per_quota["FP-QPE"]["intervento"] == "PROXIM"
    assert per_quota["FP-QSFP"]["annualita"] == "2024"
    assert euro(per_quota["FP-QSFP"]["programmato"]) == Decimal("50000.00")
    # Totals checked against what the test itself recorded (not the code under test).
    assert sum(euro(r["programmato"]) for r in righe) == Decimal("60000.00")
    assert sum(euro(r["impegnato"]) for r in righe) == Decimal("34000.00")
    assert sum(euro(r["liquidato"]) for r in righe) == Decimal("12000.50")


def test_the_same_figures_come_out_as_xlsx_and_xml(dati, django_capture_on_commit_callbacks):
    w, _quote = dati
    xlsx = righe_xlsx(contenuto(produci(w, django_capture_on_commit_callbacks, formato="xlsx")))
    assert xlsx[0][0] == "Quota del fondo"
    assert sum(Decimal(str(r[5])) for r in xlsx[1:]) == Decimal("34000.00")
    xml = righe_xml(contenuto(produci(w, django_capture_on_commit_callbacks, formato="xml")))
    assert sum(Decimal(r["liquidato"]) for r in xml) == Decimal("12000.50")
    assert {r["quota"] for r in xml} == {"FP-QSFP", "FP-QPE"}


def test_an_unmapped_quota_stops_the_file_with_a_link_to_map_it(mondo, django_capture_on_commit_callbacks):
    w = mondo.a
    quote = fondo_poverta(w)
    mappa(w, quote["q1"], istat_area="POV", istat_servizio="PSW")
    invio = produci(w, django_capture_on_commit_callbacks)
    assert invio.job.stato == StatoJob.FALLITO and not invio.job.risultato
    assert "Controlli non superati: 1 errore." in invio.job.errore
    [anomalia] = invio.anomalie
    assert anomalia["codice"] == "obbligatorio" and anomalia["campo"] == "intervento" and anomalia["riga"] == 1
    assert anomalia["url"].endswith(f"mappatura/nuova/?tipo_oggetto=fondi.quota&chiave_oggetto={quote['q2'].pk}")


def test_a_code_outside_the_istat_list_is_an_error(mondo, django_capture_on_commit_callbacks):
    w = mondo.a
    quote = fondo_poverta(w)
    mappa(w, quote["q1"], istat_area="POV", istat_servizio="PSW")
    with ambito_scope(w.ambito):  # a row written before the list changed: the service would refuse it now
        VoceMappatura.objects.create(ambito=w.ambito, tipo_oggetto="fondi.quota", chiave_oggetto=str(quote["q2"].pk),
                                     descrizione="Vecchio codice", istat_servizio="XYZ")
    invio = produci(w, django_capture_on_commit_callbacks)
    assert [a["codice"] for a in invio.anomalie] == ["codice_non_ammesso"]
    assert "«XYZ»" in invio.anomalie[0]["messaggio"]


def test_totals_that_disagree_with_the_ledger_are_an_error(dati, django_capture_on_commit_callbacks, monkeypatch):
    w, _quote = dati
    from rendicontazione.ritorni import fondo_poverta as modulo

    vero = modulo.totali_ledger

    def sfasato(**kwargs):
        totali = vero(**kwargs)
        return {**totali, "liquidato": totali["liquidato"] + Decimal("0.01")}

    monkeypatch.setattr(modulo, "totali_ledger", sfasato)
    invio = produci(w, django_capture_on_commit_callbacks)
    assert [a["codice"] for a in invio.anomalie] == ["totale_non_corrispondente"]
    assert "12.000,50 €" in invio.anomalie[0]["messaggio"] and "12.000,51 €" in invio.anomalie[0]["messaggio"]
    assert invio.job.stato == StatoJob.FALLITO


def _segna_inviato(w, invio, protocollo="MF-2025-001"):
    with ambito_scope(w.ambito, actor=w.responsabile):
        return services.invio_mark_inviato(invio=invio, actor=w.responsabile, inviato_il=dt.date(2025, 7, 10),
                                           protocollo=protocollo)


def test_a_decrease_after_submission_is_blocked_and_explained(dati, django_capture_on_commit_callbacks):
    w, quote = dati
    _segna_inviato(w, produci(w, django_capture_on_commit_callbacks))
    with ambito_scope(w.ambito, actor=w.operatore):
        fondi_services.disimpegno_create(quota=quote["q2"], importo=D("1000.00"), data_contabile=dt.date(2025, 5, 1),
                                         actor=w.operatore)
    invio = produci(w, django_capture_on_commit_callbacks)
    [anomalia] = invio.anomalie
    assert anomalia["codice"] == "diminuzione" and anomalia["campo"] == "impegnato"
    assert "da 4.000,00 € a 3.000,00 €" in anomalia["messaggio"] and "rifiuta valori inferiori" in anomalia["messaggio"]
    assert invio.job.stato == StatoJob.FALLITO


def test_a_rerun_shows_what_changed_since_the_submitted_file(dati, django_capture_on_commit_callbacks):
    w, quote = dati
    inviato = _segna_inviato(w, produci(w, django_capture_on_commit_callbacks))
    with ambito_scope(w.ambito, actor=w.operatore):
        fondi_services.liquidazione_create(quota=quote["q2"], importo=D("500.00"), data_contabile=dt.date(2025, 5, 2),
                                           actor=w.operatore, atto=determina_di_liquidazione(w.ambito))
    nuovo = produci(w, django_capture_on_commit_callbacks)
    assert nuovo.job.stato == StatoJob.COMPLETATO
    with ambito_scope(w.ambito):
        precedente, differenze = selectors.differenze(invio=nuovo)
    assert precedente.pk == inviato.pk
    [cambio] = differenze
    assert cambio.campi_cambiati == ["liquidato"]
    assert (cambio.prima["liquidato"], cambio.dopo["liquidato"]) == ("0.00", "500.00")


def test_only_a_checked_file_is_submitted_once(dati, django_capture_on_commit_callbacks):
    w, _quote = dati
    invio = produci(w, django_capture_on_commit_callbacks)
    _segna_inviato(w, invio)
    with pytest.raises(Conflitto):
        _segna_inviato(w, invio, protocollo="altro")
    with ambito_scope(w.ambito, actor=w.operatore):
        VoceMappatura.objects.filter(ambito=w.ambito).delete()
    fallito = produci(w, django_capture_on_commit_callbacks)
    with pytest.raises(RegolaViolata) as errore:
        _segna_inviato(w, fallito)
    assert errore.value.codice == "file_non_pronto"


def test_a_description_starting_with_equals_is_exported_as_text(mondo, django_capture_on_commit_callbacks):
    w = mondo.a
    quote = fondo_poverta(w, descrizione='=HYPERLINK("http://x.test","clic")')
    mappa(w, quote["q1"], istat_area="POV", istat_servizio="PSW")
    mappa(w, quote["q2"], istat_area="POV", istat_servizio="PSW")
    csv_righe = righe_csv(contenuto(produci(w, django_capture_on_commit_callbacks)))
    assert "'=HYPERLINK(\"http://x.test\",\"clic\")" in {r["descrizione"] for r in csv_righe}
    import io

    from openpyxl import load_workbook

    foglio = load_workbook(io.BytesIO(contenuto(produci(w, django_capture_on_commit_callbacks, formato="xlsx")))).active
    celle = [c for r in foglio.iter_rows() for c in r if str(c.value).startswith("=HYPERLINK")]
    assert celle and all(c.data_type == "s" for c in celle)  # a string, never a formula


def test_the_csv_uses_the_recipients_separator_and_encoding(dati, django_capture_on_commit_callbacks, monkeypatch):
    w, _quote = dati
    monkeypatch.setattr(FondoPoverta, "separatore", "|")
    monkeypatch.setattr(FondoPoverta, "codifica", "iso-8859-1")
    dati_file = contenuto(produci(w, django_capture_on_commit_callbacks))
    assert not dati_file.startswith(b"\xef\xbb\xbf")  # no UTF-8 BOM
    righe = righe_csv(dati_file, separatore="|", codifica="iso-8859-1")
    assert sum(euro(r["impegnato"]) for r in righe) == Decimal("34000.00")


def test_the_page_flow_produce_watch_download_submit(dati, client_per, django_capture_on_commit_callbacks):
    w, _quote = dati
    client = client_per(w.operatore)
    base = f"/a/{w.ambito.slug}/rendicontazione"
    pagina = client.get(f"{base}/debiti/fondo_poverta/").content.decode()
    assert "Tracciato" in pagina and "programmato" in pagina
    with django_capture_on_commit_callbacks(execute=True):
        risposta = client.post(f"{base}/debiti/fondo_poverta/", {"anno": "2025", "periodo": "1", "formato": "csv"})
    assert risposta.status_code == 302
    dettaglio = risposta["Location"]
    pagina = client.get(dettaglio).content.decode()
    assert "Controlli superati: il file è pronto." in pagina
    scaricato = client.get(f"{dettaglio}scarica/")
    assert scaricato.status_code == 200 and b"FP-QSFP" in b"".join(scaricato.streaming_content)
    with scopes_disabled():
        assert ScaricamentoInvio.objects.filter(utente=w.operatore).count() == 1
    assert "Il file non è ancora stato scaricato." not in client.get(dettaglio).content.decode()
    errato = client.post(f"{dettaglio}inviato/", {"inviato_il": "01/01/2099", "protocollo": "P1"})
    assert errato.status_code == 400 and "successiva a oggi" in errato.content.decode()
    fatto = client.post(f"{dettaglio}inviato/", {"inviato_il": "10/07/2025", "protocollo": "MF-77"}, follow=True)
    assert "File segnato come inviato, protocollo MF-77" in fatto.content.decode()


def test_a_download_through_the_jobs_page_or_api_is_logged_on_the_production(
        dati, client_per, django_capture_on_commit_callbacks):
    w, _quote = dati
    invio = produci(w, django_capture_on_commit_callbacks)
    client = client_per(w.operatore)
    pagina = client.get(f"/a/{w.ambito.slug}/elaborazioni/{invio.job.uuid}/risultato/")
    api = client.get(f"/api/v1/a/{w.ambito.slug}/elaborazioni/{invio.job.uuid}/risultato/")
    assert pagina.status_code == api.status_code == 200
    assert b"FP-QSFP" in b"".join(api.streaming_content)
    with scopes_disabled():
        assert list(ScaricamentoInvio.objects.filter(invio=invio).values_list("utente", flat=True)) == [
            w.operatore.pk, w.operatore.pk]
    assert "Il file non è ancora stato scaricato." not in client.get(
        f"/a/{w.ambito.slug}/rendicontazione/invii/{invio.pk}/").content.decode()


def test_a_bad_period_or_format_is_refused_with_its_field(dati, client_per):
    w, _quote = dati
    client = client_per(w.operatore)
    risposta = client.post(f"/a/{w.ambito.slug}/rendicontazione/debiti/fondo_poverta/",
                           {"anno": "2025", "periodo": "3", "formato": "csv"})
    assert risposta.status_code == 400  # a half-year has periods 1 and 2 only
    with ambito_scope(w.ambito, actor=w.operatore), pytest.raises(RegolaViolata) as errore:
        services.invio_create(ambito=w.ambito, actor=w.operatore, codice="fondo_poverta", anno=2025, periodo=1,
                              formato="pdf")
    assert errore.value.campo == "formato"


def test_a_row_missing_since_the_submitted_file_is_a_warning_that_does_not_block(
        dati, django_capture_on_commit_callbacks):
    w, _quote = dati
    inviato = _segna_inviato(w, produci(w, django_capture_on_commit_callbacks))
    with ambito_scope(w.ambito):  # the submitted file declared a row the ledger no longer yields
        inviato.sintesi = {**inviato.sintesi, "FP-QSFP|Vecchio intervento|2023": {"impegnato": "10.00"}}
        inviato.save(update_fields=["sintesi"])
    nuovo = produci(w, django_capture_on_commit_callbacks)
    [anomalia] = nuovo.anomalie
    assert anomalia["codice"] == "riga_scomparsa" and anomalia["gravita"] == "avviso"
    assert "Vecchio intervento" in anomalia["messaggio"]
    assert nuovo.job.stato == StatoJob.COMPLETATO and nuovo.esito_controlli == EsitoControlli.SUPERATI


def test_the_receipt_file_is_attached_to_the_submission(dati, client_per, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    w, _quote = dati
    invio = _segna_inviato(w, produci(w, django_capture_on_commit_callbacks))
    client = client_per(w.operatore)
    pagina = f"/a/{w.ambito.slug}/rendicontazione/invii/{invio.pk}/"
    caricato = client.post(f"/a/{w.ambito.slug}/allegati/oggetti/rendicontazione.invio/{invio.pk}/", {
        "file": SimpleUploadedFile("ricevuta.pdf", b"%PDF-1.4\n%%EOF\n"), "titolo": "Ricevuta Multifondo",
        "ritorno": pagina})
    assert caricato.status_code == 302 and caricato["Location"] == pagina
    html = client.get(pagina).content.decode()
    assert "Ricevuta Multifondo" in html and "MF-2025-001" in html
