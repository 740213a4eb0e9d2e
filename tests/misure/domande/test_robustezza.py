"""Any body on the domande API is answered with a structured 2xx/4xx, never a 500, and a refused one saves nothing."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ambito.tenancy import ambito_scope
from misure.models import Domanda
from tests.misure.domande.helpers import domanda

pytestmark = pytest.mark.django_db

valori = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70) | st.text(max_size=30)
    | st.sampled_from(["12.000,00", "1e309", "NaN", "2025-02-30", "31/12/2025", "sociosanitario", "b1", "-0.001"]),
    lambda figli: st.lists(figli, max_size=3) | st.dictionaries(st.text(max_size=10), figli, max_size=3),
    max_leaves=6)
CAMPI = ["beneficiario", "strumento", "isee_tipo", "isee_valore", "isee_scadenza", "l104_c3",
         "invalidita_percentuale", "condizioni", "benefici_dichiarati", "costo_effettivo_mensile", "parametro_fasce",
         "protocollo_capofila", "data_protocollo_capofila", "azione", "motivo", "ammissibile", "domande", "punteggio",
         "data", "strumento", "sina_mobilita", "durata_mesi", "obiettivi", "interventi", "revisione"]
corpi = st.dictionaries(st.sampled_from(CAMPI), valori, max_size=6)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(corpo=corpi, percorso=st.sampled_from(["", "{pk}/", "{pk}/azioni/", "{pk}/decisione-ufficio/",
                                               "{pk}/valutazioni/", "{pk}/progetti/", "azioni-multiple/"]),
       metodo=st.sampled_from(["post", "patch"]))
def test_no_body_makes_the_api_fail(mondo, prova, ben_x, client_per, corpo, percorso, metodo):
    w = mondo.a
    with ambito_scope(w.ambito):
        d = Domanda.objects.filter(beneficiario=ben_x).first()
    d = d or domanda(w, prova, ben_x, actor=w.operatore)
    risposta = getattr(client_per(w.operatore), metodo)(
        f"/api/v1/a/{w.ambito.slug}/misure/domande/{percorso.format(pk=d.pk)}", corpo,
        content_type="application/json")
    assert risposta.status_code < 500, risposta.content
    if risposta.status_code >= 400 and risposta.status_code != 405:
        assert "errore" in risposta.json()
