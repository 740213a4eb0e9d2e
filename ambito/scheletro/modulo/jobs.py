"""Background work of the module: here, the export of its list (rows → XLSX/CSV, formula-safe, streamed)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.utils.translation import gettext_lazy as _

from ambito.exporters import EsportatoreRighe, Totale, registra_esportatore
from modulo_modello.selectors import elemento_list


@registra_esportatore("modulo_modello.esporta_elementi", etichetta=_("Esportazione degli elementi"),
                      capacita="modulo_modello.vedi", descrizione=_("Nome e descrizione di ogni elemento."))
class EsportazioneElementi(EsportatoreRighe):
    nome_file = "elementi"
    titolo_foglio = _("Elementi")

    def intestazioni(self) -> Sequence[str]:
        return [_("Nome"), _("Descrizione")]

    def righe(self) -> Iterator[Sequence[Any] | Totale]:
        elementi = elemento_list(ambito=self.ambito)
        yield Totale(elementi.count())
        for nome, descrizione in elementi.values_list("nome", "descrizione").iterator():
            yield [nome, descrizione]
