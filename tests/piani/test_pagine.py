"""Every page of the module renders in Italian for the staff, and a refused form keeps what was typed."""

from __future__ import annotations

import pytest

from ambito.tenancy import ambito_scope
from piani import services
from tests.piani import helpers as h

pytestmark = pytest.mark.django_db


@pytest.fixture
def oggetti(mondo):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.responsabile):
        piano = h.piano(w.ambito, w.responsabile)
        obiettivo = h.obiettivo(piano, w.responsabile)
        progetto = h.progetto(piano, w.responsabile)
        indicatore = h.indicatore(progetto, w.responsabile)
        periodo = h.periodo(piano, w.responsabile)
        sottoscrittore = services.sottoscrittore_add(piano=piano, actor=w.responsabile, comune=w.comuni[0])
        area = h.aree(piano, "A")[0]
        from ambito.tenancy.models import Ambito

        sovrazonale = services.sovrazonale_create(ambito=w.ambito, actor=w.responsabile, titolo="Condiviso",
                                                  ambiti=[Ambito.objects.exclude(pk=w.ambito.pk).first()])
        procedura = services.coprogettazione_create(ambito=w.ambito, actor=w.responsabile, tipo="coprogettazione",
                                                    oggetto="Centro diurno", responsabile_procedimento="RUP")
    return w, locals()


PAGINE = [
    ("", "Piano di Zona"), ("nuovo/", "Nuovo Piano di Zona"), ("{piano.pk}/", "Macro-aree, obiettivi e progetti"),
    ("{piano.pk}/modifica/", "Modifica il piano"), ("{piano.pk}/stato/", "Cambia lo stato del piano"),
    ("{piano.pk}/accordo/", "Accordo di Programma"), ("{piano.pk}/sottoscrittori/nuovo/", "Aggiungi un sottoscrittore"),
    ("sottoscrittori/{sottoscrittore.pk}/firma/", "Firma di"), ("{piano.pk}/eventi/nuovo/", "Proroga"),
    ("{piano.pk}/aree/nuova/", "Nuova macro-area"), ("{piano.pk}/aree/{area.pk}/", "Modifica la macro-area A"),
    ("{piano.pk}/cruscotto/", "Spesa rispetto al previsto per macro-area"),
    ("{piano.pk}/obiettivi/nuovo/", "Nuovo obiettivo"), ("obiettivi/{obiettivo.pk}/", "Misure e bandi che lo attuano"),
    ("obiettivi/{obiettivo.pk}/modifica/", "Modifica l&#x27;obiettivo"),
    ("obiettivi/{obiettivo.pk}/indicatori/nuovo/", "Valore atteso 2027"),
    ("{piano.pk}/progetti/nuovo/", "Contesto e analisi del bisogno"),
    ("progetti/{progetto.pk}/", "Budget per anno e fonte"), ("progetti/{progetto.pk}/modifica/", "Salva la scheda"),
    ("progetti/{progetto.pk}/azioni/nuova/", "Nuova azione"), ("progetti/{progetto.pk}/budget/", "Budget di"),
    ("progetti/{progetto.pk}/quote/nuova/", "Risorse dei fondi per"),
    ("progetti/{progetto.pk}/indicatori/nuovo/", "Nuovo indicatore"),
    ("indicatori/{indicatore.pk}/", "Valori attesi"),
    ("indicatori/{indicatore.pk}/modifica/", "Modifica l&#x27;indicatore"),
    ("{piano.pk}/periodi/nuovo/", "Nuovo periodo di monitoraggio"), ("periodi/{periodo.pk}/", "Chiudi il periodo"),
    ("periodi/{periodo.pk}/indicatori/{indicatore.pk}/", "Famiglie seguite"),
    ("periodi/{periodo.pk}/obiettivi/{obiettivo.pk}/", "Stato dell&#x27;obiettivo"),
    ("sovrazonali/nuovo/", "Altri Ambiti partecipanti"),
    ("sovrazonali/{sovrazonale.pk}/modifica/", "Modifica il progetto sovrazonale"),
    ("progetti/{progetto.pk}/sovrazonale/", "Nessuno: progetto del solo Ambito"),
    ("profilo/", "Profilo di comunità"), ("profilo/nuovo/", "Nuovo dato del profilo di comunità"),
    ("coprogettazione/", "Centro diurno"), ("coprogettazione/nuova/", "Responsabile del procedimento"),
    ("coprogettazione/{procedura.pk}/", "Passa alla fase successiva"),
    ("coprogettazione/{procedura.pk}/fase/", "Fase della procedura"),
    ("coprogettazione/{procedura.pk}/enti/", "Ente del Terzo Settore della procedura"),
    ("coprogettazione/{procedura.pk}/scadenze/", "Nuova scadenza di rendicontazione"),
    ("coprogettazione/{procedura.pk}/quote/", "Budget della convenzione"),
]


@pytest.mark.parametrize("percorso, testo", PAGINE)
def test_every_page_renders_for_the_responsabile(oggetti, client_per, percorso, testo):
    w, o = oggetti
    r = client_per(w.responsabile).get(f"/a/{w.ambito.slug}/piani/" + percorso.format(**o))
    assert r.status_code == 200 and testo in r.content.decode()


def test_a_refused_project_card_keeps_what_was_typed(oggetti, client_per):
    w, o = oggetti
    r = client_per(w.operatore).post(f"/a/{w.ambito.slug}/piani/{o['piano'].pk}/progetti/nuovo/", {
        "titolo": "Centro diurno", "contesto": "Analisi del bisogno molto lunga", "macro_aree": []})
    assert r.status_code == 400
    pagina = r.content.decode()
    assert "Analisi del bisogno molto lunga" in pagina and "Campo obbligatorio." in pagina


def test_a_menu_entry_leads_to_the_plan(oggetti, client_per):
    w, _ = oggetti
    pagina = client_per(w.partner).get(f"/a/{w.ambito.slug}/").content.decode()
    assert f"/a/{w.ambito.slug}/piani/" in pagina
    assert f"/a/{w.ambito.slug}/piani/" not in client_per(w.assistente_1).get(f"/a/{w.ambito.slug}/").content.decode()


def test_a_value_entered_inline_swaps_only_its_row_and_a_refusal_stays_in_the_row(oggetti, client_per):
    w, o = oggetti
    client = client_per(w.operatore)
    url = f"/a/{w.ambito.slug}/piani/periodi/{o['periodo'].pk}/indicatori/{o['indicatore'].pk}/?riga=1"
    prefisso = f"v{o['indicatore'].pk}"
    r = client.post(url, {f"{prefisso}-valore": "87", f"{prefisso}-note": "Registro"}, HTTP_HX_REQUEST="true")
    riga = r.content.decode()
    assert r.status_code == 200 and riga.startswith("<tr") and "87,00" in riga and "Registrato." in riga
    assert f'name="{prefisso}-valore"' in riga and 'value="87"' in riga  # not 87,0000
    sbagliato = client.post(url, {f"{prefisso}-valore": "tanti"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Inserisci un numero." in sbagliato and "<html" not in sbagliato
    with ambito_scope(w.ambito, actor=w.responsabile):
        services.periodo_close(periodo=o["periodo"], actor=w.responsabile)
    chiuso = client.post(url, {f"{prefisso}-valore": "90"}, HTTP_HX_REQUEST="true").content.decode()
    assert "è chiuso" in chiuso


def test_an_objective_is_linked_to_an_object_chosen_by_name_of_a_registered_kind(oggetti, client_per):
    w, o = oggetti
    client = client_per(w.operatore)
    pagina = client.get(f"/a/{w.ambito.slug}/piani/obiettivi/{o['obiettivo'].pk}/").content.decode()
    assert f'value="piani.progetto:{o["progetto"].pk}">Emporio solidale</option>' in pagina
    r = client.post(f"/a/{w.ambito.slug}/piani/obiettivi/{o['obiettivo'].pk}/collega/",
                    {"oggetto": f"piani.progetto:{o['progetto'].pk}"}, follow=True)
    assert "Collegato: Emporio solidale." in r.content.decode()
    sbagliato = client.post(f"/a/{w.ambito.slug}/piani/obiettivi/{o['obiettivo'].pk}/collega/",
                            {"oggetto": "misure.bando:999999"}, follow=True)
    assert "Oggetto da collegare inesistente in questo Ambito." in sbagliato.content.decode()
