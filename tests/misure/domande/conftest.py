from __future__ import annotations

import pytest

from ambito.tenancy import ambito_scope
from misure.services import domande as services
from tests.misure.domande.helpers import bando_b2, beneficiario, valuta_finta

VALUTA_VERA = services._valuta_domanda


@pytest.fixture(autouse=True)
def valutatore_finto(monkeypatch):
    """The rules engine is the bandi part's (tested there): these tests use a stand-in of the same result shape,
    except test_motore.py, which runs the real engine on the seeded B2 rules."""
    monkeypatch.setattr(services, "_valuta_domanda", valuta_finta)


@pytest.fixture
def prova(mondo):
    w = mondo.a
    with ambito_scope(w.ambito):
        return bando_b2(w.ambito)


@pytest.fixture
def ben_x(mondo):
    """A resident of comuni[0] (assistente_1's comune)."""
    with ambito_scope(mondo.a.ambito):
        return beneficiario(mondo.a.ambito, mondo.a.comuni[0], cognome="Bianchi", nome="Anna")


@pytest.fixture
def ben_y(mondo):
    """A resident of comuni[1] (assistente_2's comune)."""
    with ambito_scope(mondo.a.ambito):
        return beneficiario(mondo.a.ambito, mondo.a.comuni[1], cognome="Verdi", nome="Luigi")
