"""Bandi pages as users see them: the office creates, edits rules (live validation), publishes and versions;
assistenti and the Assemblea see published bandi only; the list runs a constant number of queries."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ambito.tenancy import ambito_scope
from misure.models import Bando, EdizioneMisura, StatoBando, VersioneRegole
from tests.misure.bandi.helpers import bando_b2, delibera, edizione_b2

pytestmark = pytest.mark.django_db


def url(w, resto: str = "") -> str:
    return f"/a/{w.ambito.slug}/misure/{resto}"


def test_l_ufficio_crea_un_bando_ne_scrive_le_regole_e_lo_pubblica(mondo, client_per) -> None:
    w = mondo.a
    c = client_per(w.responsabile)
    assert c.post(url(w, "misure/modelli/")).status_code == 302
    with ambito_scope(w.ambito):
        edizione = EdizioneMisura.objects.get(ambito=w.ambito, misura__codice="b2")
        caregiver = edizione.strumenti.get(codice="caregiver")
        atto = delibera(w.ambito)
    risposta = c.post(url(w, "bandi/nuovo/"), {"edizione": edizione.pk, "titolo": "Avviso B2", "modalita": "annuale",
                                                "apertura": "01/06/2025", "chiusura": "01/05/2025",
                                                "giorni_per_decidere": 30})
    assert risposta.status_code == 400 and "precede l&#x27;apertura" in risposta.content.decode()
    risposta = c.post(url(w, "bandi/nuovo/"), {"edizione": edizione.pk, "titolo": "Avviso B2", "modalita": "annuale",
                                                "apertura": "01/06/2025", "giorni_per_decidere": 30})
    with ambito_scope(w.ambito):
        bando = Bando.objects.get(ambito=w.ambito, titolo="Avviso B2")
    assert risposta.status_code == 302 and risposta["Location"].endswith(f"/bandi/{bando.pk}/")
    assert c.post(url(w, f"bandi/{bando.pk}/strumenti/nuovo/"),
                  {"strumento": caregiver.pk, "mesi": 12}).status_code == 302

    regole = c.get(url(w, f"bandi/{bando.pk}/regole/"))
    assert regole.status_code == 200 and "hx-post" in regole.content.decode()
    sbagliate = {"ammissibilita": json.dumps({"eta": {"min": 65, "max": 18}}), "punteggio": "{}",
                 "incompatibilita": "{"}
    verifica = c.post(url(w, f"bandi/{bando.pk}/regole/verifica/"), sbagliate, HTTP_HX_REQUEST="true")
    assert "JSON non valido alla riga 1" in verifica.content.decode()
    sbagliate["incompatibilita"] = "{}"
    verifica = c.post(url(w, f"bandi/{bando.pk}/regole/verifica/"), sbagliate, HTTP_HX_REQUEST="true")
    testo = verifica.content.decode()
    assert "ammissibilita.eta.max" in testo and "minore della minima" in testo
    salvate = c.post(url(w, f"bandi/{bando.pk}/regole/"), sbagliate)
    assert salvate.status_code == 400 and "ammissibilita.eta.max" in salvate.content.decode()
    buone = {**sbagliate, "ammissibilita": json.dumps({"eta": {"min": 18}, "residenza_ambito": True})}
    assert c.post(url(w, f"bandi/{bando.pk}/regole/verifica/"), buone).content.decode().count("sono valide") == 1
    assert c.post(url(w, f"bandi/{bando.pk}/regole/"), buone).status_code == 302
    with ambito_scope(w.ambito):
        assert VersioneRegole.objects.get(bando=bando).regole_ammissibilita == {"eta": {"min": 18},
                                                                               "residenza_ambito": True}

    assert "congelate" in c.get(url(w, f"bandi/{bando.pk}/pubblica/")).content.decode()
    pubblicato = c.post(url(w, f"bandi/{bando.pk}/pubblica/"), {"atto": atto.pk})
    assert pubblicato.status_code == 302
    pagina = c.get(pubblicato["Location"]).content.decode()
    assert "Bando pubblicato" in pagina and "In vigore: versione 1" in pagina
    editor = c.get(url(w, f"bandi/{bando.pk}/regole/")).content.decode()
    assert "Prepara una nuova versione" in editor and "<textarea" not in editor
    assert c.post(url(w, f"bandi/{bando.pk}/regole/nuova-versione/")).status_code == 302
    assert "<textarea" in c.get(url(w, f"bandi/{bando.pk}/regole/")).content.decode()
    assert c.post(url(w, f"bandi/{bando.pk}/regole/approva/"), {"atto": atto.pk}).status_code == 302
    with ambito_scope(w.ambito):
        assert list(VersioneRegole.objects.filter(bando=bando).values_list("numero", "congelata")) == [
            (2, True), (1, True)]
    assert c.post(url(w, f"bandi/{bando.pk}/chiudi/")).status_code == 302
    with ambito_scope(w.ambito):
        assert Bando.objects.get(pk=bando.pk).stato == StatoBando.CHIUSO


def test_pubblicazione_rifiutata_senza_atto_resta_in_bozza(mondo, client_per) -> None:
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.responsabile):
        bando = bando_b2(w.ambito, w.responsabile)
    c = client_per(w.operatore)
    risposta = c.post(url(w, f"bandi/{bando.pk}/pubblica/"), {"atto": ""})
    assert risposta.status_code == 400
    with ambito_scope(w.ambito):
        assert Bando.objects.get(pk=bando.pk).stato == StatoBando.BOZZA


def test_assistenti_e_assemblea_vedono_solo_i_bandi_pubblicati(mondo, client_per) -> None:
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.responsabile):
        bozza = bando_b2(w.ambito, w.responsabile, titolo="Bando in bozza")
        pubblicato = bando_b2(w.ambito, w.responsabile, titolo="Bando pubblicato", pubblica=True)
    for chi in (w.assistente_1, w.sindaco):
        c = client_per(chi)
        elenco = c.get(url(w, "bandi/")).content.decode()
        assert "Bando pubblicato" in elenco and "Bando in bozza" not in elenco and "Nuovo bando" not in elenco
        assert c.get(url(w, f"bandi/{bozza.pk}/")).status_code == 404
        dettaglio = c.get(url(w, f"bandi/{pubblicato.pk}/"))
        assert dettaglio.status_code == 200 and "Buono caregiver familiare" in dettaglio.content.decode()
        assert "maggiorenni (da 18 anni): ISEE sociosanitario fino a 25.000,00" in dettaglio.content.decode()
        assert "Budget" not in dettaglio.content.decode()
        assert c.post(url(w, f"bandi/{pubblicato.pk}/chiudi/")).status_code == 403
    staff = client_per(w.operatore).get(url(w, "bandi/")).content.decode()
    assert "Bando in bozza" in staff and "Nuovo bando" in staff


def test_menu_bandi_e_misure(mondo, client_per) -> None:
    w = mondo.a
    pagina = client_per(w.assistente_1).get(f"/a/{w.ambito.slug}/").content.decode()
    assert f'href="{url(w, "bandi/")}"' in pagina and "Bandi e misure" in pagina


def conta(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


@pytest.mark.parametrize("pagina", ["bandi/", "misure/"])
def test_elenchi_con_numero_costante_di_query(mondo, client_per, pagina) -> None:
    w = mondo.a
    c = client_per(w.operatore)
    with ambito_scope(w.ambito, actor=w.responsabile):
        edizione_b2(w.ambito, w.responsabile)
        bando_b2(w.ambito, w.responsabile, titolo="Primo")
    c.get(url(w, pagina))
    pochi = conta(lambda: c.get(url(w, pagina)))
    with ambito_scope(w.ambito, actor=w.responsabile):
        for i in range(5):
            bando_b2(w.ambito, w.responsabile, titolo=f"Altro {i}", pubblica=i % 2 == 0)
    molti = conta(lambda: c.get(url(w, pagina)))
    assert pochi == molti


def test_l_ufficio_modifica_misure_edizioni_e_strumenti(mondo, client_per) -> None:
    w = mondo.a
    c = client_per(w.responsabile)
    assert c.post(url(w, "misure/nuova/"), {"codice": "Non Valido", "nome": "X", "gestore": "ambito",
                                            "anni_conservazione": 10,
                                            "anni_conservazione_non_ammesse": 5}).status_code == 400
    r = c.post(url(w, "misure/nuova/"), {"codice": "sollievo", "nome": "Ricoveri di sollievo", "gestore": "ambito",
                                         "anni_conservazione": 10, "anni_conservazione_non_ammesse": 5})
    assert r.status_code == 302
    misura_url = r["Location"]
    misura_pk = int(misura_url.rstrip("/").rsplit("/", 1)[1])
    dati = {"titolo": "Sollievo 2025", "annualita": 2025, "esercizio": 2025, "regole_ammissibilita":
            '{"eta": {"min": 70, "max": 60}}', "regole_punteggio": "", "regole_incompatibilita": ""}
    r = c.post(url(w, f"misure/{misura_pk}/edizioni/nuova/"), dati)
    assert r.status_code == 400 and "ammissibilita.eta.max" in r.content.decode()
    dati["regole_ammissibilita"] = '{"eta": {"min": 60}}'
    assert c.post(url(w, f"misure/{misura_pk}/edizioni/nuova/"), dati).status_code == 302
    with ambito_scope(w.ambito):
        edizione = EdizioneMisura.objects.get(ambito=w.ambito, misura_id=misura_pk)
    assert edizione.regole_ammissibilita == {"eta": {"min": 60}}
    r = c.post(url(w, f"edizioni/{edizione.pk}/strumenti/nuovo/"),
               {"codice": "giornata", "nome": "Contributo giornaliero", "importo_mensile": "1.234,50",
                "fasce_importo": '[{"da": 0, "a": 10, "importo": "5"}, {"da": 5, "importo": "8"}]'})
    assert r.status_code == 400 and "sovrappone" in r.content.decode()
    r = c.post(url(w, f"edizioni/{edizione.pk}/strumenti/nuovo/"),
               {"codice": "giornata", "nome": "Contributo giornaliero", "importo_mensile": "1.234,50"})
    assert r.status_code == 302
    with ambito_scope(w.ambito):
        strumento = edizione.strumenti.get(codice="giornata")
    assert str(strumento.importo_mensile) == "1234.50"
    pagina = c.get(url(w, f"strumenti/{strumento.pk}/modifica/"))
    assert pagina.status_code == 200 and "1234,50" in pagina.content.decode()
    assert c.post(url(w, f"strumenti/{strumento.pk}/modifica/"), {"nome": "Contributo", "importo_mensile": "100",
                                                                   "fasce_importo": ""}).status_code == 302
    assert "Contributo" in c.get(misura_url).content.decode()
    assert c.get(url(w, f"edizioni/{edizione.pk}/modifica/")).status_code == 200


def test_l_ufficio_finanzia_il_bando_con_una_quota_dei_fondi(mondo, client_per) -> None:
    from tests.fondi.helpers import assegnazione

    w = mondo.a
    with ambito_scope(w.ambito, actor=w.responsabile):
        bando = bando_b2(w.ambito, w.responsabile)
        fna = assegnazione(w.ambito, w.responsabile, importo="10000.00")
        atto = delibera(w.ambito)
    c = client_per(w.operatore)
    assert c.get(url(w, f"bandi/{bando.pk}/budget/")).status_code == 200
    dati = {"assegnazione": fna.pk, "importo": "12.000,00", "data_contabile": "25/05/2025", "atto": atto.pk}
    troppo = c.post(url(w, f"bandi/{bando.pk}/budget/"), dati)
    assert troppo.status_code == 400 and "10.000,00" in troppo.content.decode()
    dati["importo"] = "6.000,00"
    assert c.post(url(w, f"bandi/{bando.pk}/budget/"), dati).status_code == 302
    pagina = c.get(url(w, f"bandi/{bando.pk}/")).content.decode()
    assert "Budget (quote dei fondi)" in pagina and "6.000,00" in pagina


def test_le_fasce_degli_importi_si_leggono_in_formato_italiano(mondo, client_per) -> None:
    """The graded amounts of the B2 assistant voucher (hours of contract → euro) on the measure page."""
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.responsabile):
        edizione = edizione_b2(w.ambito, w.responsabile)
    pagina = client_per(w.responsabile).get(url(w, f"misure/{edizione.misura_id}/")).content.decode()
    assert "600,00 €" in pagina and "24,01" in pagina
    assert "800.00" not in pagina and "24.01" not in pagina
