from __future__ import annotations

import pytest

from misure.services import domande as domande_services
from tests.misure.domande.helpers import valuta_finta


@pytest.fixture(autouse=True)
def valutatore_finto(monkeypatch):
    """Submission runs the rules engine (tested by the bandi part): a stand-in of the same shape here."""
    monkeypatch.setattr(domande_services, "_valuta_domanda", valuta_finta)
