"""Accreditation of units (LR 3/2008): the Ambito's calls with common requirements, the application and
its check, the on-site visit with the gestore, the act, the Albo, periodic checks, suspension, revocation and
decadence; and the contracts that buy accredited places.

Only a unit already in regular operation may be accredited: active, with a CPE whose ATS vigilance ended
positively. States::

    domanda → istruttoria ⇄ integrazioni;  istruttoria → sopralluogo → accreditata | respinta
    accreditata ⇄ sospesa;  accreditata | sospesa → revocata | decaduta
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from ambito.accounts.models import Utente
from ambito.atti.models import Atto
from ambito.errors import RegolaViolata
from ambito.formato import data_it
from ambito.regole import data_non_futura
from ambito.tenancy.models import Ambito
from ambito.territorio.models import Ente
from udos.models import (
    Accreditamento,
    BandoAccreditamento,
    Contratto,
    StatoAccreditamento,
    StatoCPE,
    StatoUnita,
    UnitaOfferta,
)

S = StatoAccreditamento
TRANSIZIONI_ACCREDITAMENTO: Mapping[str, frozenset[str]] = {
    S.DOMANDA: frozenset({S.ISTRUTTORIA}),
    S.ISTRUTTORIA: frozenset({S.INTEGRAZIONI, S.SOPRALLUOGO, S.RESPINTA}),
    S.INTEGRAZIONI: frozenset({S.ISTRUTTORIA}),
    S.SOPRALLUOGO: frozenset({S.ACCREDITATA, S.RESPINTA}),
    S.ACCREDITATA: frozenset({S.SOSPESA, S.REVOCATA, S.DECADUTA}),
    S.SOSPESA: frozenset({S.ACCREDITATA, S.REVOCATA, S.DECADUTA}),
    S.RESPINTA: frozenset(),
    S.REVOCATA: frozenset(),
    S.DECADUTA: frozenset(),
}


@transaction.atomic
def bando_create(*, ambito: Ambito, actor: Utente | None, titolo: str, requisiti: str, data_apertura: dt.date,
                 data_chiusura: dt.date | None = None) -> BandoAccreditamento:
    if not titolo.strip():
        raise RegolaViolata(_("Il titolo è obbligatorio."), campo="titolo")
    if not requisiti.strip():
        raise RegolaViolata(_("Indica i requisiti comuni dell'Ambito."), campo="requisiti")
    if data_chiusura is not None and data_chiusura < data_apertura:
        raise RegolaViolata(_("La chiusura non può precedere l'apertura."), campo="data_chiusura")
    bando = BandoAccreditamento(ambito=ambito, titolo=titolo.strip(), requisiti=requisiti.strip(),
                                data_apertura=data_apertura, data_chiusura=data_chiusura)
    bando.save()
    return bando


def _in_regolare_esercizio(unita: UnitaOfferta) -> None:
    if unita.stato != StatoUnita.ATTIVA:
        raise RegolaViolata(_("Si accredita solo un'unità attiva: questa è «%(stato)s».")
                            % {"stato": unita.get_stato_display()}, campo="unita")
    if unita.tipologia is not None and unita.tipologia.senza_struttura:
        return  # a service without a building has no CPE: accredited directly
    if not unita.cpe.filter(stato=StatoCPE.ESITO_POSITIVO).exists():
        raise RegolaViolata(_("Si accredita solo un'unità in regolare esercizio: serve una CPE con esito positivo "
                              "della vigilanza ATS."), campo="unita", codice="vigilanza_mancante")


@transaction.atomic
def accreditamento_create(*, unita: UnitaOfferta, actor: Utente | None, data_domanda: dt.date, posti: int,
                          bando: BandoAccreditamento | None = None) -> Accreditamento:
    unita = UnitaOfferta.objects.select_for_update().get(pk=unita.pk, ambito=unita.ambito)
    _in_regolare_esercizio(unita)
    data_non_futura(data_domanda, campo="data_domanda")
    if bando is not None and (data_domanda < bando.data_apertura
                              or (bando.data_chiusura and data_domanda > bando.data_chiusura)):
        raise RegolaViolata(_("La domanda è fuori dal periodo del bando."), campo="data_domanda")
    if posti <= 0 or posti > unita.capacita_autorizzata:
        raise RegolaViolata(_("I posti da accreditare vanno da 1 alla capacità dell'unità (%(n)d).")
                            % {"n": unita.capacita_autorizzata}, campo="posti")
    if unita.accreditamenti.exclude(stato__in=(S.RESPINTA, S.REVOCATA, S.DECADUTA)).exists():
        raise RegolaViolata(_("L'unità ha già un accreditamento in corso o attivo."), codice="accreditamento_attivo")
    accreditamento = Accreditamento(ambito=unita.ambito, unita=unita, bando=bando, data_domanda=data_domanda,
                                    posti=posti)
    accreditamento.save()
    return accreditamento


@transaction.atomic
def accreditamento_transition(*, accreditamento: Accreditamento, actor: Utente | None, stato: str, data: dt.date,
                              atto: Atto | None = None, scadenza: dt.date | None = None,
                              retta_patto: Decimal | None = None, valore_voucher: Decimal | None = None,
                              motivo: str = "") -> Accreditamento:
    """Move the accreditation on. Granting needs the act and the patto (fee or voucher value); revoking,
    suspending, refusing and decadence need the reason. The unit's accredited places follow."""
    acc = Accreditamento.objects.select_for_update(of=("self",)).select_related("unita").get(
        pk=accreditamento.pk, ambito=accreditamento.ambito)
    if stato not in S.values:
        raise RegolaViolata(_("Stato sconosciuto."), campo="stato")
    if stato not in TRANSIZIONI_ACCREDITAMENTO[acc.stato]:
        raise RegolaViolata(_("Un accreditamento «%(da)s» non può passare a «%(a)s».")
                            % {"da": S(acc.stato).label, "a": S(stato).label}, codice="transizione_non_ammessa")
    data_non_futura(data, campo="data")
    if data < acc.data_domanda:
        raise RegolaViolata(_("La data non può precedere la domanda (%(d)s).") % {"d": data_it(acc.data_domanda)},
                            campo="data")
    if stato == S.SOPRALLUOGO:
        acc.data_sopralluogo = data
    if stato == S.ACCREDITATA and acc.stato == S.SOPRALLUOGO:
        if atto is None or atto.ambito_id != acc.ambito_id:
            raise RegolaViolata(_("Indica l'atto di accreditamento."), campo="atto")
        if retta_patto is None and valore_voucher is None:
            raise RegolaViolata(_("Il patto di accreditamento fissa la retta o il valore del voucher."),
                                campo="retta_patto")
        for campo, valore in (("retta_patto", retta_patto), ("valore_voucher", valore_voucher)):
            if valore is not None and valore <= 0:
                raise RegolaViolata(_("L'importo deve essere positivo."), campo=campo)
        if scadenza is not None and scadenza <= data:
            raise RegolaViolata(_("La verifica periodica segue la data dell'accreditamento."), campo="scadenza")
        acc.atto, acc.data_accreditamento, acc.scadenza = atto, data, scadenza
        acc.retta_patto, acc.valore_voucher = retta_patto, valore_voucher
    if stato in (S.RESPINTA, S.SOSPESA, S.REVOCATA, S.DECADUTA) and not motivo.strip():
        raise RegolaViolata(_("Indica la motivazione."), campo="motivo")
    if motivo.strip():
        acc.motivo = motivo.strip()
    acc.stato = stato
    acc.save()
    unita = UnitaOfferta.objects.select_for_update().get(pk=acc.unita_id, ambito_id=acc.ambito_id)
    posti = acc.posti if stato == S.ACCREDITATA else 0
    if unita.posti_accreditati != posti:
        unita.posti_accreditati = posti
        unita.posti_contrattualizzati = min(unita.posti_contrattualizzati, posti)
        unita.save()
    return acc


@transaction.atomic
def contratto_create(*, accreditamento: Accreditamento, actor: Utente | None, committente: Ente,
                     data_inizio: dt.date, data_fine: dt.date, posti: int, tariffa: Decimal,
                     unita_tariffa: str = "giornata") -> Contratto:
    acc = Accreditamento.objects.select_for_update(of=("self",)).select_related("unita").get(
        pk=accreditamento.pk, ambito=accreditamento.ambito)
    if acc.stato != S.ACCREDITATA:
        raise RegolaViolata(_("Si contrattano solo posti di un'unità accreditata."), codice="non_accreditata")
    if data_fine < data_inizio:
        raise RegolaViolata(_("La fine del contratto non può precedere l'inizio."), campo="data_fine")
    if tariffa <= 0:
        raise RegolaViolata(_("La tariffa deve essere positiva."), campo="tariffa")
    in_corso = sum(c.posti for c in acc.contratti.filter(data_fine__gte=data_inizio, data_inizio__lte=data_fine))
    if posti <= 0 or in_corso + posti > acc.posti:
        raise RegolaViolata(_("Posti a contratto oltre quelli accreditati: %(liberi)d disponibili nel periodo.")
                            % {"liberi": max(acc.posti - in_corso, 0)}, campo="posti")
    contratto = Contratto(ambito=acc.ambito, accreditamento=acc, committente=committente, data_inizio=data_inizio,
                          data_fine=data_fine, posti=posti, tariffa=tariffa, unita_tariffa=unita_tariffa.strip())
    contratto.save()
    unita = UnitaOfferta.objects.select_for_update().get(pk=acc.unita_id, ambito_id=acc.ambito_id)
    unita.posti_contrattualizzati = min(in_corso + posti, unita.posti_accreditati)
    unita.save()
    return contratto
