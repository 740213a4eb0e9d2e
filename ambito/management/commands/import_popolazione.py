"""``manage.py import_popolazione PATH [--fonte ISTAT]``: population of the comuni.

PATH is a CSV with header ``codice_istat;popolazione;anno`` (``,`` also accepted). Every code must
already be known (run ``import_comuni`` first); any bad row → nothing is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ambito.errors import RegolaViolata
from ambito.management.commands.import_comuni import _leggi, mostra_errori
from ambito.territorio.importers.popolazione import leggi_popolazione
from ambito.territorio.services import popolazione_import


class Command(BaseCommand):
    help = "Importa la popolazione dei comuni da un CSV codice_istat;popolazione;anno."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("percorso", help="CSV con intestazione codice_istat;popolazione;anno")
        parser.add_argument("--fonte", default="ISTAT", help="fonte dei dati (predefinita: ISTAT)")

    def handle(self, *args: Any, **options: Any) -> None:
        percorso = Path(options["percorso"])
        lettura = leggi_popolazione(_leggi(percorso))
        if lettura.errori:
            mostra_errori(self, lettura.errori)
            raise CommandError(f"{len(lettura.errori)} errori in {percorso}: nessuna popolazione importata.")
        try:
            esito = popolazione_import(righe=lettura.righe, fonte=options["fonte"])
        except RegolaViolata as exc:
            mostra_errori(self, getattr(exc, "errori", []))
            raise CommandError(exc.messaggio) from exc
        self.stdout.write(self.style.SUCCESS(
            f"Popolazione da {percorso.name}: {len(lettura.righe)} righe, {esito.aggiornati} comuni aggiornati, "
            f"{esito.invariati} invariati."))
