"""Objects of one Ambito for the bandi URL kwargs (registered in the isolation matrix)."""

from __future__ import annotations

from ambito.tenancy import ambito_scope
from misure.models import DocumentoRichiesto, Misura, StrumentoBando
from tests.conftest import MondoAmbito
from tests.misure.bandi.helpers import bando_b2
from tests.tenancy.oggetti import factory


def _bando(w: MondoAmbito):
    with ambito_scope(w.ambito, actor=w.responsabile):
        from misure.models import Bando

        bando = Bando.objects.filter(ambito=w.ambito, titolo="Bando della matrice").first()
        return bando or bando_b2(w.ambito, w.responsabile, titolo="Bando della matrice")


@factory("bando_pk")
def bando_pk(w: MondoAmbito) -> int:
    return _bando(w).pk


@factory("misura_pk")
def misura_pk(w: MondoAmbito) -> int:
    _bando(w)
    with ambito_scope(w.ambito):
        return Misura.objects.get(ambito=w.ambito, codice="b2").pk


@factory("offerto_pk")
def offerto_pk(w: MondoAmbito) -> int:
    bando = _bando(w)
    with ambito_scope(w.ambito):
        return StrumentoBando.objects.filter(bando=bando).first().pk


@factory("documento_pk")
def documento_pk(w: MondoAmbito) -> int:
    bando = _bando(w)
    with ambito_scope(w.ambito, actor=w.responsabile):
        return DocumentoRichiesto.objects.get_or_create(ambito=w.ambito, bando=bando, codice="isee",
                                                        defaults={"descrizione": "ISEE"})[0].pk


@factory("edizione_pk")
def edizione_pk(w: MondoAmbito) -> int:
    return _bando(w).edizione_id


@factory("strumento_edizione_pk")
def strumento_edizione_pk(w: MondoAmbito) -> int:
    bando = _bando(w)
    with ambito_scope(w.ambito):
        return StrumentoBando.objects.filter(bando=bando).first().strumento_id
