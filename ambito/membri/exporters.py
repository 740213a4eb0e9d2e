"""Row exporters: a subclass only yields rows; the base writes CSV or XLSX and reports progress.

pretix's ``ListExporter`` in our terms::

    @registra_esportatore("ambito.esporta_atti", etichetta=_("Atti dell'Ambito"), capacita="...")
    class EsportazioneAtti(EsportatoreRighe):
        nome_file = "atti"
        def intestazioni(self): return [_("Numero"), _("Data"), ...]
        def righe(self):
            atti = atto_list(ambito=self.ambito)
            yield Totale(atti.count())          # optional: progress becomes a percentage
            for atto in atti.iterator(): yield [atto.numero, atto.data, ...]

The class becomes a job kind (:func:`ambito.jobs.registry.tipo_job`) whose parameters form offers the formats.
Untrusted text is written safely: cells starting with ``= + - @`` (or a tab/CR) are plain text — in
XLSX forced to the string type, in CSV prefixed with an apostrophe (OWASP) — and characters XML
forbids are stripped (pretix's ``safe_openpyxl``). XLSX is written in openpyxl's write-only mode
(constant memory); CSV is the Italian Excel dialect (``;``, UTF-8 with BOM, decimal comma).
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
                      descrizione=_("Utenti con il loro ruolo, i comuni e l'ente rappresentato (Excel)."))
class EsportazioneMembri(EsportatoreRighe):
    nome_file = "utenti"
    titolo_foglio = _("Utenti")
    formati = ("xlsx",)

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
