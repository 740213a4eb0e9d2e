"""Graduatorie pages as the office uses them: compute from the bando's graduatorie page, the graduatoria page
(breakdown per criterion, funding line, hash check), a simulation saved from the panel, the provisional
approval with its act, the internal export with names; a bad input is an Italian error, not a 500; the page's
queries do not grow with the rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ambito.tenancy import ambito_scope
from misure.models import Domanda, Graduatoria
from tests.fondi import helpers as fondi
from tests.misure.graduatorie.helpers import bando_con_quota, domanda_valutata

pytestmark = pytest.mark.django_db


@pytest.fixture
def bando(mondo):
    w = mondo.a
    with ambito_scope(w.ambito):
        prova = bando_con_quota(w.ambito)
        for i in range(3):
            domanda_valutata(w.ambito, prova, w.comuni[i % 2], punti={"isee": 10 + i, "eta": 3})
    return w, prova


def u(w, nome, **kw):
    return reverse(f"misure:{nome}", kwargs={"ambito_slug": w.ambito.slug, **kw})


def test_calcola_simula_approva_dalle_pagine(bando, client_per):
    w, prova = bando
    c = client_per(w.operatore)
    assert "Graduatorie" in c.get(u(w, "bando_detail", bando_pk=prova.bando.pk)).content.decode()
    r = c.post(u(w, "graduatoria_list", bando_pk=prova.bando.pk), {"budget": "1.200,00"})
    assert r.status_code == 302
    with ambito_scope(w.ambito):
        g = Graduatoria.objects.get(bando=prova.bando)
    pagina = c.get(u(w, "graduatoria_detail", graduatoria_pk=g.pk)).content.decode()
    assert "ricalcolo identico" in pagina and "Linea di finanziamento" in pagina
    assert "12,00" in pagina and "15,00" in pagina and "12.00" not in pagina  # points and total, Italian style
    r = c.post(u(w, "graduatoria_simulate", graduatoria_pk=g.pk), {"nome": "Più fondi", "budget": "3.600,00"})
    assert r.status_code == 302
    pagina = c.get(u(w, "graduatoria_detail", graduatoria_pk=g.pk)).content.decode()
    assert "Più fondi" in pagina
    assert f"{w.comuni[1].denominazione}: 1.200,00" in pagina  # euros per comune by name, Italian style
    with ambito_scope(w.ambito):
        assert set(Domanda.objects.filter(bando=prova.bando).values_list("stato", flat=True)) == {"ammissibile"}
    with ambito_scope(w.ambito):
        atto = fondi.atto(w.ambito)
    c.post(u(w, "graduatoria_provisional", graduatoria_pk=g.pk), {"atto": atto.pk})
    with ambito_scope(w.ambito):
        g.refresh_from_db()
    assert g.stato == "provvisoria" and g.atto_provvisoria_id == atto.pk
    with ambito_scope(w.ambito):
        persona = Domanda.objects.filter(bando=prova.bando).first().beneficiario
        persona.cognome = "=SOMMA(A1)"
        persona.save()
    interna = c.get(u(w, "graduatoria_export", graduatoria_pk=g.pk)).content.decode("utf-8-sig")
    assert "Cognome" in interna and "Nome1" in interna.replace("Nome10", "Nome1")
    assert ";'=SOMMA(A1);" in interna and ";1200,00;12;" in interna  # formula-safe, decimal comma


def test_input_sbagliati_danno_errori_in_italiano(bando, client_per):
    w, prova = bando
    c = client_per(w.operatore)
    r = c.post(u(w, "graduatoria_list", bando_pk=prova.bando.pk), {"budget": "mille"})
    assert r.status_code == 400
    with ambito_scope(w.ambito):
        assert not Graduatoria.objects.filter(bando=prova.bando).exists()
    c.post(u(w, "graduatoria_list", bando_pk=prova.bando.pk), {})
    with ambito_scope(w.ambito):
        g = Graduatoria.objects.get(bando=prova.bando)
    r = c.post(u(w, "graduatoria_simulate", graduatoria_pk=g.pk), {"nome": "", "budget": "-5"})
    assert r.status_code == 400
    r = c.post(u(w, "graduatoria_provisional", graduatoria_pk=g.pk), {"atto": "999999"}, follow=True)
    with ambito_scope(w.ambito):
        assert r.status_code == 200 and Graduatoria.objects.get(pk=g.pk).stato == "bozza"


def test_query_costanti_sulla_pagina(bando, client_per):
    w, prova = bando
    c = client_per(w.operatore)
    c.post(u(w, "graduatoria_list", bando_pk=prova.bando.pk), {})
    with ambito_scope(w.ambito):
        g = Graduatoria.objects.get(bando=prova.bando)
    conteggi = []
    for _giro in range(2):
        with CaptureQueriesContext(connection) as q:
            assert c.get(u(w, "graduatoria_detail", graduatoria_pk=g.pk)).status_code == 200
        conteggi.append(len(q))
        with ambito_scope(w.ambito):
            for i in range(5):
                domanda_valutata(w.ambito, prova, w.comuni[i % 2], punti={"isee": i})
        c.post(u(w, "graduatoria_recompute", graduatoria_pk=g.pk))
    assert conteggi[0] == conteggi[1]


def test_ricevuta_con_il_codice(mondo, client_per, monkeypatch):
    import io

    from pypdf import PdfReader

    from misure.services import domande as servizi_domande
    from tests.misure.domande.helpers import beneficiario, valuta_finta
    from tests.misure.domande.helpers import domanda as bozza

    monkeypatch.setattr(servizi_domande, "_valuta_domanda", valuta_finta)
    w = mondo.a
    with ambito_scope(w.ambito):
        prova = bando_con_quota(w.ambito)
        d = bozza(w, prova, beneficiario(w.ambito, w.comuni[0]))
    c = client_per(w.assistente_1)
    assert c.get(u(w, "domanda_ricevuta", domanda_pk=d.pk)).status_code == 404  # not submitted yet
    with ambito_scope(w.ambito, actor=w.assistente_1):
        d = servizi_domande.domanda_submit(domanda=d, actor=w.assistente_1)
    assert len(d.codice_pubblico) == 8
    pdf = c.get(u(w, "domanda_ricevuta", domanda_pk=d.pk)).content
    assert d.codice_pubblico in "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert d.codice_pubblico in c.get(u(w, "domanda_detail", domanda_pk=d.pk)).content.decode()
    assert client_per(w.assistente_2).get(u(w, "domanda_ricevuta", domanda_pk=d.pk)).status_code == 404


def test_configurazione_delle_graduatorie(bando, client_per):
    w, prova = bando
    c = client_per(w.operatore)
    cg, af = prova.caregiver.pk, prova.assistente.pk
    dati = {"graduatoria_per": "strumento", "politica_finanziamento": "riempimento", "finanziamento_parziale": "on",
            "giorni_pubblicazione": "15", f"budget_{cg}": "3.000,00", f"verso_{cg}": str(af),
            f"budget_{af}": "9.600,00", f"verso_{af}": ""}
    assert c.get(u(w, "graduatorie_configure", bando_pk=prova.bando.pk)).status_code == 200
    r = c.post(u(w, "graduatorie_configure", bando_pk=prova.bando.pk), {**dati, f"verso_{af}": str(cg)})
    assert r.status_code == 400 and "un solo verso" in r.content.decode()
    assert c.post(u(w, "graduatorie_configure", bando_pk=prova.bando.pk), dati).status_code == 302
    with ambito_scope(w.ambito):
        prova.bando.refresh_from_db()
        prova.caregiver.refresh_from_db()
        assert (prova.bando.graduatoria_per, prova.bando.politica_finanziamento, prova.bando.giorni_pubblicazione,
                prova.bando.finanziamento_parziale) == ("strumento", "riempimento", 15, True)
        assert prova.caregiver.residui_verso_id == af and str(prova.caregiver.budget_graduatoria) == "3000.00"
