"""``{% sezione_erogazione domanda %}``: the plan section of the domanda page (plan, payments, events, indebiti),
shown to who may see disbursements; ``{% piani_beneficiario beneficiario %}`` the same for a beneficiary."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("misure/erogazioni/_sezione_domanda.html", takes_context=True)
def sezione_erogazione(context: template.Context, domanda: Any) -> dict[str, Any]:
    from misure.models import StatoDomanda
    from misure.selectors import erogazioni as selectors
    from misure.services.erogazioni import GESTISCI, VEDI

    request = context.get("request")
    contesto = getattr(request, "contesto", None)
    if contesto is None or not contesto.puo(VEDI):
        return {"visibile": False}
    piano = selectors.piano_della_domanda(domanda=domanda)
    return {"visibile": piano is not None or domanda.stato == StatoDomanda.FINANZIATA, "piano": piano,
            "domanda": domanda, "request": request, "puo_gestire": contesto.puo(GESTISCI),
            "pagamenti": selectors.pagamento_list(ambito=request.ambito, piano=piano) if piano else [],
            "indebiti": selectors.indebito_list(ambito=request.ambito, piano=piano) if piano else []}


@register.inclusion_tag("misure/erogazioni/_piani_beneficiario.html", takes_context=True)
def piani_beneficiario(context: template.Context, beneficiario: Any) -> dict[str, Any]:
    from misure.selectors import erogazioni as selectors
    from misure.services.erogazioni import VEDI

    request = context.get("request")
    contesto = getattr(request, "contesto", None)
    if contesto is None or not contesto.puo(VEDI):
        return {"visibile": False}
    piani = list(selectors.piano_list(ambito=request.ambito, comuni=contesto.comuni, beneficiario_id=beneficiario.pk))
    indebiti = list(selectors.indebito_list(ambito=request.ambito, comuni=contesto.comuni,
                                            beneficiario_id=beneficiario.pk))
    return {"visibile": bool(piani), "piani": piani, "indebiti": indebiti, "request": request}
