"""The one place where piani reads across Ambiti: the parts of a sovrazonale project held by the other
participating Ambiti, reduced to what the shared header shows (which Ambito, the title of its part).

Budget lines, indicators and monitoring of another Ambito's part are never read here: each Ambito sees
only its own (the isolation matrix and ``tests/piani/test_sovrazonale.py`` prove it).
"""

from __future__ import annotations

from dataclasses import dataclass

from ambito.tenancy import cross_ambito
from piani.models import Progetto, ProgettoSovrazonale


@dataclass(frozen=True)
class ParteSovrazonale:
    ambito: str
    titolo: str
    propria: bool


def sovrazonale_parti(*, testata: ProgettoSovrazonale, ambito_id: int) -> list[ParteSovrazonale]:
    """Each participating Ambito's part of the header (its name and the part's title), own part first."""
    ambiti = {a.pk: a.denominazione for a in testata.ambiti.all()}
    with cross_ambito("piani: titoli delle parti di un progetto sovrazonale degli Ambiti partecipanti"):
        righe = list(Progetto.objects.filter(sovrazonale=testata, ambito_id__in=list(ambiti))
                     .values_list("ambito_id", "titolo"))
    parti = [ParteSovrazonale(ambiti[a], titolo, a == ambito_id) for a, titolo in righe]
    return sorted(parti, key=lambda p: (not p.propria, p.ambito, p.titolo))


def ambiti_con_parte(*, testata: ProgettoSovrazonale) -> set[int]:
    """The Ambiti that hold a part of the header (only their ids: whether one may leave it)."""
    with cross_ambito("piani: Ambiti con una parte di un progetto sovrazonale"):
        return set(Progetto.objects.filter(sovrazonale=testata).values_list("ambito_id", flat=True))
