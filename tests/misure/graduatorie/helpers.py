"""Builders for the graduatorie tests: a B2 bando with a fondi quota, domande already assessed (through the ORM:
the assessment is the domande part's, tested there)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from django.utils import timezone

from misure.models import Domanda
from misure.services.domande import codice_pubblico_nuovo
from tests.fondi import helpers as fondi
from tests.misure.domande.helpers import BandoDiProva, bando_b2, beneficiario

_n = itertools.count(1000)


def bando_con_quota(ambito, *, importo: str = "2400.00", **kwargs) -> BandoDiProva:
    prova = bando_b2(ambito, **kwargs)
    assegnazione = fondi.assegnazione(ambito, None)
    fondi.quota(assegnazione, None, importo=importo, oggetto=prova.bando)
    return prova


def domanda_valutata(ambito, prova: BandoDiProva, comune, *, punti: dict, stato: str = "ammissibile",
                     strumento=None, isee: str | None = None, nascita: dt.date | None = None,
                     protocollo: int | None = None, assistente=None, motivo: str = "") -> Domanda:
    n = next(_n)
    persona = beneficiario(ambito, comune, cognome=f"Cognome{n}", nome=f"Nome{n}")
    if nascita:
        persona.data_nascita = nascita
        persona.save()
    dettaglio = [{"criterio": k, "descrizione": k, "valore": "", "punti": str(v), "nota": ""} for k, v in punti.items()]
    return Domanda.objects.create(
        ambito=ambito, comune=comune, bando=prova.bando, strumento=strumento or prova.caregiver,
        versione_regole=prova.versione, beneficiario=persona, stato=stato, protocollo_anno=2025,
        protocollo_numero=protocollo or n, presentata_il=timezone.now(), codice_pubblico=codice_pubblico_nuovo(),
        isee_tipo="sociosanitario", isee_valore=Decimal(isee) if isee else None, motivo_esito=motivo,
        punteggio=sum((Decimal(str(v)) for v in punti.values()), Decimal(0)), punteggio_dettaglio=dettaglio,
        assistente_sociale=assistente)
