"""Publication: the public page lists a provvisoria graduatoria with its hash, finds a row by the code of the
receipt, carries noindex, and disappears after the period; PDF and CSV hold no name, codice fiscale or ISEE
value (text extracted and scanned); the art. 26–27 benefits list shows codes only."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from ambito.formato import formato_numero
from ambito.tenancy import ambito_scope
from misure.models import Domanda, Graduatoria
from misure.services import graduatorie as services
from tests.fondi import helpers as fondi
from tests.misure.graduatorie.helpers import bando_con_quota, domanda_valutata

pytestmark = pytest.mark.django_db


@pytest.fixture
def pubblicata(mondo):
    w = mondo.a
    with ambito_scope(w.ambito):
        prova = bando_con_quota(w.ambito)
        domande = [domanda_valutata(w.ambito, prova, w.comuni[i % 2], punti={"isee": 10 + i, "eta": i},
                                    isee=f"{9000 + i * 1111}.00") for i in range(4)]
        domande.append(domanda_valutata(w.ambito, prova, w.comuni[0], punti={"isee": 1}, stato="non_ammissibile",
                                        motivo="Invalidità non certificata"))
        g = services.graduatoria_compute(bando=prova.bando, actor=w.operatore)
        g = services.graduatoria_approva_provvisoria(graduatoria=g, atto=fondi.atto(w.ambito), actor=w.operatore)
    return w, g, domande


def url(w, nome, **kwargs):
    return reverse(f"pubblico:graduatorie_pubbliche:{nome}", kwargs={"slug_pubblico": w.ambito.slug, **kwargs})


def parole_vietate(w, domande):
    with ambito_scope(w.ambito):
        vietate = []
        for d in Domanda.objects.filter(pk__in=[d.pk for d in domande]).select_related("beneficiario"):
            b = d.beneficiario
            vietate += [b.cognome, b.nome, b.codice_fiscale, str(d.isee_valore), str(d.isee_valore).replace(".", ","),
                        formato_numero(d.isee_valore, 2) if d.isee_valore else ""]
            vietate.append(d.motivo_esito or "§§")
    return [v for v in vietate if v]


def test_pagina_pubblica_hash_ricerca_e_noindex(pubblicata):
    w, g, domande = pubblicata
    client = Client()
    elenco = client.get(url(w, "elenco"))
    assert elenco.status_code == 200 and g.hash_calcolo in elenco.content.decode()
    assert "noindex" in elenco["X-Robots-Tag"]
    codice = domande[3].codice_pubblico  # highest score: position 1
    pagina = client.get(url(w, "dettaglio", graduatoria_pk=g.pk), {"codice": codice.lower()})
    testo = pagina.content.decode()
    assert f"Codice {codice}: posizione 1" in testo
    assert "Nessuna riga con questo codice" in client.get(url(w, "dettaglio", graduatoria_pk=g.pk),
                                                          {"codice": "ZZZZ"}).content.decode()
    for parola in parole_vietate(w, domande):
        assert parola not in testo


def test_pdf_e_csv_senza_dati_personali(pubblicata):
    w, g, domande = pubblicata
    client = Client()
    csv = client.get(url(w, "csv", graduatoria_pk=g.pk)).content
    pdf = b"".join(client.get(url(w, "pdf", graduatoria_pk=g.pk)).streaming_content)
    testo_pdf = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    testo_csv = csv.decode("utf-8-sig")
    for d in domande:
        assert d.codice_pubblico in testo_csv and d.codice_pubblico in testo_pdf
    assert g.hash_calcolo in testo_csv and w.ambito.denominazione in testo_pdf
    for parola in parole_vietate(w, domande):
        assert parola.encode() not in csv and parola not in testo_csv and parola not in testo_pdf
    # numbers in Italian style (the CSV in the Excel dialect of ambito.exporters), criteria with their weights
    assert "Budget;2400,00;Finanziato;2400,00" in testo_csv and "eta ×1;isee ×1" in testo_csv
    riga_prima = next(r for r in testo_csv.splitlines() if r.startswith(f"1;{domande[3].codice_pubblico};"))
    assert riga_prima.endswith(";3,00;13,00;16,00;Idonea finanziata")
    assert "13,00" in testo_pdf and "eta ×1, isee ×1" in testo_pdf and "13.00" not in testo_pdf


def test_dopo_il_periodo_sparisce(pubblicata):
    w, g, _domande = pubblicata
    with ambito_scope(w.ambito):
        Graduatoria.objects.filter(pk=g.pk).update(pubblicata_al=dt.date.today() - dt.timedelta(days=1))
    client = Client()
    assert client.get(url(w, "dettaglio", graduatoria_pk=g.pk)).status_code == 404
    assert g.hash_calcolo not in client.get(url(w, "elenco")).content.decode()


def test_altro_ambito_non_vede(pubblicata, mondo):
    _w, g, _domande = pubblicata
    assert Client().get(url(mondo.b, "dettaglio", graduatoria_pk=g.pk)).status_code == 404


def test_elenco_benefici_solo_codici(pubblicata):
    w, g, domande = pubblicata
    with ambito_scope(w.ambito):
        richiesta = services.graduatoria_richiedi_definitiva(graduatoria=g, atto=fondi.atto(
            w.ambito, data=dt.date.today()), actor=w.operatore)
        from ambito.approvazioni.services import richiesta_approve
        richiesta_approve(richiesta=richiesta, actor=w.responsabile, secondo_fattore_verificato=True)
    testo = Client().get(url(w, "benefici")).content.decode()
    assert domande[3].codice_pubblico in testo
    for parola in parole_vietate(w, domande):
        assert parola not in testo
