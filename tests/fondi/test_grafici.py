"""The funds as charts: the Assemblea's home and 'il mio comune' (only one's own comune, per 1,000 residents)."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ambito.tenancy import ambito_scope
from fondi import services
from fondi.models import TipoDestinazione
from tests.fondi.helpers import D, assegnazione, determina_di_liquidazione, quota

pytestmark = pytest.mark.django_db


def _spesa_per_comune(w, *, codice: str = "FNA", annualita: int = 2024, comune_indice: int = 0,
                      allocato: str = "4605.30", liquidato: str = "1000.00") -> None:
    with ambito_scope(w.ambito, actor=w.operatore):
        a = assegnazione(w.ambito, w.operatore, importo="100000.00", codice=codice, annualita=annualita)
        q = quota(a, w.operatore, importo=allocato, tipo=TipoDestinazione.COMUNE, descrizione="Quota comunale",
                  comune=w.comuni[comune_indice])
        services.impegno_create(quota=q, importo=D(liquidato), data_contabile=dt.date(2025, 3, 1), actor=w.operatore)
        services.liquidazione_create(quota=q, importo=D(liquidato), data_contabile=dt.date(2025, 4, 1),
                                     actor=w.operatore, atto=determina_di_liquidazione(w.ambito))


def _dati_grafici(html: str) -> list[dict]:
    return [json.loads(m) for m in re.findall(r'<script id="grafico-\d+-dati" type="application/json">(.*?)</script>',
                                              html, re.S)]


def test_the_mayor_sees_only_their_comune_per_fund_year_and_per_1000_residents(mondo, client_per):
    _spesa_per_comune(mondo.a)  # Lodi (the sindaco's comune, 46,053 residents)
    _spesa_per_comune(mondo.a, codice="FNPS", comune_indice=1, allocato="9999.00")  # Codogno: not theirs
    client = client_per(mondo.a.sindaco)

    html = client.get(f"/a/{mondo.a.ambito.slug}/fondi/mio-comune/").content.decode()

    assert "Cosa ha ricevuto Lodi" in html
    assert "Codogno" not in html and "9.999,00" not in html
    euro, per_mille = _dati_grafici(html)
    assert euro["etichette"] == ["FNA 2024"]
    assert [s["valori"] for s in euro["serie"]] == [["4605.30"], ["1000.00"], ["1000.00"]]
    # 4,605.30 € over 46,053 residents = 100.00 € every 1,000; 1,000.00 € = 21.71 €.
    assert [s["valori"] for s in per_mille["serie"]] == [["100.00"], ["21.71"]]
    assert "<td class=\"text-end text-nowrap\">100,00 €</td>" in html
    assert "<td class=\"text-end text-nowrap\">21,71 €</td>" in html
    # Another comune through the query string does not exist for the mayor.
    altro = mondo.a.comuni[1].pk
    assert client.get(f"/a/{mondo.a.ambito.slug}/fondi/mio-comune/?comune={altro}").status_code == 404


def test_staff_choose_any_comune_of_the_ambito(mondo, client_per):
    _spesa_per_comune(mondo.a, comune_indice=1, allocato="9999.00")
    client = client_per(mondo.a.operatore)
    html = client.get(f"/a/{mondo.a.ambito.slug}/fondi/mio-comune/?comune={mondo.a.comuni[1].pk}").content.decode()
    assert "Cosa ha ricevuto Codogno" in html and "9.999,00 €" in html
    sesto = mondo.b.comuni[0].pk
    assert client.get(f"/a/{mondo.a.ambito.slug}/fondi/mio-comune/?comune={sesto}").status_code == 404


def test_roles_without_the_funds_are_refused(mondo, client_per):
    for utente in (mondo.a.assistente_1, mondo.a.partner):
        assert client_per(utente).get(f"/a/{mondo.a.ambito.slug}/fondi/mio-comune/").status_code == 403
    assert client_per(mondo.b.sindaco).get(f"/a/{mondo.a.ambito.slug}/fondi/mio-comune/").status_code == 404


def test_the_assemblea_home_shows_the_funds_as_charts_with_their_tables(mondo, client_per):
    _spesa_per_comune(mondo.a)
    _spesa_per_comune(mondo.a, codice="FNPS", annualita=2025, comune_indice=1, allocato="2000.00",
                      liquidato="500.00")
    html = client_per(mondo.a.sindaco).get(f"/a/{mondo.a.ambito.slug}/").content.decode()

    per_fondo, per_anno = _dati_grafici(html)
    assert [s["nome"] for s in per_fondo["serie"]] == ["Assegnato", "Impegnato", "Liquidato"]
    assert len(per_fondo["etichette"]) == 2 and per_fondo["etichette"][0].startswith("FNA — ")
    assert per_fondo["etichette_asse"] == ["FNA", "FNPS"]  # the axis shows the codes, the table the names
    assert [s["valori"] for s in per_fondo["serie"]] == [["100000.00", "100000.00"], ["1000.00", "500.00"],
                                                         ["1000.00", "500.00"]]
    assert per_anno["etichette"] == ["2024", "2025"] and per_anno["tipo"] == "line"
    assert html.count('class="table table-sm ambito-grafico-tabella"') == 2
    assert "<td class=\"text-end text-nowrap\">100.000,00 €</td>" in html
    assert f'href="/a/{mondo.a.ambito.slug}/fondi/mio-comune/"' in html
    # Staff keep their own home (no Assemblea charts).
    casa_ufficio = client_per(mondo.a.operatore).get(f"/a/{mondo.a.ambito.slug}/").content.decode()
    assert "ambito-grafico-tabella" not in casa_ufficio


def _query_pagina(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_chart_pages_run_a_constant_number_of_queries_as_funds_grow(mondo, client_per):
    client = client_per(mondo.a.sindaco)
    casa, mio = f"/a/{mondo.a.ambito.slug}/", f"/a/{mondo.a.ambito.slug}/fondi/mio-comune/"
    _spesa_per_comune(mondo.a, annualita=2021)
    prima = (_query_pagina(client, casa), _query_pagina(client, mio))
    for anno in (2022, 2023, 2024):
        _spesa_per_comune(mondo.a, annualita=anno)
        _spesa_per_comune(mondo.a, codice="FNPS", annualita=anno)
    assert (_query_pagina(client, casa), _query_pagina(client, mio)) == prima
