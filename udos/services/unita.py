"""The unit in the register: the rules every write checks, the data that change without a CPE, the notices.

What a CPE declares (type, capacity, site, gestore) changes only through a CPE (``udos.services.cpe``);
everything else (AFAM code, contacts, hours, fees, staff ratio, coordinates) through :func:`unita_update`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ambito.accounts.models import Utente
from ambito.errors import RegolaViolata
from ambito.formato import data_it
from ambito.regole import data_non_futura
from ambito.tenancy.models import Ambito
from ambito.territorio.models import Comune, Ente
from ambito.territorio.validators import validate_codice_fiscale_ente
from udos.models import (
    Comunicazione,
    StatoUnita,
    TipoComunicazione,
    TipologiaUdO,
    UnitaOfferta,
)

CAMPI_MODIFICABILI = ("codice_afam", "denominazione", "telefono", "email", "latitudine", "longitudine",
                      "giorni_apertura", "orari_apertura", "retta_mensile", "rapporto_personale", "titolare",
                      "posti_accreditati", "posti_contrattualizzati")


def controlla_capacita(*, tipologia: TipologiaUdO | None, capacita: int | None, campo: str = "capacita") -> None:
    """Capacity is a positive number within the type's regional limits (DGR XI/45/2018)."""
    if capacita is None or capacita <= 0:
        raise RegolaViolata(_("La capacità deve essere un numero intero positivo."), campo=campo)
    if tipologia is None:
        return
    unita = tipologia.get_unita_capacita_display()
    if tipologia.capacita_max is not None and capacita > tipologia.capacita_max:
        raise RegolaViolata(_("Per un «%(tipo)s» la capacità massima è %(max)d %(unita)s: ne sono dichiarati %(n)d.")
                            % {"tipo": tipologia.denominazione, "max": tipologia.capacita_max, "unita": unita,
                               "n": capacita}, campo=campo, codice="capacita_fuori_limiti")
    if tipologia.capacita_min is not None and capacita < tipologia.capacita_min:
        raise RegolaViolata(_("Per un «%(tipo)s» la capacità minima è %(min)d %(unita)s: ne sono dichiarati %(n)d.")
                            % {"tipo": tipologia.denominazione, "min": tipologia.capacita_min, "unita": unita,
                               "n": capacita}, campo=campo, codice="capacita_fuori_limiti")


def controlla_tipologia(tipologia: TipologiaUdO, *, data: dt.date, campo: str = "tipologia",
                        senza_struttura: bool = False) -> None:
    if not tipologia.sociale:
        raise RegolaViolata(_("«%(tipo)s» è un'unità socio-sanitaria: la CPE non si presenta all'Ambito.")
                            % {"tipo": tipologia.denominazione}, campo=campo)
    if tipologia.senza_struttura and not senza_struttura:
        raise RegolaViolata(_("«%(tipo)s» è un servizio senza struttura: non serve la CPE, si registra come "
                              "offerta accreditabile.") % {"tipo": tipologia.denominazione}, campo=campo)
    if senza_struttura and not tipologia.senza_struttura:
        raise RegolaViolata(_("«%(tipo)s» ha una struttura: entra nel registro con la sua CPE.")
                            % {"tipo": tipologia.denominazione}, campo=campo)
    if tipologia.valida_dal > data or (tipologia.valida_al is not None and tipologia.valida_al < data):
        raise RegolaViolata(_("Questa versione della tipologia non è in vigore il %(data)s.")
                            % {"data": data_it(data)}, campo=campo)


def controlla_ente_gestore(ente: Ente, *, campo: str = "ente_gestore") -> None:
    """An ente gestore is identified by a valid codice fiscale / partita IVA (the shared Ente register)."""
    if not ente.codice_fiscale:
        raise RegolaViolata(_("L'ente gestore «%(ente)s» non ha codice fiscale o partita IVA: completalo nel "
                              "registro degli enti prima di presentare la CPE.") % {"ente": ente}, campo=campo)
    try:
        validate_codice_fiscale_ente(ente.codice_fiscale)
    except Exception as exc:  # ValidationError: the registry may hold a code entered before the check existed
        raise RegolaViolata(_("Il codice fiscale dell'ente gestore «%(ente)s» non è valido.") % {"ente": ente},
                            campo=campo) from exc


def controlla_comune(ambito: Ambito, comune: Comune, *, data: dt.date) -> None:
    from ambito.territorio.selectors import comune_list

    if not comune_list(ambito=ambito, data=data).filter(pk=comune.pk).exists():
        raise RegolaViolata(_("Il comune di %(comune)s non fa parte dell'Ambito.") % {"comune": comune},
                            campo="comune")


def _controlla_afam(unita: UnitaOfferta) -> None:
    if unita.codice_afam and UnitaOfferta.objects.filter(
            ambito=unita.ambito, codice_afam=unita.codice_afam).exclude(pk=unita.pk).exists():
        raise RegolaViolata(_("Il codice AFAM %(codice)s è già usato da un'altra unità.")
                            % {"codice": unita.codice_afam}, campo="codice_afam")


def _controlla_coordinate(unita: UnitaOfferta) -> None:
    if (unita.latitudine is None) != (unita.longitudine is None):
        raise RegolaViolata(_("Indica sia la latitudine sia la longitudine, o nessuna delle due."),
                            campo="latitudine")
    if unita.latitudine is not None and not (Decimal(-90) <= unita.latitudine <= Decimal(90)):
        raise RegolaViolata(_("La latitudine è compresa fra -90 e 90."), campo="latitudine")
    if unita.longitudine is not None and not (Decimal(-180) <= unita.longitudine <= Decimal(180)):
        raise RegolaViolata(_("La longitudine è compresa fra -180 e 180."), campo="longitudine")


def controlla_posti(unita: UnitaOfferta) -> None:
    if unita.posti_accreditati > unita.capacita_autorizzata:
        raise RegolaViolata(_("I posti accreditati (%(a)d) non possono superare la capacità (%(c)d).")
                            % {"a": unita.posti_accreditati, "c": unita.capacita_autorizzata},
                            campo="posti_accreditati")
    if unita.posti_contrattualizzati > unita.posti_accreditati:
        raise RegolaViolata(_("I posti a contratto (%(p)d) non possono superare quelli accreditati (%(a)d).")
                            % {"p": unita.posti_contrattualizzati, "a": unita.posti_accreditati},
                            campo="posti_contrattualizzati")


def salva_unita(unita: UnitaOfferta) -> None:
    _controlla_afam(unita)
    _controlla_coordinate(unita)
    controlla_posti(unita)
    if unita.retta_mensile is not None and unita.retta_mensile < 0:
        raise RegolaViolata(_("La retta non può essere negativa."), campo="retta_mensile")
    unita.save()


@transaction.atomic
def unita_update(*, unita: UnitaOfferta, actor: Utente | None, **dati: Any) -> UnitaOfferta:
    """Change the data that need no CPE. Nothing changed → no save, no history row."""
    sconosciuti = set(dati) - set(CAMPI_MODIFICABILI)
    if sconosciuti:
        raise RegolaViolata(_("Questi dati cambiano solo con una CPE: %(campi)s.")
                            % {"campi": ", ".join(sorted(sconosciuti))})
    unita = UnitaOfferta.objects.select_for_update().get(pk=unita.pk, ambito=unita.ambito)
    if unita.stato == StatoUnita.CESSATA:
        raise RegolaViolata(_("L'unità è cessata: il registro la conserva com'era."))
    cambiati = {k: v for k, v in dati.items() if getattr(unita, k) != v}
    if not cambiati:
        return unita
    for campo, valore in cambiati.items():
        setattr(unita, campo, valore)
    if not unita.denominazione.strip():
        raise RegolaViolata(_("La denominazione è obbligatoria."), campo="denominazione")
    salva_unita(unita)
    return unita


_EFFETTI_STATO = {
    TipoComunicazione.SOSPENSIONE: ((StatoUnita.ATTIVA,), StatoUnita.SOSPESA),
    TipoComunicazione.RIPRESA: ((StatoUnita.SOSPESA,), StatoUnita.ATTIVA),
    TipoComunicazione.CESSAZIONE: ((StatoUnita.ATTIVA, StatoUnita.SOSPESA, StatoUnita.INIBITA), StatoUnita.CESSATA),
}


@transaction.atomic
def comunicazione_create(*, unita: UnitaOfferta, actor: Utente | None, tipo: str, data: dt.date,
                         testo: str = "") -> Comunicazione:
    """A notice that needs no CPE (a new legal representative, hours, fees) or changes the unit's state
    (suspension, resumption, closure). Dated when it happened: never in the future."""
    if tipo not in TipoComunicazione.values:
        raise RegolaViolata(_("Tipo di comunicazione sconosciuto."), campo="tipo")
    data_non_futura(data, campo="data")
    unita = UnitaOfferta.objects.select_for_update().get(pk=unita.pk, ambito=unita.ambito)
    if data < unita.data_avvio:
        raise RegolaViolata(_("La comunicazione non può precedere l'inizio attività (%(avvio)s).")
                            % {"avvio": data_it(unita.data_avvio)}, campo="data")
    effetto = _EFFETTI_STATO.get(tipo)
    if effetto is not None:
        da, a = effetto
        if unita.stato not in da:
            raise RegolaViolata(_("Un'unità «%(stato)s» non può ricevere la comunicazione «%(tipo)s».")
                                % {"stato": unita.get_stato_display(), "tipo": TipoComunicazione(tipo).label},
                                campo="tipo", codice="transizione_non_ammessa")
        unita.stato = a
        if a == StatoUnita.CESSATA:
            unita.data_cessazione = data
        unita.save()
    comunicazione = Comunicazione(ambito=unita.ambito, unita=unita, tipo=tipo, data=data, testo=testo.strip())
    comunicazione.save()
    return comunicazione


def _nuova_unita(*, ambito: Ambito, comune: Comune, denominazione: str, indirizzo: str, ente_gestore: Ente,
                 capacita: int, data_avvio: dt.date, **campi: Any) -> UnitaOfferta:
    data_non_futura(data_avvio, campo="data_avvio")
    controlla_ente_gestore(ente_gestore)
    controlla_comune(ambito, comune, data=data_avvio)
    if not denominazione.strip():
        raise RegolaViolata(_("La denominazione è obbligatoria."), campo="denominazione")
    if not indirizzo.strip():
        raise RegolaViolata(_("L'indirizzo è obbligatorio."), campo="indirizzo")
    unita = UnitaOfferta(ambito=ambito, comune=comune, denominazione=denominazione.strip(),
                         indirizzo=indirizzo.strip(), ente_gestore=ente_gestore, capacita_autorizzata=capacita,
                         data_avvio=data_avvio, stato=StatoUnita.ATTIVA, **campi)
    salva_unita(unita)
    return unita


@transaction.atomic
def servizio_create(*, ambito: Ambito, actor: Utente | None, tipologia: TipologiaUdO, denominazione: str,
                    ente_gestore: Ente, comune: Comune, indirizzo: str, capacita: int, data_avvio: dt.date,
                    **dati: Any) -> UnitaOfferta:
    """An accredited service without a building (SAD, ADM, assistenza educativa scolastica): no CPE; it enters
    the register with its provider and may be accredited directly (vouchers are spent at its provider).
    ``indirizzo`` is the provider's operating seat."""
    controlla_tipologia(tipologia, data=data_avvio, senza_struttura=True)
    controlla_capacita(tipologia=tipologia, capacita=capacita)
    return _nuova_unita(ambito=ambito, comune=comune, denominazione=denominazione, indirizzo=indirizzo,
                        ente_gestore=ente_gestore, capacita=capacita, data_avvio=data_avvio, tipologia=tipologia,
                        **dati)


@transaction.atomic
def unita_sperimentale_create(*, ambito: Ambito, actor: Utente | None, denominazione: str, ente_gestore: Ente,
                              comune: Comune, indirizzo: str, capacita: int, data_avvio: dt.date,
                              atto_sperimentazione: str, **dati: Any) -> UnitaOfferta:
    """An experimental unit outside the catalogue, agreed with the ATS: no CPE, no type; the act that authorises
    it is required. Not admitted to the FSR."""
    if not atto_sperimentazione.strip():
        raise RegolaViolata(_("Indica l'atto che autorizza la sperimentazione."), campo="atto_sperimentazione")
    controlla_capacita(tipologia=None, capacita=capacita)
    return _nuova_unita(ambito=ambito, comune=comune, denominazione=denominazione, indirizzo=indirizzo,
                        ente_gestore=ente_gestore, capacita=capacita, data_avvio=data_avvio, sperimentale=True,
                        atto_sperimentazione=atto_sperimentazione.strip(), **dati)


def unita_close(*, unita: UnitaOfferta, actor: Utente | None, data: dt.date, motivo: str = "") -> UnitaOfferta:
    """Closure of the unit: a notice of cessazione (the unit stays in the register, ``cessata``)."""
    comunicazione_create(unita=unita, actor=actor, tipo=TipoComunicazione.CESSAZIONE, data=data, testo=motivo)
    unita.refresh_from_db()
    return unita
