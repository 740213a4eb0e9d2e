"""The register's pages as the office uses them: list with filters (constant queries), the CPE wizard, the
checklist and procedure pages, refusals that keep what was typed, unit detail with history, the other lists."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ambito.tenancy import ambito_scope
from tests.udos import helpers
from udos import services
from udos.models import CPE, StatoCPE

pytestmark = pytest.mark.django_db


def base(mondo, *parti: str) -> str:
    return "/".join([f"/a/{mondo.a.ambito.slug}/udos", *parti]) + "/"


def aggiungi_unita(w, n: int) -> None:
    with ambito_scope(w.ambito, actor=w.operatore):
        for i in range(n):
            cpe = helpers.cpe_avvio(w, codice=("NIDO", "CAG", "CSE")[i % 3], capacita=20,
                                    ente=helpers.ente_di(w, "ab"[i % 2]))
            services.unita_update(unita=cpe.unita, actor=w.operatore, codice_afam=f"AFAM-{cpe.pk}")


@pytest.mark.parametrize("pagina", ["", "cpe", "vigilanza", "accreditamenti", "fsr"])
def test_main_lists_run_a_constant_number_of_queries(mondo, client_per, pagina):
    client = client_per(mondo.a.operatore)
    aggiungi_unita(mondo.a, 2)
    url = base(mondo, pagina) if pagina else base(mondo)
    client.get(url)  # warm-up: session, menu registry
    with CaptureQueriesContext(connection) as pochi:
        assert client.get(url).status_code == 200
    aggiungi_unita(mondo.a, 6)
    with CaptureQueriesContext(connection) as molti:
        risposta = client.get(url)
    assert len(pochi) == len(molti), [q["sql"][:120] for q in molti.captured_queries]
    if not pagina:
        assert risposta.content.decode().count("AFAM-") == 8


def test_the_register_filters_by_type_state_and_text(mondo, client_per):
    with ambito_scope(mondo.a.ambito, actor=mondo.a.operatore):
        helpers.cpe_avvio(mondo.a, denominazione="Nido Arcobaleno")
        helpers.cpe_avvio(mondo.a, codice="CAG", denominazione="CAG Spazio Giovani")
    client = client_per(mondo.a.operatore)
    html = client.get(base(mondo), {"tipologia": "CAG"}).content.decode()
    assert "CAG Spazio Giovani" in html and "Nido Arcobaleno" not in html
    html = client.get(base(mondo), {"q": "arcobal"}).content.decode()
    assert "Nido Arcobaleno" in html and "CAG Spazio Giovani" not in html
    assert "Nessuna unità corrisponde ai filtri" in client.get(base(mondo), {"stato": "cessata"}).content.decode()
    html = client.get(base(mondo), {"area": "minori"}).content.decode()
    assert "CAG Spazio Giovani" in html and "Nido Arcobaleno" not in html


def test_the_cpe_wizard_files_a_new_unit_and_a_refused_declaration_keeps_what_was_typed(mondo, client_per):
    with ambito_scope(mondo.a.ambito, actor=mondo.a.operatore):
        ente = helpers.ente_di(mondo.a)
    client = client_per(mondo.a.operatore)
    passo1 = client.post(base(mondo, "cpe", "nuova"), {"unita": ""})
    assert passo1.status_code == 302 and passo1["Location"] == base(mondo, "cpe", "nuova", "avvio")
    dati = {"tipologia": helpers.tipologia("NIDO").pk, "denominazione": "Nido Il Glicine", "ente_gestore": ente.pk,
            "comune": mondo.a.comuni[1].pk, "indirizzo": "Via dei Mille 4", "capacita": "75",
            "data_presentazione": "03/03/2025", "canale": "suap", "titolare_procedimento": "comune"}
    rifiutata = client.post(base(mondo, "cpe", "nuova", "avvio"), dati)
    assert rifiutata.status_code == 400
    html = rifiutata.content.decode()
    assert "la capacità massima è 60 bambini: ne sono dichiarati 75" in html and "Nido Il Glicine" in html
    registrata = client.post(base(mondo, "cpe", "nuova", "avvio"), {**dati, "capacita": "48"}, follow=True)
    html = registrata.content.decode()
    assert "CPE registrata: Nido Il Glicine può operare dal 03/03/2025." in html
    assert "Aggiungi un allegato" in html and "Richiesta di vigilanza all&#x27;ATS: 02/04/2025" in html
    with ambito_scope(mondo.a.ambito):
        cpe = CPE.objects.get(unita__denominazione="Nido Il Glicine")
        assert (cpe.titolare_procedimento, cpe.unita.comune, cpe.capacita) == ("comune", mondo.a.comuni[1], 48)


def test_checklist_and_procedure_pages_drive_the_cpe_and_say_why_a_step_is_refused(mondo, client_per):
    with ambito_scope(mondo.a.ambito, actor=mondo.a.operatore):
        cpe = helpers.cpe_avvio(mondo.a)
        verifiche = list(cpe.verifiche.order_by("requisito__ordine"))
    client = client_per(mondo.a.operatore)
    assert client.post(base(mondo, "cpe", str(cpe.pk), "verifica"), {"data": "05/03/2025"}).status_code == 302
    refuso = client.post(base(mondo, "cpe", str(cpe.pk), "vigilanza"), {"data": "06/03/2025"})
    assert refuso.status_code == 400
    assert "completa la verifica dei requisiti: 10 ancora da verificare" in refuso.content.decode()
    pagina = client.get(base(mondo, "cpe", str(cpe.pk), "requisiti")).content.decode()
    assert verifiche[0].requisito.testo in pagina
    esiti = {f"esito_{v.pk}": "conforme" for v in verifiche}
    esiti.update({f"nota_{v.pk}": "" for v in verifiche})
    senza_nota = client.post(base(mondo, "cpe", str(cpe.pk), "requisiti"),
                             {**esiti, f"esito_{verifiche[1].pk}": "non_conforme"})
    assert senza_nota.status_code == 400 and "scrivi cosa manca" in senza_nota.content.decode()
    salvata = client.post(base(mondo, "cpe", str(cpe.pk), "requisiti"), esiti, follow=True)
    assert "Verifica dei requisiti salvata." in salvata.content.decode()
    chiesta = client.post(base(mondo, "cpe", str(cpe.pk), "vigilanza"), {"data": "06/03/2025"}, follow=True)
    assert "Vigilanza richiesta all&#x27;ATS. Stato: Vigilanza richiesta all&#x27;ATS." in chiesta.content.decode()
    esito = client.post(base(mondo, "cpe", str(cpe.pk), "esito"), {
        "esito": "prescrizioni", "data_sopralluogo": "20/04/2025", "data_esito": "25/04/2025",
        "prescrizioni": "Installare il cancelletto", "termine_prescrizioni": "25/06/2025"}, follow=True)
    assert "Stato: Esito con prescrizioni." in esito.content.decode()
    vigilanza = client.get(base(mondo, "vigilanza")).content.decode()
    assert "Installare il cancelletto" in vigilanza and "25/06/2025" in vigilanza
    chiusa = client.post(base(mondo, "cpe", str(cpe.pk), "prescrizioni"), {"data": "20/06/2025", "ottemperate": "si"},
                         follow=True)
    assert "Stato: Esito positivo." in chiusa.content.decode()
    with ambito_scope(mondo.a.ambito):
        cpe.refresh_from_db()
    assert cpe.stato == StatoCPE.ESITO_POSITIVO


def test_the_unit_page_shows_its_procedures_and_the_history_of_its_changes(mondo, client_per):
    with ambito_scope(mondo.a.ambito, actor=mondo.a.operatore):
        cpe = helpers.cpe_positiva(mondo.a, capacita=30, denominazione="Nido Pollicino")
        services.cpe_variazione_create(unita=cpe.unita, actor=mondo.a.operatore, tipo="variazione_capacita",
                                       data_presentazione=dt.date(2025, 9, 1), canale="suap", capacita=36)
    html = client_per(mondo.a.operatore).get(base(mondo, "unita", str(cpe.unita_id))).content.decode()
    assert "Nido Pollicino" in html and "Variazione della capacità — 01/09/2025" in html
    assert "Storico delle modifiche" in html and "<td>30</td><td>36</td>" in html


def test_a_unit_edit_refused_by_a_rule_keeps_the_input(mondo, client_per):
    with ambito_scope(mondo.a.ambito, actor=mondo.a.operatore):
        unita = helpers.unita_attiva(mondo.a)
    client = client_per(mondo.a.operatore)
    risposta = client.post(base(mondo, "unita", str(unita.pk), "modifica"), {
        "denominazione": "Nido rinominato", "latitudine": "45,1", "codice_afam": "AFAM-77"})
    assert risposta.status_code == 400
    html = risposta.content.decode()
    assert "Indica sia la latitudine sia la longitudine" in html and "AFAM-77" in html


def test_accreditation_pages_show_the_albo_and_the_contracts(mondo, client_per):
    from decimal import Decimal

    from tests.fondi.helpers import atto

    with ambito_scope(mondo.a.ambito, actor=mondo.a.operatore):
        unita = helpers.cpe_positiva(mondo.a, denominazione="Nido Accreditato").unita
        acc = services.accreditamento_create(unita=unita, actor=mondo.a.operatore, data_domanda=dt.date(2025, 6, 1),
                                             posti=20)
        for stato in ("istruttoria", "sopralluogo"):
            services.accreditamento_transition(accreditamento=acc, actor=mondo.a.operatore, stato=stato,
                                               data=dt.date(2025, 6, 5))
        determina = atto(mondo.a.ambito)
    client = client_per(mondo.a.operatore)
    fatto = client.post(base(mondo, "accreditamenti", str(acc.pk), "stato"), {
        "stato": "accreditata", "data": "10/06/2025", "atto": determina.pk, "valore_voucher": "450,00"}, follow=True)
    assert "Accreditamento: Accreditata." in fatto.content.decode()
    albo = client.get(base(mondo, "accreditamenti")).content.decode()
    assert "Albo degli accreditati" in albo and "Nido Accreditato" in albo
    with ambito_scope(mondo.a.ambito):
        comune = helpers.ente_di(mondo.a, "c")
    contratto = client.post(base(mondo, "accreditamenti", str(acc.pk), "contratto"), {
        "committente": comune.pk, "data_inizio": "01/09/2025", "data_fine": "31/07/2026", "posti": "12",
        "tariffa": "41,20", "unita_tariffa": "giornata"}, follow=True)
    html = contratto.content.decode()
    assert "Contratto registrato: 12 posti." in html and "41,20" in html
    with ambito_scope(mondo.a.ambito):
        acc.refresh_from_db()
        unita.refresh_from_db()
    assert (acc.valore_voucher, unita.posti_accreditati, unita.posti_contrattualizzati) == (Decimal("450.00"), 20, 12)


def test_the_catalogue_page_lists_types_with_limits_and_checklists(mondo, client_per):
    html = client_per(mondo.a.sindaco).get(base(mondo, "tipologie")).content.decode()
    assert "Asilo nido" in html and "11–60 bambini" in html and "≤ 4 ore consecutive" in html
    assert "socio-sanitaria, solo riferimento" in html
