"""Builders for the bandi tests: real service calls (inside the caller's scope)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ambito.accounts.models import Utente
from ambito.atti.models import Atto, TipoAtto
from ambito.tenancy.models import Ambito
from misure.modelli import modelli_create
from misure.models import Bando, Beneficiario, Domanda, EdizioneMisura, StrumentoBando
from misure.services import bandi as servizi
from tests.fondi.helpers import atto


def delibera(ambito: Ambito, oggetto: str = "Approvazione del bando e dei criteri") -> Atto:
    return atto(ambito, tipo=TipoAtto.DELIBERAZIONE_ASSEMBLEA, data=dt.date(2025, 5, 20), oggetto=oggetto)


def edizione_b2(ambito: Ambito, actor: Utente | None) -> EdizioneMisura:
    modelli_create(ambito=ambito, actor=actor)
    return EdizioneMisura.objects.get(ambito=ambito, misura__codice="b2", annualita=2024)


def bando_b2(ambito: Ambito, actor: Utente | None, *, pubblica: bool = False, titolo: str = "Avviso B2 2025",
             ) -> Bando:
    edizione = edizione_b2(ambito, actor)
    bando = servizi.bando_create(edizione=edizione, actor=actor, titolo=titolo, apertura=dt.date(2025, 6, 1),
                                 modalita="finestre", giorno_chiusura_mensile=15, giorni_per_decidere=60)
    for strumento in edizione.strumenti.all():
        servizi.strumento_bando_add(bando=bando, strumento=strumento, actor=actor)
    if pubblica:
        servizi.bando_publish(bando=bando, actor=actor, atto=delibera(ambito))
    return bando


def beneficiario(ambito: Ambito, comune, *, nascita: dt.date = dt.date(1940, 3, 1), cf: str = "RSSMRA40C01E648X",
                 ) -> Beneficiario:
    return Beneficiario.objects.create(ambito=ambito, comune=comune, codice_fiscale=cf, cognome="Rossi",
                                       nome="Mario", sesso="M", data_nascita=nascita, luogo_nascita_belfiore="E648")


def domanda(bando: Bando, persona: Beneficiario, *, strumento: str = "caregiver", **campi) -> Domanda:
    offerto = StrumentoBando.objects.get(bando=bando, strumento__codice=strumento)
    valori = {"isee_tipo": "sociosanitario", "isee_valore": Decimal("12000.00"), "isee_scadenza": dt.date(2099, 12, 31),
              "l104_c3": True, "vive_al_domicilio": True, **campi}
    return Domanda.objects.create(ambito=bando.ambito, comune=persona.comune, bando=bando, strumento=offerto,
                                  beneficiario=persona, **valori)


def nello_scope(test):
    """Run a test body inside the scope of ``w`` (the Ambito world passed as the ``w`` fixture)."""
    import functools

    from ambito.tenancy import ambito_scope

    @functools.wraps(test)
    def eseguito(*args, **kwargs):
        w = kwargs["w"]
        with ambito_scope(w.ambito, actor=w.responsabile):
            return test(*args, **kwargs)

    return eseguito
