"""From a Domanda to the plain :class:`DatiDomanda` the evaluator reads (scoped queries, no writes)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Q

from ambito.tenancy import ambito_scope
from ambito.tenancy.attori import current_actor
from misure.models import STATI_APERTI, BeneficioEsterno, Domanda, StatoDomanda, StrumentoBando, Valutazione
from misure.regole.schema import a_decimale
from misure.regole.tipi import AltraDomanda, BeneficioDichiarato, DatiDomanda


def importo_mensile(strumento_bando: StrumentoBando, parametro: Decimal | None = None) -> Decimal | None:
    """The monthly amount a strumento of a bando grants: graded by the strumento's bands when it has them and
    the parameter is known, else the bando's amount, else the edition's (maximum) amount."""
    strumento = strumento_bando.strumento
    if strumento.fasce_importo and parametro is not None:
        for fascia in strumento.fasce_importo:
            da, a = a_decimale(fascia.get("da")), a_decimale(fascia.get("a"))
            if da is not None and parametro >= da and (a is None or parametro <= a):
                return a_decimale(fascia.get("importo"))
    for importo in (strumento_bando.importo_mensile, strumento.importo_mensile, strumento.importo_mensile_massimo):
        if importo is not None:
            return importo
    return None


def _altre_domande(domanda: Domanda) -> tuple[AltraDomanda, ...]:
    """The person's other open domande in the whole Ambito: the comune dimension of an assistente's scope is
    lifted for this read (after a change of residence the older domande stay with the comune that filed them);
    what leaves is the bando and strumento of each, never another comune's data about the person."""
    aperte = [s for s in STATI_APERTI if s != StatoDomanda.BOZZA]
    with ambito_scope(domanda.ambito, actor=current_actor()):
        altre = (Domanda.objects.filter(ambito_id=domanda.ambito_id, beneficiario_id=domanda.beneficiario_id,
                                        stato__in=aperte)
                 .exclude(pk=domanda.pk)
                 .select_related("bando__edizione__misura", "strumento__strumento"))
        return tuple(AltraDomanda(descrizione=f"{d.bando} — {d.strumento}", misura=d.bando.edizione.misura.codice,
                                  strumento=d.strumento.strumento.codice,
                                  importo_mensile=importo_mensile(d.strumento, d.parametro_fasce))
                     for d in altre)


def _benefici(domanda: Domanda, oggi: dt.date) -> tuple[BeneficioDichiarato, ...]:
    benefici: list[BeneficioDichiarato] = []
    if domanda.beneficiario_id:
        righe = BeneficioEsterno.objects.filter(
            Q(al__isnull=True) | Q(al__gte=oggi), ambito_id=domanda.ambito_id,
            beneficiario_id=domanda.beneficiario_id, dal__lte=oggi)
        benefici = [BeneficioDichiarato(codice=b.codice, descrizione=b.descrizione or b.codice,
                                        importo_mensile=b.importo_mensile) for b in righe]
    benefici.extend(_dichiarato(voce) for voce in domanda.benefici_dichiarati or [] if _dichiarato(voce))
    return tuple(benefici)


def _dichiarato(voce: Any) -> BeneficioDichiarato | None:
    """A line of ``Domanda.benefici_dichiarati``: a code, or {"codice", "descrizione", "importo_mensile"}."""
    if isinstance(voce, str) and voce:
        return BeneficioDichiarato(codice=voce, descrizione=voce, importo_mensile=None)
    if isinstance(voce, dict) and isinstance(voce.get("codice"), str):
        return BeneficioDichiarato(codice=voce["codice"], descrizione=str(voce.get("descrizione") or voce["codice"]),
                                   importo_mensile=a_decimale(voce.get("importo_mensile")))
    return None


def _residente(domanda: Domanda, oggi: dt.date) -> bool | None:
    from ambito.territorio.selectors import comune_list

    comune_id = domanda.beneficiario.comune_id if domanda.beneficiario_id else None
    if comune_id is None:
        return None
    return comune_list(ambito=domanda.ambito, data=oggi).filter(pk=comune_id).exists()


def dati_domanda(domanda: Domanda, *, oggi: dt.date) -> DatiDomanda:
    """Snapshot of what the rules read about ``domanda`` (saved or not, even partly filled in: a wizard may
    evaluate a draft before its beneficiary or strumento is chosen; what is missing is "dati mancanti")."""
    valutazione = (Valutazione.objects.filter(ambito_id=domanda.ambito_id, domanda_id=domanda.pk)
                   .order_by("-data", "-pk").first()) if domanda.pk else None
    return DatiDomanda(
        data_nascita=domanda.beneficiario.data_nascita if domanda.beneficiario_id else None,
        residente_ambito=_residente(domanda, oggi),
        isee_tipo=domanda.isee_tipo or "",
        isee_valore=domanda.isee_valore,
        isee_scadenza=domanda.isee_scadenza,
        l104_c3=domanda.l104_c3,
        l104_c1=domanda.l104_c1,
        indennita_accompagnamento=domanda.indennita_accompagnamento,
        invalidita_percentuale=domanda.invalidita_percentuale,
        vive_al_domicilio=domanda.vive_al_domicilio,
        condizioni=domanda.condizioni if isinstance(domanda.condizioni, dict) else {},
        punteggio_valutazione=valutazione.punteggio if valutazione else None,
        punteggio_massimo_valutazione=valutazione.punteggio_massimo if valutazione else None,
        importo_mensile=(importo_mensile(domanda.strumento, domanda.parametro_fasce) if domanda.strumento_id
                         else None),
        costo_effettivo_mensile=domanda.costo_effettivo_mensile,
        altre_domande=_altre_domande(domanda) if domanda.beneficiario_id else (),
        benefici=_benefici(domanda, oggi),
        protocollo=((domanda.protocollo_anno, domanda.protocollo_numero)
                    if domanda.protocollo_numero is not None and domanda.protocollo_anno is not None else None),
    )
