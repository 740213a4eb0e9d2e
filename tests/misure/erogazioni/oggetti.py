"""Objects of one Ambito for the erogazioni URL kwargs (the isolation matrix): a plan of a resident of the first
comune (assistente_1's) with a confirmed run, its payment, a death event and the indebito it made — built through
the ORM (the services are tested in test_servizi.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ambito.tenancy import ambito_scope
from misure.models import (
    Distinta,
    Domanda,
    EventoBeneficio,
    Indebito,
    Pagamento,
    PianoErogazione,
    StatoDistinta,
    StatoDomanda,
)
from tests.conftest import MondoAmbito
from tests.fondi.helpers import assegnazione, quota
from tests.misure.domande.helpers import bando_b2, beneficiario
from tests.tenancy.oggetti import factory

IBAN = "IT60X0542811101000000123456"
MESE = dt.date(2025, 3, 1)


def _piano(w: MondoAmbito) -> PianoErogazione:
    with ambito_scope(w.ambito, actor=w.operatore):
        esistente = PianoErogazione.objects.filter(ambito=w.ambito, beneficiario__cognome="MatriceErog").first()
        if esistente is not None:
            return esistente
        prova = bando_b2(w.ambito)
        q = quota(assegnazione(w.ambito, None), None, oggetto=prova.bando)
        persona = beneficiario(w.ambito, w.comuni[0], cognome="MatriceErog")
        d = Domanda.objects.create(ambito=w.ambito, comune=w.comuni[0], bando=prova.bando, strumento=prova.caregiver,
                                   beneficiario=persona, stato=StatoDomanda.ATTIVA, protocollo_anno=2025,
                                   protocollo_numero=90000 + persona.pk)
        return PianoErogazione.objects.create(
            ambito=w.ambito, comune=w.comuni[0], domanda=d, beneficiario=persona, strumento=prova.caregiver, quota=q,
            mese_inizio=dt.date(2025, 1, 1), mese_fine=dt.date(2025, 12, 1), importo_mensile=Decimal("100.00"),
            totale=Decimal("1200.00"), intestatario="Matrice", iban=IBAN)


def _distinta(w: MondoAmbito) -> Distinta:
    piano = _piano(w)
    with ambito_scope(w.ambito):
        distinta, _creata = Distinta.objects.get_or_create(
            ambito=w.ambito, bando_id=piano.domanda.bando_id, mese=MESE,
            defaults={"chiave": f"matrice-{piano.pk}", "stato": StatoDistinta.CONFERMATA})
        return distinta


@factory("piano_pk")
def piano_pk(w: MondoAmbito) -> int:
    return _piano(w).pk


@factory("distinta_pk")
def distinta_pk(w: MondoAmbito) -> int:
    return _distinta(w).pk


@factory("indebito_pk")
def indebito_pk(w: MondoAmbito) -> int:
    piano, distinta = _piano(w), _distinta(w)
    with ambito_scope(w.ambito):
        esistente = Indebito.objects.filter(pagamento__piano=piano).first()
        if esistente is not None:
            return esistente.pk
        pagamento = Pagamento.objects.create(
            ambito=w.ambito, comune=piano.comune, distinta=distinta, piano=piano, domanda=piano.domanda,
            beneficiario=piano.beneficiario, mese=MESE, importo=Decimal("100.00"), giorni=31,
            tipo_destinatario="beneficiario", intestatario="Matrice", iban=IBAN)
        evento = EventoBeneficio.objects.create(ambito=w.ambito, piano=piano, tipo="decesso", dal=dt.date(2025, 2, 1),
                                                motivo="Matrice")
        return Indebito.objects.create(ambito=w.ambito, comune=piano.comune, beneficiario=piano.beneficiario,
                                       pagamento=pagamento, evento=evento, importo=Decimal("100.00")).pk


@factory("formato")
def formato(w: MondoAmbito) -> str:
    return "csv"
