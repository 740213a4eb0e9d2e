"""Erogazioni pages and API: the bando's disbursements, the plan page, the run page with exclusions and the
request for confirmation, downloads; comune scoping for assistenti; structured API errors; constant queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ambito.approvazioni.models import RichiestaApprovazione
from ambito.tenancy import ambito_scope
from misure.models import Distinta, EventoBeneficio, PianoErogazione, StatoDistinta, StatoDomanda
from misure.services import erogazioni as services
from tests.misure.erogazioni.helpers import MESE, conferma, finanziata, piano, prepara, scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(mondo):
    return mondo.a


@pytest.fixture
def s(w):
    return scenario(w)


def url(w, resto: str) -> str:
    return f"/a/{w.ambito.slug}/misure/{resto}"


def api(w, resto: str) -> str:
    return f"/api/v1/a/{w.ambito.slug}/misure/erogazioni/{resto}"


def test_the_office_creates_a_plan_from_the_bando_page_and_prepares_the_month(w, s, client_per,
                                                                              django_capture_on_commit_callbacks):
    d = finanziata(w, s, cognome="Dapagina")
    c = client_per(w.operatore)
    bando = c.get(url(w, f"bandi/{s.prova.bando.pk}/erogazioni/"))
    assert bando.status_code == 200 and "Dapagina" in bando.content.decode()
    assert f"bandi/{s.prova.bando.pk}/erogazioni/" in c.get(url(w, f"bandi/{s.prova.bando.pk}/")).content.decode()
    errore = c.post(url(w, f"domande/{d.pk}/piano/nuovo/"), {"mese_inizio": "05/01/2025",
                                                            "tipo_destinatario": "beneficiario"})
    assert errore.status_code == 400 and "primo giorno" in errore.content.decode()
    creato = c.post(url(w, f"domande/{d.pk}/piano/nuovo/"), {"mese_inizio": "01/01/2025",
                                                            "tipo_destinatario": "beneficiario"})
    assert creato.status_code == 302
    with ambito_scope(w.ambito):
        piano_ = PianoErogazione.objects.get(domanda=d)
    assert "Erogazione" in c.get(url(w, f"domande/{d.pk}/")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        avviata = c.post(url(w, f"bandi/{s.prova.bando.pk}/erogazioni/"), {"mese": "01/03/2025"})
    assert avviata.status_code == 302
    with ambito_scope(w.ambito):
        distinta = Distinta.objects.get(bando=s.prova.bando, mese=MESE)
    pagina = c.get(url(w, f"erogazioni/distinte/{distinta.pk}/")).content.decode()
    assert "Dapagina" in pagina and "100,00" in pagina
    piano_pagina = c.get(url(w, f"erogazioni/piani/{piano_.pk}/")).content.decode()
    assert "Piano di erogazione" in piano_pagina and "IT60X0542811101000000123456" in piano_pagina


def test_the_run_page_lists_exclusions_and_sends_to_approval_with_the_act(w, s, client_per):
    ok = piano(w, s, cognome="Incluso")
    escluso = piano(w, s, cognome="Escluso")
    with ambito_scope(w.ambito, actor=w.operatore):
        services.evento_create(piano=escluso, actor=w.operatore, tipo="sospensione", dal=dt.date(2025, 2, 1),
                               motivo="RSA di sollievo")
    distinta = prepara(w, s)
    c = client_per(w.operatore)
    pagina = c.get(url(w, f"erogazioni/distinte/{distinta.pk}/")).content.decode()
    assert "Sospeso per tutto il mese." in pagina and "Incluso" in pagina
    vuoto = c.post(url(w, f"erogazioni/distinte/{distinta.pk}/"), {"atto": ""})
    assert vuoto.status_code == 400
    inviata = c.post(url(w, f"erogazioni/distinte/{distinta.pk}/"), {"atto": s.determina.pk})
    assert inviata.status_code == 302
    with ambito_scope(w.ambito):
        distinta.refresh_from_db()
        assert distinta.stato == StatoDistinta.IN_APPROVAZIONE
        assert RichiestaApprovazione.objects.filter(object_id=distinta.pk, preparata_da=w.operatore).exists()
    assert ok.pk


def test_an_event_from_the_plan_page_and_a_bad_one_refused_with_its_reason(w, s, client_per):
    p = piano(w, s)
    c = client_per(w.operatore)
    errore = c.post(url(w, f"erogazioni/piani/{p.pk}/"), {"tipo": "ripresa", "dal": "01/03/2025", "motivo": "x"})
    assert errore.status_code == 400 and "Non c&#x27;è una sospensione aperta" in errore.content.decode()
    ok = c.post(url(w, f"erogazioni/piani/{p.pk}/"), {"tipo": "sospensione", "dal": "01/03/2025",
                                                     "motivo": "Ricovero"})
    assert ok.status_code == 302
    with ambito_scope(w.ambito):
        assert EventoBeneficio.objects.filter(piano=p).count() == 1
        p.domanda.refresh_from_db()
        assert p.domanda.stato == StatoDomanda.SOSPESA


def test_assistenti_see_only_their_comuni_plans_and_never_runs(w, s, client_per):
    mio = piano(w, s, cognome="DiLodi")
    altrui = piano(w, s, comune=w.comuni[1], cognome="DiCodogno")
    distinta = prepara(w, s)
    a1 = client_per(w.assistente_1)
    assert a1.get(url(w, f"erogazioni/piani/{mio.pk}/")).status_code == 200
    assert a1.get(url(w, f"erogazioni/piani/{altrui.pk}/")).status_code == 404
    assert a1.post(url(w, f"erogazioni/piani/{mio.pk}/"), {"tipo": "sospensione", "dal": "01/03/2025",
                                                          "motivo": "x"}).status_code == 404
    assert a1.get(url(w, f"erogazioni/distinte/{distinta.pk}/")).status_code == 403
    elenco = a1.get(api(w, "piani/")).json()
    assert [r["id"] for r in elenco["results"]] == [mio.pk]
    assert a1.get(api(w, f"piani/{altrui.pk}/")).status_code == 404
    assert a1.get(api(w, f"distinte/{distinta.pk}/")).status_code == 404
    with ambito_scope(w.ambito):
        assert EventoBeneficio.objects.count() == 0


def test_the_api_runs_the_whole_cycle_and_answers_bad_input_in_the_common_shape(w, s, client_per):
    d = finanziata(w, s)
    c = client_per(w.operatore)
    for corpo in ({"domanda": d.pk, "mese_inizio": "non-una-data"}, {"domanda": "x"}, {},
                  {"domanda": d.pk, "mese_inizio": "2025-01-01", "importo_mensile": "1e30"},
                  {"domanda": d.pk, "mese_inizio": "2025-01-15"}):
        errore = c.post(api(w, "piani/"), corpo, content_type="application/json")
        assert errore.status_code == 400, (corpo, errore.content)
        assert "errore" in errore.json()
    assert c.post(api(w, "piani/"), {"domanda": 999999, "mese_inizio": "2025-01-01"},
                  content_type="application/json").status_code == 404
    creato = c.post(api(w, "piani/"), {"domanda": d.pk, "mese_inizio": "2025-01-01"},
                    content_type="application/json")
    assert creato.status_code == 201, creato.json()
    piano_id = creato.json()["id"]
    distinta = c.post(api(w, "distinte/"), {"bando": s.prova.bando.pk, "mese": "2025-03-01"},
                      content_type="application/json")
    assert distinta.status_code == 201 and distinta.json()["totale"] == "100.00"
    righe = c.get(api(w, f"distinte/{distinta.json()['id']}/")).json()["results"]
    assert righe == [{"piano": piano_id, "domanda": d.pk, "comune": w.comuni[0].pk, "importo": "100.00",
                      "giorni": 31, "esclusa": False, "motivo_esclusione": ""}]
    inviata = c.post(api(w, f"distinte/{distinta.json()['id']}/conferma/"), {"atto": s.determina.pk},
                     content_type="application/json")
    assert inviata.status_code == 200 and inviata.json()["stato"] == "in_approvazione"
    evento = c.post(api(w, f"piani/{piano_id}/eventi/"), {"tipo": "sospensione", "dal": "2025-04-01",
                                                          "al": "2025-03-01", "motivo": "x"},
                    content_type="application/json")
    assert evento.status_code == 400
    evento = c.post(api(w, f"piani/{piano_id}/eventi/"), {"tipo": "sospensione", "dal": "2025-04-01",
                                                          "motivo": "Ricovero"}, content_type="application/json")
    assert evento.status_code == 201 and evento.json()["eventi"][0]["tipo"] == "sospensione"
    schema = c.get("/api/v1/schema/")
    if schema.status_code == 200:
        assert b"misure_erogazioni_distinte_prepara" in schema.content


def test_preparing_a_run_takes_a_constant_number_of_queries(w, s):
    piano(w, s, cognome="Uno")
    piano(w, s, cognome="Due")

    def conta() -> int:
        with ambito_scope(w.ambito), CaptureQueriesContext(connection) as ctx:
            services.distinta_prepara(bando=s.prova.bando, mese=MESE, actor=None)
        return len(ctx.captured_queries)

    conta()  # creates the run; from here on each call re-prepares it
    pochi = conta()
    for i in range(6):
        piano(w, s, cognome=f"Altro{i}", comune=w.comuni[i % 2])
    assert conta() == pochi


def test_the_payment_list_and_the_draft_determina(w, s, client_per):
    piano(w, s, cognome="Contabile")
    distinta = conferma(w, s, prepara(w, s))
    c = client_per(w.operatore)
    csv = c.get(url(w, f"erogazioni/distinte/{distinta.pk}/esporta/csv/"))
    testo = b"".join(csv.streaming_content).decode("utf-8-sig")
    assert "Contabile Maria" in testo and "IT60X0542811101000000123456" in testo and "100" in testo
    xlsx = c.get(url(w, f"erogazioni/distinte/{distinta.pk}/esporta/xlsx/"))
    assert xlsx.status_code == 200 and b"".join(xlsx.streaming_content)[:2] == b"PK"
    pdf = c.get(url(w, f"erogazioni/distinte/{distinta.pk}/esporta/pdf/"))
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    assert c.get(url(w, f"erogazioni/distinte/{distinta.pk}/esporta/exe/")).status_code == 404
    # the same files through the API
    via_api = c.get(api(w, f"distinte/{distinta.pk}/file/csv/"))
    assert b"".join(via_api.streaming_content).decode("utf-8-sig") == testo
    assert c.get(api(w, f"distinte/{distinta.pk}/file/exe/")).status_code == 404
    assert client_per(w.assistente_1).get(api(w, f"distinte/{distinta.pk}/file/csv/")).status_code == 403
    assert Decimal(distinta.totale) == Decimal("100.00")
