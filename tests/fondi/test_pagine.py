"""The funds pages as users see them: staff write, the Assemblea reads, others are refused."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from ambito.tenancy import ambito_scope
from fondi import selectors, services
from fondi.models import Assegnazione, Movimento, Riparto
from tests.fondi.helpers import D, assegnazione, atto, fonte, quota

pytestmark = pytest.mark.django_db


def url(w, resto=""):
    return f"/a/{w.ambito.slug}/fondi/{resto}"


@pytest.fixture
def dati(mondo):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        a = assegnazione(w.ambito, w.operatore, codice="FNPS", importo="58380.00", scadenza_impegno=dt.date.today())
        q = quota(a, w.operatore, importo="20000.00", descrizione="Bando famiglie")
    return w, a, q


@pytest.mark.parametrize("chiave", ["responsabile", "operatore", "sindaco"])
def test_staff_and_the_assemblea_see_the_funds_dashboard_with_deadlines(dati, client_per, chiave):
    w, _a, _q = dati
    r = client_per(w.utente(chiave)).get(url(w))
    assert r.status_code == 200
    testo = r.content.decode()
    assert "FNPS 2024" in testo and "58.380,00 €" in testo
    assert "Scadenze vicine o superate" in testo
    assert ("/fondi/assegnazioni/nuova/" in testo) == (chiave != "sindaco")


@pytest.mark.parametrize("chiave", ["assistente_1", "partner"])
def test_roles_without_fondi_vedi_are_refused(dati, client_per, chiave):
    w, *_ = dati
    assert client_per(w.utente(chiave)).get(url(w)).status_code == 403


def test_the_assemblea_cannot_record_a_movement(dati, client_per):
    w, _a, q = dati
    r = client_per(w.sindaco).post(url(w, f"quote/{q.pk}/movimenti/nuovo/"),
                                   {"tipo": "impegno", "importo": "10", "data_contabile": "2025-03-01"})
    assert r.status_code == 403
    with ambito_scope(w.ambito):
        assert not Movimento.objects.filter(quota=q, tipo="impegno").exists()


def test_an_assegnazione_of_another_ambito_is_404(dati, mondo, client_per):
    _w, a, _q = dati
    c = client_per(mondo.b.responsabile)
    assert c.get(f"/a/{mondo.b.ambito.slug}/fondi/assegnazioni/{a.pk}/").status_code == 404


def test_staff_record_an_assegnazione_from_the_form(mondo, client_per):
    w = mondo.a
    with ambito_scope(w.ambito):
        decreto = atto(w.ambito)
    r = client_per(w.operatore).post(url(w, "assegnazioni/nuova/"), {
        "fonte": fonte("FSR").pk, "descrizione": "FSR 2025", "annualita": "2025", "esercizio": "2025",
        "importo": "650.123,45".replace(".", ""), "data_assegnazione": "2025-07-28", "atto": decreto.pk})
    assert r.status_code == 302
    with ambito_scope(w.ambito):
        a = Assegnazione.objects.get(descrizione="FSR 2025")
    assert a.importo == D("650123.45")
    dettaglio = client_per(w.operatore).get(r["Location"]).content.decode()
    assert "650.123,45 €" in dettaglio


def test_an_overcommitment_shows_the_error_next_to_the_amount_and_keeps_the_input(dati, client_per):
    w, _a, q = dati
    r = client_per(w.operatore).post(url(w, f"quote/{q.pk}/movimenti/nuovo/"), {
        "tipo": "impegno", "importo": "20000,01", "data_contabile": "2025-03-01", "descrizione": "Determina 12"})
    assert r.status_code == 400
    testo = r.content.decode()
    assert "superiore alla disponibilità della quota: 20.000,00 €" in testo
    assert 'value="Determina 12"' in testo
    with ambito_scope(w.ambito):
        assert not Movimento.objects.filter(quota=q, tipo="impegno").exists()


def test_a_movement_and_its_rettifica_from_the_pages(dati, client_per):
    w, a, q = dati
    c = client_per(w.operatore)
    r = c.post(url(w, f"quote/{q.pk}/movimenti/nuovo/"), {"tipo": "impegno", "importo": "1500,00",
                                                           "data_contabile": "2025-03-01"})
    assert r.status_code == 302
    with ambito_scope(w.ambito):
        impegno = Movimento.objects.get(quota=q, tipo="impegno")
    r = c.post(url(w, f"movimenti/{impegno.pk}/rettifica/"), {"importo": "-500,00", "data_contabile": "2025-04-01",
                                                              "motivo": "Importo errato in determina"})
    assert r.status_code == 302
    with ambito_scope(w.ambito):
        assert selectors.saldi_quote(ambito=w.ambito, data=dt.date(2025, 4, 1))[q.pk].impegnato == D("1000.00")
    assert "Importo errato in determina" in c.get(url(w, f"assegnazioni/{a.pk}/")).content.decode()


def test_the_riparto_calculator_previews_without_writing_then_records(dati, client_per):
    w, a, _q = dati
    with ambito_scope(w.ambito):
        delibera = atto(w.ambito)
    c = client_per(w.responsabile)
    campi = {"descrizione": "Riparto FNPS", "metodo": "popolazione", "totale": "10000,00", "anno_popolazione": "2024",
             "data_riferimento": "2025-02-01", "data_contabile": "2025-02-01", "atto": delibera.pk}
    r = c.post(url(w, f"assegnazioni/{a.pk}/riparto/"), {**campi, "anteprima": "1"})
    assert r.status_code == 200
    assert "Calcolo del riparto" in r.content.decode() and "Codogno" in r.content.decode()
    with ambito_scope(w.ambito):
        assert not Riparto.objects.exists()
    r = c.post(url(w, f"assegnazioni/{a.pk}/riparto/"), {**campi, "registra": "1"})
    assert r.status_code == 302
    assert "10.000,00 €" in c.get(r["Location"]).content.decode()


def test_the_position_report_drills_down_to_the_movements(dati, client_per):
    w, _a, _q = dati
    c = client_per(w.sindaco)
    r = c.get(url(w, "posizione/"), {"data": "2025-12-31", "per": ["fonte", "destinazione"]})
    assert r.status_code == 200
    testo = r.content.decode()
    assert "FNPS — Fondo Nazionale Politiche Sociali" in testo
    assert "Bando / avviso (misure)" in testo
    assert "tipo_destinazione=bando" in testo
    r = c.get(url(w, "movimenti/"), {"data": "2025-12-31", "tipo_destinazione": "bando"})
    assert r.status_code == 200 and "Bando famiglie" in r.content.decode()


def test_municipal_quotas_pages(mondo, client_per):
    w = mondo.a
    with ambito_scope(w.ambito):
        delibera = atto(w.ambito)
    c = client_per(w.responsabile)
    r = c.post(url(w, "cofinanziamenti/nuovo/"), {
        "descrizione": "Quota 2025", "anno": "2025", "quota_per_abitante": "2,50", "anno_popolazione": "2024",
        "data_riferimento": "2025-01-01", "atto": delibera.pk})
    assert r.status_code == 302
    testo = c.get(r["Location"]).content.decode()
    assert "115.132,50 €" in testo  # Lodi, 46,053 residents


def test_the_allocation_editor_adds_a_quota_with_an_italian_amount(dati, client_per):
    w, a, _q = dati
    with ambito_scope(w.ambito):
        delibera = atto(w.ambito)
    c = client_per(w.operatore)
    pagina = url(w, f"assegnazioni/{a.pk}/quote/")
    assert "da allocare" in c.get(pagina).content.decode()
    r = c.post(pagina, {"tipo_destinazione": "udos", "descrizione": "Contributi UdO", "importo": "12.345,67",
                        "data_contabile": "2025-03-01", "atto": delibera.pk})
    assert r.status_code == 302
    testo = c.get(pagina).content.decode()
    assert "Contributi UdO" in testo and "12.345,67 €" in testo
    assert "26.034,33 €" in testo  # 58,380 − 20,000 − 12,345.67 still to allocate


def test_an_allocation_beyond_the_assignment_is_refused_next_to_the_amount(dati, client_per):
    w, a, _q = dati
    with ambito_scope(w.ambito):
        delibera = atto(w.ambito)
    r = client_per(w.operatore).post(url(w, f"assegnazioni/{a.pk}/quote/"), {
        "tipo_destinazione": "udos", "descrizione": "Troppo", "importo": "38.380,01", "data_contabile": "2025-03-01",
        "atto": delibera.pk})
    assert r.status_code == 400
    assert "superiore all&#x27;assegnato non ancora allocato: 38.380,00 €" in r.content.decode()
    with ambito_scope(w.ambito):
        assert not a.quote.filter(descrizione="Troppo").exists()


def test_the_assemblea_cannot_open_the_allocation_editor(dati, client_per):
    w, a, _q = dati
    assert client_per(w.sindaco).get(url(w, f"assegnazioni/{a.pk}/quote/")).status_code == 403


def test_the_riparto_page_shows_each_comune_s_quota_and_what_it_has_spent(dati, client_per):
    w, a, _q = dati
    with ambito_scope(w.ambito, actor=w.operatore):
        r = services.riparto_create(assegnazione=a, metodo="popolazione", totale=D("10000.00"), atto=atto(w.ambito),
                                    data_contabile=dt.date(2025, 2, 1), descrizione="Riparto FNPS",
                                    anno_popolazione=2024, actor=w.operatore)
        lodi = r.quote.get(comune__denominazione="Lodi")
        services.impegno_create(quota=lodi, importo=D("1000.00"), data_contabile=dt.date(2025, 3, 1),
                                actor=w.operatore)
    c = client_per(w.sindaco)
    dettaglio = c.get(url(w, f"assegnazioni/{a.pk}/")).content.decode()
    assert "Riparto FNPS" in dettaglio and "4 comuni" in dettaglio
    testo = c.get(url(w, f"riparti/{r.pk}/"), {"data": "2025-12-31"}).content.decode()
    assert "Lodi" in testo and "1.000,00 €" in testo
    assert "46.053" in testo  # the weight, in Italian digits
    assert "10.000,00 €" in testo
    assert "/movimenti/nuovo/" not in testo  # read-only for the Assemblea


def test_a_riparto_by_imported_weights_accepts_italian_numbers(dati, client_per):
    w, a, _q = dati
    with ambito_scope(w.ambito):
        delibera = atto(w.ambito)
    valori = "098031;1.200,5\n098019;300\n098010;0\n015191;499,5"
    r = client_per(w.responsabile).post(url(w, f"assegnazioni/{a.pk}/riparto/"), {
        "descrizione": "Riparto 18-64", "metodo": "pesi_importati", "totale": "2.000,00", "valori": valori,
        "data_riferimento": "2025-02-01", "data_contabile": "2025-02-01", "atto": delibera.pk, "registra": "1"})
    assert r.status_code == 302
    with ambito_scope(w.ambito):
        riparto = Riparto.objects.get(descrizione="Riparto 18-64")
        importi = {q.comune.denominazione: selectors.saldi_quote(ambito=w.ambito, data=dt.date(2025, 2, 1))[q.pk]
                   .allocato for q in riparto.quote.select_related("comune")}
    assert importi == {"Lodi": D("1200.50"), "Codogno": D("300.00"), "San Colombano al Lambro": D("499.50")}


def test_the_movement_list_is_paged_and_says_which_filters_apply(dati, client_per):
    w, _a, q = dati
    with ambito_scope(w.ambito, actor=w.operatore):
        for giorno in range(1, 106):
            services.impegno_create(quota=q, importo=D("1.00"), data_contabile=dt.date(2025, 3, 1)
                                    + dt.timedelta(days=giorno), actor=w.operatore)
    c = client_per(w.operatore)
    prima = c.get(url(w, "movimenti/"), {"quota": q.pk}).content.decode()
    assert "Filtrati per Quota: Bando famiglie" in prima and "106 movimenti" in prima and "Successiva" in prima
    # keyset pages (issue 13): the next page is the rows after the last one shown, filters kept
    successiva = re.search(r'href="(\?[^"]*dopo=[^"]*)"[^>]*>Successiva', prima).group(1).replace("&amp;", "&")
    seconda = c.get(url(w, "movimenti/") + successiva).content.decode()
    assert "14/06/2025" in seconda and "14/06/2025" not in prima and "Filtrati per Quota: Bando famiglie" in seconda


def test_a_text_beyond_its_limit_is_refused_with_the_limit_and_kept_never_cut(mondo, client_per):
    """Issue 14, defect 8: a 5,000-character description pasted into the page was saved as its first 250 (the
    browser cut it at the input's maxlength)."""
    w = mondo.a
    client = client_per(w.operatore)
    pagina = client.get(url(w, "assegnazioni/nuova/")).content.decode()
    assert "maxlength" not in pagina
    assert "Massimo 250 caratteri." in pagina
    with ambito_scope(w.ambito):
        decreto = atto(w.ambito)
    lungo = "Fondo sociale regionale " * 209  # 5,016 characters
    r = client.post(url(w, "assegnazioni/nuova/"), {
        "fonte": fonte("FSR").pk, "descrizione": lungo, "annualita": "2025", "esercizio": "2025",
        "importo": "650123,45", "data_assegnazione": "2025-07-28", "atto": decreto.pk})
    assert r.status_code == 400
    testo = r.content.decode()
    assert f"Al massimo 250 caratteri: il testo ne ha {len(lungo.strip())}." in testo
    assert lungo.strip() in testo  # shown again whole, for the user to shorten
    with ambito_scope(w.ambito):
        assert not Assegnazione.objects.filter(annualita=2025, fonte=fonte("FSR")).exists()


def errori_dei_campi(html: str) -> dict[str, list[str]]:
    """The errors shown next to each field of a form page, by the field's name (only fields with errors)."""
    import html as html_lib

    errori: dict[str, list[str]] = {}
    for blocco in html.split('<div class="form-group mb-4')[1:]:
        blocco = blocco.split('<div class="form-group mb-4')[0]
        trovati = re.findall(r'class="invalid-feedback d-block" role="alert">([^<]+)<', blocco)
        nome = re.search(r'name="([^"]+)"', blocco)
        if trovati and nome:
            errori.setdefault(nome.group(1), []).extend(html_lib.unescape(e) for e in trovati)
    return errori


def test_riparto_errors_stand_next_to_their_field_one_each(dati, client_per):
    """Issue 14, defect 7: a wrong fixed share also got "Indicare la percentuale…" (it was filled), and the
    riparto's and the rimodulazione's errors appeared only at the top of the form."""
    w, a, q = dati
    with ambito_scope(w.ambito):
        delibera = atto(w.ambito)
    c = client_per(w.responsabile)
    campi = {"descrizione": "Riparto FNPS", "metodo": "fissa_popolazione", "totale": "10000,00",
             "anno_popolazione": "2024", "data_riferimento": "2025-02-01", "data_contabile": "2025-02-01",
             "atto": delibera.pk, "anteprima": "1"}
    for sbagliata, atteso in (("150", "La quota fissa è una percentuale tra 0 e 100."),
                              ("30,555", "Al massimo due decimali, es. 12,5."),
                              ("trenta", "Scrivi una percentuale, es. 30 o 12,5.")):
        errori = errori_dei_campi(c.post(url(w, f"assegnazioni/{a.pk}/riparto/"),
                                         {**campi, "percentuale_fissa": sbagliata}).content.decode())
        assert errori == {"percentuale_fissa": [atteso]}, sbagliata
    # beyond what is left to allocate: the service's refusal next to the amount to split
    errori = errori_dei_campi(c.post(url(w, f"assegnazioni/{a.pk}/riparto/"), {
        **campi, "metodo": "parti_uguali", "totale": "99.000,00", "anteprima": "", "registra": "1"}).content.decode())
    assert list(errori) == ["totale"] and "non ancora allocato" in errori["totale"][0]
    # imported amounts that do not add up: next to the pasted values, in Italian
    errori = errori_dei_campi(c.post(url(w, f"assegnazioni/{a.pk}/riparto/"), {
        **campi, "metodo": "importi_importati", "valori": "098010;100"}).content.decode())
    assert list(errori) == ["valori"] and errori["valori"][0].startswith("Gli importi sommano a 100,00 €")
    # a rimodulazione beyond the assignment: next to the new amount
    errori = errori_dei_campi(c.post(url(w, f"quote/{q.pk}/rimodula/"), {
        "nuovo_importo": "99.000,00", "data_contabile": "2025-03-01", "atto": delibera.pk,
        "motivo": "Più fondi al bando"}).content.decode())
    assert list(errori) == ["nuovo_importo"]
    with ambito_scope(w.ambito):
        assert not Riparto.objects.exists()
