"""Objects of one Ambito for the rendicontazione URL kwargs (registered in the isolation matrix)."""

from __future__ import annotations

from ambito.tenancy import ambito_scope
from rendicontazione import services
from rendicontazione.models import Invio
from tests.conftest import MondoAmbito
from tests.tenancy.oggetti import factory


@factory("invio_pk")
def invio_pk(w: MondoAmbito) -> int:
    with ambito_scope(w.ambito, actor=w.operatore):
        invio = Invio(ambito=w.ambito, codice="fondo_poverta", anno=2025, periodo=1, formato="csv",
                      prodotto_da=w.operatore)
        invio.save()
        return invio.pk


@factory("voce_mappatura_pk")
def voce_mappatura_pk(w: MondoAmbito) -> int:
    with ambito_scope(w.ambito, actor=w.operatore):
        return services.voce_mappatura_create(ambito=w.ambito, actor=w.operatore, tipo_oggetto="locale",
                                              descrizione=f"Sportello di {w.ambito.slug}", istat_area="FAM").pk


@factory("ritorno_codice")
def ritorno_codice(w: MondoAmbito) -> str:
    return "fondo_poverta"
