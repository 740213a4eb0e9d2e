"""The opt-in public statistics page of an Ambito: off by default (404, not listed), switched on by the office only,
no login, noindex, aggregate figures with small counts suppressed, nothing of another Ambito."""

from __future__ import annotations

import pytest
from django.test import Client
from django_scopes import scopes_disabled

from misure.models import Beneficiario
from rendicontazione.models import StatistichePubbliche
from tests.rendicontazione.test_cruscotto_misure import dati  # noqa: F401  (the dashboard's world)

pytestmark = pytest.mark.django_db


def test_the_office_publishes_aggregates_without_names_and_only_for_its_ambito(dati, client_per):  # noqa: F811
    w, _prova = dati
    pubblica, altra = f"/p/{w.ambito.slug}/statistiche/", "/p/sesto/statistiche/"
    anonimo = Client()
    assert anonimo.get(pubblica).status_code == 404  # off by default
    assert "/statistiche/" not in anonimo.get(f"/p/{w.ambito.slug}/").content.decode()

    impostazione = f"/a/{w.ambito.slug}/rendicontazione/statistiche-pubbliche/"
    assert client_per(w.sindaco).post(impostazione, {"attiva": "on"}).status_code == 403  # a mayor may not
    with scopes_disabled():
        assert not StatistichePubbliche.objects.exists()
    assert client_per(w.responsabile).post(impostazione, {"attiva": "on"}).status_code == 302

    risposta = anonimo.get(pubblica + "?anno=2025")
    assert risposta.status_code == 200 and risposta["X-Robots-Tag"] == "noindex, nofollow"
    testo = risposta.content.decode()
    assert 'name="robots"' in testo and "/statistiche/" in anonimo.get(f"/p/{w.ambito.slug}/").content.decode()
    # 12 domande and 8 beneficiaries of the measure; its 2 waiting and comune 1's 2 beneficiaries hidden.
    assert "<td>12</td><td>8</td><td>&lt; 5</td>" in testo and "Anziani" in testo
    with scopes_disabled():
        cognomi = set(Beneficiario.objects.filter(ambito=w.ambito).values_list("cognome", flat=True))
    assert cognomi and not any(c in testo for c in cognomi)
    assert anonimo.get(altra).status_code == 404  # the other Ambito did not publish

    assert client_per(w.operatore).post(impostazione, {}).status_code == 302  # switched off again
    assert anonimo.get(pubblica).status_code == 404
