"""Review of issue 20 — gaps in the returns' tests: a *beneficiary's* name starting with ``=`` (the existing test
uses a quota's description), the Fondo Povertà decrease rule across half-years (its figures are cumulative: the
platform compares them with whatever was declared before, not only with the same half-year), Italian numbers on
the production page, the returns' recipients by name, and fund deadlines actually reminded by the core."""

from __future__ import annotations

import datetime as dt

import pytest
from django_scopes import scopes_disabled

from ambito.jobs.models import StatoJob
from ambito.tenancy import ambito_scope
from fondi import services as fondi_services
from misure.models import Beneficiario
from rendicontazione import services
from tests.fondi.helpers import D, assegnazione, determina_di_liquidazione
from tests.rendicontazione.helpers import contenuto, fondo_poverta, mappa, produci, righe_csv
from tests.rendicontazione.siuss_mondo import mondo_siuss

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://x.test","clic")'


def test_a_beneficiary_named_with_a_formula_is_exported_as_text(mondo, django_capture_on_commit_callbacks, settings):
    settings.RENDICONTAZIONE_SIUSS_XSD_DIR = ""
    w = mondo.a
    m = mondo_siuss(w)
    with ambito_scope(w.ambito):
        Beneficiario.objects.filter(pk=m.persone[0].pk).update(cognome=FORMULA, nome="+SUM(A1:A9)")
    invio = produci(w, django_capture_on_commit_callbacks, codice="siuss", formato="csv", periodo=1)
    assert invio.job.stato == StatoJob.COMPLETATO, invio.anomalie
    righe = righe_csv(contenuto(invio))
    cognomi = {r["cognome"] for r in righe}
    assert "'" + FORMULA in cognomi and FORMULA not in cognomi  # a spreadsheet shows it, never evaluates it
    assert {r["nome"] for r in righe if r["cognome"] == "'" + FORMULA} == {"'+SUM(A1:A9)"}
    assert "Bianchi" in cognomi  # ordinary names untouched


def _multifondo(w):
    quote = fondo_poverta(w)
    mappa(w, quote["q1"], istat_area="POV", istat_servizio="PSW")
    mappa(w, quote["q2"], istat_area="POV", istat_servizio="PROXIM")
    return quote


def _inviato(w, invio, data: dt.date):
    with ambito_scope(w.ambito, actor=w.responsabile):
        return services.invio_mark_inviato(invio=invio, actor=w.responsabile, inviato_il=data, protocollo="MF-1")


def test_a_decrease_below_the_previous_half_years_declared_figures_is_blocked(
        mondo, django_capture_on_commit_callbacks):
    w = mondo.a
    quote = _multifondo(w)
    primo = produci(w, django_capture_on_commit_callbacks, periodo=1)
    assert {r["quota"]: r["impegnato"] for r in righe_csv(contenuto(primo))}["FP-QPE"] == "4000,00"
    _inviato(w, primo, dt.date(2025, 7, 10))
    with ambito_scope(w.ambito, actor=w.operatore):
        fondi_services.disimpegno_create(quota=quote["q2"], importo=D("1000.00"), data_contabile=dt.date(2025, 9, 1),
                                         actor=w.operatore)
    secondo = produci(w, django_capture_on_commit_callbacks, periodo=2)
    assert secondo.job.stato == StatoJob.FALLITO
    assert [(a["codice"], a["campo"]) for a in secondo.anomalie] == [("diminuzione", "impegnato")]


def test_a_file_produced_before_a_higher_one_was_submitted_cannot_be_submitted_after_it(
        mondo, django_capture_on_commit_callbacks):
    """Two productions of the half-year made before either was submitted: submitting the higher one first, the lower
    one is refused when it is marked submitted (the platform would refuse it)."""
    from ambito.errors import RegolaViolata
    from rendicontazione.models import Invio

    w = mondo.a
    quote = _multifondo(w)
    alto = produci(w, django_capture_on_commit_callbacks, periodo=1)
    with ambito_scope(w.ambito, actor=w.operatore):
        fondi_services.disimpegno_create(quota=quote["q2"], importo=D("1000.00"), data_contabile=dt.date(2025, 3, 2),
                                         actor=w.operatore)
    basso = produci(w, django_capture_on_commit_callbacks, periodo=1)
    assert basso.job.stato == StatoJob.COMPLETATO  # nothing submitted yet: no decrease to speak of
    _inviato(w, alto, dt.date(2025, 7, 10))
    with pytest.raises(RegolaViolata, match=r"meno dei 4\.000,00 € del file inviato il 10/07/2025") as errore:
        _inviato(w, basso, dt.date(2025, 7, 11))
    assert errore.value.codice == "diminuzione"
    with scopes_disabled():
        assert Invio.objects.get(pk=basso.pk).inviato_il is None


def test_the_production_page_shows_the_changes_in_italian_numbers(mondo, client_per,
                                                                  django_capture_on_commit_callbacks):
    w = mondo.a
    quote = _multifondo(w)
    _inviato(w, produci(w, django_capture_on_commit_callbacks), dt.date(2025, 7, 10))
    with ambito_scope(w.ambito, actor=w.operatore):
        fondi_services.liquidazione_create(quota=quote["q2"], importo=D("1500.00"), data_contabile=dt.date(2025, 5, 2),
                                           actor=w.operatore, atto=determina_di_liquidazione(w.ambito))
    nuovo = produci(w, django_capture_on_commit_callbacks)
    pagina = client_per(w.operatore).get(f"/a/{w.ambito.slug}/rendicontazione/invii/{nuovo.pk}/").content.decode()
    assert "Rispetto al file inviato il 10/07/2025 (protocollo MF-1)" in pagina
    assert "Liquidato: 0,00 € → 1.500,00 €" in pagina and "1500.00" not in pagina
    assert "FP-QPE — Pronto intervento sociale — 2024" in pagina


def test_the_returns_list_names_recipients_and_periods_as_people_say_them(mondo, client_per):
    pagina = client_per(mondo.a.operatore).get(f"/a/{mondo.a.ambito.slug}/rendicontazione/").content.decode()
    assert "Ministero del Lavoro e delle Politiche Sociali" in pagina and "Regione Lombardia" in pagina
    assert "<td>ministero</td>" not in pagina and "<td>inps</td>" not in pagina
    assert "<td>Semestrale</td>" in pagina


def test_a_funds_deadline_is_reminded_to_the_office_by_the_core_beat(mondo, django_capture_on_commit_callbacks):
    """Fund deadlines are left to the core (checklist): an assegnazione to commit by a date reminds who manages the
    funds, once per threshold, and nobody once the money is committed."""
    from ambito.notifiche.models import Notifica
    from ambito.scadenze.services import promemoria_send

    w = mondo.a
    oggi = dt.date(2025, 6, 23)
    with ambito_scope(w.ambito, actor=w.operatore):
        a = assegnazione(w.ambito, w.operatore, codice="FNPS", annualita=2025, importo="90000.00")
        type(a).objects.filter(pk=a.pk).update(scadenza_impegno=dt.date(2025, 6, 30))

    def promemoria(utente) -> list[str]:
        with scopes_disabled():
            return list(Notifica.objects.filter(ambito=w.ambito, destinatario=utente, titolo__contains="FNPS 2025")
                        .values_list("titolo", flat=True))

    for _volta in range(2):
        with django_capture_on_commit_callbacks(execute=True), ambito_scope(w.ambito):
            promemoria_send(ambito=w.ambito, oggi=oggi)
    [titolo] = promemoria(w.operatore)
    assert titolo.startswith("Scade tra 7 giorni:") and "FNPS 2025" in titolo
    assert promemoria(w.sindaco) == []


def test_the_history_names_who_produced_downloaded_and_submitted_each_file(mondo, client_per,
                                                                           django_capture_on_commit_callbacks):
    w = mondo.a
    _multifondo(w)
    primo = produci(w, django_capture_on_commit_callbacks, actor=w.operatore)
    secondo = produci(w, django_capture_on_commit_callbacks, actor=w.responsabile, periodo=2)
    _inviato(w, primo, dt.date(2025, 7, 10))
    pagina = f"/a/{w.ambito.slug}/rendicontazione/invii/{primo.pk}/"
    assert client_per(w.responsabile).get(f"{pagina}scarica/").status_code == 200
    storico = client_per(w.sindaco).get(f"/a/{w.ambito.slug}/rendicontazione/debiti/fondo_poverta/")
    righe = storico.content.decode().split("<tr>")
    [riga_primo] = [r for r in righe if f"/invii/{primo.pk}/" in r]
    [riga_secondo] = [r for r in righe if f"/invii/{secondo.pk}/" in r]
    assert "1° semestre 2025" in riga_primo and "Operatore Lodi" in riga_primo and "10/07/2025 — MF-1" in riga_primo
    assert "2° semestre 2025" in riga_secondo and str(w.responsabile) in riga_secondo
    dettaglio = client_per(w.sindaco).get(pagina).content.decode()
    scaricamenti = dettaglio[dettaglio.index("Scaricamenti"):]
    assert str(w.responsabile) in scaricamenti.split("</ul>")[0]
    assert f"10/07/2025, protocollo MF-1 ({w.responsabile})" in dettaglio
