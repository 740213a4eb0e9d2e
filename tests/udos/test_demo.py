"""The register's demo: units of the demo Ambito's own comuni at every stage, with a gestore who sees only theirs."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from ambito.accounts.models import Membro, Ruolo
from ambito.accounts.permissions import contesto_per
from ambito.tenancy import ambito_scope
from ambito.tenancy.models import Ambito
from ambito.territorio.selectors import comune_list
from udos import selectors
from udos.models import CPE, StatoCPE, StatoUnita

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("senza_mondo")]


def test_the_demo_fills_the_register_with_procedures_in_progress():
    call_command("seed_demo", stdout=io.StringIO())
    lodi = Ambito.objects.get(slug="lodi")
    with ambito_scope(lodi):
        unita = selectors.unita_list(ambito=lodi)
        assert unita.count() == 7
        assert set(unita.values_list("comune", flat=True)) <= set(comune_list(ambito=lodi).values_list("pk", flat=True))
        assert {u.stato for u in unita} == {StatoUnita.ATTIVA, StatoUnita.CESSATA}
        stati = set(CPE.objects.filter(ambito=lodi).values_list("stato", flat=True))
        assert {StatoCPE.PRESENTATA, StatoCPE.INTEGRAZIONI_RICHIESTE, StatoCPE.VIGILANZA_RICHIESTA,
                StatoCPE.PRESCRIZIONI, StatoCPE.ESITO_POSITIVO} <= stati
        assert selectors.albo_accreditati(ambito=lodi).count() == 2
        gestore = Membro.objects.get(ambito=lodi, ruolo=Ruolo.GESTORE)
        visibili = selectors.unita_list(ambito=lodi, ente=selectors.ente_visibile(contesto_per(gestore.utente, lodi)))
        assert 0 < visibili.count() < unita.count()
        assert {u.ente_gestore_id for u in visibili} == {gestore.ente_id}
