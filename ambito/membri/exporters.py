"""The export of the Ambito's members (a job kind): one row per active member with role, comuni and ente.

The writing (XLSX, formula-safe, progress) is :mod:`ambito.exporters`'.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ambito.exporters import EsportatoreRighe, Totale, registra_esportatore
from ambito.membri.selectors import membro_list


@registra_esportatore("ambito.esporta_membri", etichetta=_("Esportazione degli utenti dell'Ambito"),
                      capacita="ambito.membri.vedi",
                      descrizione=_("Utenti con il loro ruolo, i comuni e l'ente rappresentato (Excel o CSV)."))
class EsportazioneMembri(EsportatoreRighe):
    nome_file = "utenti"
    titolo_foglio = _("Utenti")

    def intestazioni(self) -> Sequence[str]:
        return [_("Cognome"), _("Nome"), _("E-mail"), _("Ruolo"), _("Comuni"), _("Ente rappresentato"),
                _("Membro dal")]

    def righe(self) -> Iterator[Sequence[Any] | Totale]:
        membri = list(membro_list(ambito=self.ambito))
        yield Totale(len(membri))
        for membro in membri:
            utente = membro.utente
            comuni = ", ".join(sorted(c.denominazione for c in membro.comuni.all()))
            yield [utente.last_name, utente.first_name, utente.email, membro.get_ruolo_display(), comuni,
                   membro.ente.denominazione if membro.ente else "", timezone.localdate(membro.creato_il)]
