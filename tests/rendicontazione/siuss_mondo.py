"""A small SIUSS world, built through the ORM (the erogazioni services are misure's tests): a B2 bando, two people
with a plan each, their payments and outbox events (payments, a suspension, an end with a payment wholly undone),
an ISEE attestation with its DSU protocol, a SINA assessment, the strumento's mapping and the ente settings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from ambito.tenancy import ambito_scope
from misure.models import (
    AttestazioneISEE,
    Distinta,
    Domanda,
    EventoBeneficio,
    EventoSIUSS,
    Indebito,
    Pagamento,
    PianoErogazione,
    StatoDistinta,
    StatoDomanda,
    Valutazione,
)
from rendicontazione import services
from rendicontazione.models import ConfigurazioneWaaS
from tests.conftest import MondoAmbito
from tests.fondi.helpers import assegnazione, quota
from tests.misure.domande.helpers import bando_b2, beneficiario

IBAN = "IT60X0542811101000000123456"
TOKEN = "token-di-prova-"  # + the Ambito's slug


@dataclass
class MondoSiuss:
    w: MondoAmbito
    prova: Any
    persone: list = field(default_factory=list)
    piani: list = field(default_factory=list)
    eventi: list = field(default_factory=list)


def token_di(w: MondoAmbito) -> str:
    return TOKEN + w.ambito.slug


def configura(w: MondoAmbito) -> ConfigurazioneWaaS:
    with ambito_scope(w.ambito, actor=w.responsabile):
        return services.configurazione_waas_set(
            ambito=w.ambito, actor=w.responsabile, codice_ente="ADS" + w.ambito.slug.upper()[:8],
            belfiore_ente=w.comuni[0].codice_catastale, cf_operatore="RSSMRA80A01E648X",
            denominazione_ente=f"Ambito {w.ambito.denominazione}"[:100], token=token_di(w))


def mappa_strumento(w: MondoAmbito, strumento_id: int, *, area: str = "2", codice: str = "A1.09") -> None:
    with ambito_scope(w.ambito, actor=w.operatore):
        services.voce_mappatura_create(ambito=w.ambito, actor=w.operatore, tipo_oggetto="misure.strumento",
                                       chiave_oggetto=str(strumento_id),
                                       descrizione="Buono sociale caregiver familiare (Misura B2)",
                                       siuss_codice_prestazione=codice, siuss_area_utenza=area)


def _evento(w, piano, tipo, chiave, data, dati) -> EventoSIUSS:
    return EventoSIUSS.objects.create(ambito=w.ambito, tipo=tipo, chiave=chiave, beneficiario=piano.beneficiario,
                                      piano=piano, data=data, dati=dati)


def _pagamento(w, piano, distinta, mese, importo="100.00") -> tuple[Pagamento, EventoSIUSS]:
    pagamento = Pagamento.objects.create(
        ambito=w.ambito, comune=piano.comune, distinta=distinta, piano=piano, domanda=piano.domanda,
        beneficiario=piano.beneficiario, mese=mese, importo=Decimal(importo), giorni=31,
        tipo_destinatario="beneficiario", intestatario="Intestatario", iban=IBAN)
    evento = _evento(w, piano, "pagamento", f"pagamento-{pagamento.pk}", mese,
                     {"mese": mese.isoformat(), "importo": importo, "giorni": 31, "distinta": distinta.pk})
    return pagamento, evento


def mondo_siuss(w: MondoAmbito, *, con_isee: bool = True, con_sina: bool = True, mappato: bool = True,
                configurato: bool = True) -> MondoSiuss:
    """Rossi: paid January–March 2025 (March wholly undone by a death on 1 March), then the end event.
    Bianchi: paid January 2025, then a suspension from 10 February. Both ISEE-based (DSU protocol on Rossi's only
    unless ``con_isee``), Rossi's domanda with a SINA assessment (UVM, SVAMA)."""
    with ambito_scope(w.ambito, actor=w.operatore):
        prova = bando_b2(w.ambito)
        q = quota(assegnazione(w.ambito, None), None, oggetto=prova.bando)
        m = MondoSiuss(w, prova)
        distinte = {}
        for n, cognome in enumerate(("Rossi", "Bianchi")):
            persona = beneficiario(w.ambito, w.comuni[0], cognome=cognome)
            d = Domanda.objects.create(ambito=w.ambito, comune=w.comuni[0], bando=prova.bando,
                                       strumento=prova.caregiver, beneficiario=persona, stato=StatoDomanda.ATTIVA,
                                       protocollo_anno=2025, protocollo_numero=7000 + n + persona.pk,
                                       isee_tipo="sociosanitario")
            piano = PianoErogazione.objects.create(
                ambito=w.ambito, comune=w.comuni[0], domanda=d, beneficiario=persona, strumento=prova.caregiver,
                quota=q, mese_inizio=dt.date(2025, 1, 1), mese_fine=dt.date(2025, 12, 1),
                importo_mensile=Decimal("100.00"), totale=Decimal("1200.00"), intestatario=cognome, iban=IBAN)
            m.persone.append(persona)
            m.piani.append(piano)
            if con_isee or n == 0:
                AttestazioneISEE.objects.create(
                    ambito=w.ambito, beneficiario=persona, tipo_isee="sociosanitario", valore_isee=Decimal("9000"),
                    protocollo_dsu=f"INPS-ISEE-2025-0000000{n}-00", anno_dsu=2025,
                    rilasciata_il=dt.date(2025, 1, 10), scade_il=dt.date(2025, 12, 31))
            if con_sina and n == 0:
                Valutazione.objects.create(ambito=w.ambito, domanda=d, strumento="svama", punteggio=Decimal("12"),
                                           data=dt.date(2025, 1, 12), uvm_asst=True, sina_mobilita=2,
                                           sina_attivita_quotidiane=4, sina_disturbi_cognitivi=1,
                                           sina_bisogni_sanitari=3, sina_rete_supporto=2)
            elif con_sina:
                Valutazione.objects.create(ambito=w.ambito, domanda=d, strumento="barthel", punteggio=Decimal("40"),
                                           data=dt.date(2025, 1, 12), sina_mobilita=1, sina_attivita_quotidiane=2,
                                           sina_disturbi_cognitivi=3, sina_bisogni_sanitari=1, sina_rete_supporto=4)
        for mese in (dt.date(2025, 1, 1), dt.date(2025, 2, 1), dt.date(2025, 3, 1)):
            distinte[mese] = Distinta.objects.create(ambito=w.ambito, bando=prova.bando, mese=mese,
                                                     chiave=f"siuss-{prova.bando.pk}-{mese:%Y-%m}",
                                                     stato=StatoDistinta.CONFERMATA)
        rossi, bianchi = m.piani
        for mese in (dt.date(2025, 1, 1), dt.date(2025, 2, 1)):
            m.eventi.append(_pagamento(w, rossi, distinte[mese], mese)[1])
        pag_marzo, ev_marzo = _pagamento(w, rossi, distinte[dt.date(2025, 3, 1)], dt.date(2025, 3, 1))
        m.eventi.append(ev_marzo)
        m.eventi.append(_pagamento(w, bianchi, distinte[dt.date(2025, 1, 1)], dt.date(2025, 1, 1))[1])
        sospensione = EventoBeneficio.objects.create(ambito=w.ambito, piano=bianchi, tipo="sospensione",
                                                     dal=dt.date(2025, 2, 10), motivo="Ricovero")
        m.eventi.append(_evento(w, bianchi, "sospensione", f"sospensione-{sospensione.pk}", sospensione.dal,
                                {"dal": "2025-02-10", "al": None, "motivo": "Ricovero"}))
        decesso = EventoBeneficio.objects.create(ambito=w.ambito, piano=rossi, tipo="decesso",
                                                 dal=dt.date(2025, 3, 1), motivo="Decesso")
        Indebito.objects.create(ambito=w.ambito, comune=rossi.comune, beneficiario=rossi.beneficiario,
                                pagamento=pag_marzo, evento=decesso, importo=Decimal("100.00"))
        m.eventi.append(_evento(w, rossi, "cessazione", f"cessazione-{rossi.pk}", decesso.dal,
                                {"tipo": "decesso", "dal": "2025-03-01", "motivo": "Decesso"}))
        # One creation time for the whole world, as the monthly run writes its rows: paging must still work.
        EventoSIUSS.objects.filter(pk__in=[e.pk for e in m.eventi]).update(creato_il=timezone.now())
    if mappato:
        mappa_strumento(w, prova.caregiver.strumento_id)
    if configurato:
        configura(w)
    return m
