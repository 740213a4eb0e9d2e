"""The chart component: the table and the chart's data carry the same figures, the table in Italian format."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest
from django.template import Context, Template

from ambito.grafici import Grafico, Serie


def rendi(grafico: Grafico) -> str:
    return Template("{% load ambito_grafici %}{% grafico g %}").render(Context({"g": grafico}))


def celle(html: str, grafico: Grafico) -> list[list[str]]:
    corpo = re.search(r'<tbody>(.*?)</tbody>', html, flags=re.S)[1]
    return [re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", riga) for riga in re.findall(r"<tr>(.*?)</tr>", corpo, re.S)]


def test_the_table_shows_the_same_numbers_as_the_chart_data_in_italian_format():
    g = Grafico("Fondi per fondo", ["FNA — Fondo non autosufficienze", "FNPS — Fondo politiche sociali"],
                [Serie("Assegnato", [Decimal("1200000.00"), Decimal("350000.50")]),
                 Serie("Liquidato", [Decimal("1234.56"), None])], intestazione_categorie="Fondo")
    html = rendi(g)

    dati = json.loads(re.search(rf'<script id="{g.id}-dati" type="application/json">(.*?)</script>', html, re.S)[1])
    assert dati["etichette"] == ["FNA — Fondo non autosufficienze", "FNPS — Fondo politiche sociali"]
    assert [s["valori"] for s in dati["serie"]] == [["1200000.00", "350000.50"], ["1234.56", None]]
    assert celle(html, g) == [
        ["FNA — Fondo non autosufficienze", "1.200.000,00 €", "1.234,56 €"],
        ["FNPS — Fondo politiche sociali", "350.000,50 €", "—"],
    ]
    # Row by row, the table's figure is the chart's number written the Italian way.
    for i, riga in enumerate(celle(html, g)):
        for j, serie in enumerate(dati["serie"]):
            valore = serie["valori"][i]
            atteso = "—" if valore is None else g.formatta(Decimal(valore))
            assert riga[j + 1] == atteso
    assert f'data-grafico="{g.id}-dati"' in html and 'aria-hidden="true"' in html
    assert "<caption>Fondi per fondo: i dati del grafico</caption>" in html
    assert '<th scope="col" class="text-end">Assegnato</th>' in html
    assert 'data-chartjs="/static/vendor/chartjs/chart.umd.min.js"' in html and "js/grafici.js" in html


def test_plain_numbers_are_grouped_the_italian_way_and_an_empty_chart_says_so():
    g = Grafico("Residenti", ["Lodi"], [Serie("Residenti", [46053])], unita="numero")
    assert celle(rendi(g), g) == [["Lodi", "46.053"]]
    vuoto = rendi(Grafico("Niente", [], []))
    assert "Nessun dato da mostrare." in vuoto and "<canvas" not in vuoto


def test_a_series_with_the_wrong_number_of_values_is_a_programming_error():
    with pytest.raises(ValueError):
        Grafico("x", ["a", "b"], [Serie("s", [1])])
