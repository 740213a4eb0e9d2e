"""Builders for udos tests: real service calls, so test data obeys the same rules as the product."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from ambito.accounts.models import Membro, Ruolo, Utente
from ambito.territorio.models import Ente, TipoEnte
from tests.conftest import MondoAmbito, crea_utente
from udos import services
from udos.models import CPE, StatoCPE, TipologiaUdO, UnitaOfferta

# Valid partite IVA (Luhn check digit), one per ente the tests use.
PIVA = {"a": "01234560157", "b": "02345670158", "c": "03456780158", "d": "04567890159"}
PRESENTATA_IL = dt.date(2025, 3, 3)
_contatore = itertools.count(1)


def tipologia(codice: str = "NIDO") -> TipologiaUdO:
    return TipologiaUdO.objects.get(codice=codice, versione=1)


def _piva_sesto(chiave: str) -> str:
    return {"a": "05678900159", "b": "06789010151", "c": "07890120152", "d": "08901230154"}[chiave]


def ente_di(w: MondoAmbito, chiave: str = "a") -> Ente:
    cf = PIVA[chiave] if w.ambito.slug == "lodi" else _piva_sesto(chiave)
    ente, _ = Ente.objects.get_or_create(codice_fiscale=cf, defaults={
        "tipo": TipoEnte.COOPERATIVA, "denominazione": f"Cooperativa {chiave.upper()} di {w.ambito.slug}",
        "registrato_da": w.ambito})
    return ente


def gestore(w: MondoAmbito, ente: Ente, nome: str = "gestore") -> Utente:
    """A referente of ``ente`` with the gestore role in the world's Ambito."""
    utente = crea_utente(f"{nome}{next(_contatore)}@{w.ambito.slug}.test", "Referente", ente.denominazione)
    Membro.objects.create(ambito=w.ambito, utente=utente, ruolo=Ruolo.GESTORE, ente=ente)
    return utente


def cpe_avvio(w: MondoAmbito, *, ente: Ente | None = None, codice: str = "NIDO", capacita: int = 30,
              denominazione: str | None = None, data: dt.date = PRESENTATA_IL, **extra: Any) -> CPE:
    return services.cpe_avvio_create(
        ambito=w.ambito, actor=w.operatore, tipologia=tipologia(codice),
        denominazione=denominazione or f"Nido {next(_contatore)} di {w.ambito.slug}",
        ente_gestore=ente or ente_di(w), comune=w.comuni[0], indirizzo="Via Roma 1", capacita=capacita,
        data_presentazione=data, canale="suap", **extra)


def completa_checklist(cpe: CPE, actor: Utente, esito: str = "conforme") -> None:
    services.checklist_update(cpe=cpe, actor=actor, esiti={v.pk: (esito, "") for v in cpe.verifiche.all()})


def fino_a_vigilanza(cpe: CPE, actor: Utente) -> CPE:
    cpe = services.cpe_verifica_start(cpe=cpe, actor=actor, data=cpe.data_presentazione + dt.timedelta(days=2))
    completa_checklist(cpe, actor)
    return services.cpe_vigilanza_request(cpe=cpe, actor=actor, data=cpe.data_presentazione + dt.timedelta(days=10))


def cpe_positiva(w: MondoAmbito, **kwargs: Any) -> CPE:
    cpe = fino_a_vigilanza(cpe_avvio(w, **kwargs), w.operatore)
    d = cpe.data_richiesta_ats
    return services.cpe_esito_record(cpe=cpe, actor=w.operatore, esito=StatoCPE.ESITO_POSITIVO,
                                     data_sopralluogo=d + dt.timedelta(days=20), data_esito=d + dt.timedelta(days=30))


def unita_attiva(w: MondoAmbito, **kwargs: Any) -> UnitaOfferta:
    return cpe_avvio(w, **kwargs).unita


def next_numero() -> int:
    return next(_contatore)
