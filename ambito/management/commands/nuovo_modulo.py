"""``manage.py nuovo_modulo <nome>``: a new domain module from the skeleton in ``ambito/scheletro/``.

Writes ``<nome>/``, ``templates/<nome>/`` and ``tests/<nome>/`` (the placeholder ``modulo_modello`` becomes
the name, ``ModuloModello`` its CamelCase) and says what to do next. Nothing existing is overwritten.
"""

from __future__ import annotations

import keyword
import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

SCHELETRO = Path(__file__).resolve().parents[2] / "scheletro"
SEGNAPOSTO = "modulo_modello"
PARTI = {"modulo": "{nome}", "templates": "templates/{nome}", "tests": "tests/{nome}"}
TESTI = {".py", ".html", ".md", ".txt"}


def camel(nome: str) -> str:
    return "".join(parte.capitalize() for parte in nome.split("_"))


def valida_nome(nome: str) -> None:
    if not re.fullmatch(r"[a-z][a-z0-9_]*", nome) or keyword.iskeyword(nome):
        raise CommandError(f"'{nome}' is not a valid module name: use lowercase letters, digits and _.")


def copia(sorgente: Path, destinazione: Path, nome: str) -> list[Path]:
    scritti = []
    for file in sorted(sorgente.rglob("*")):
        if file.is_dir() or "__pycache__" in file.parts:
            continue
        bersaglio = destinazione / file.relative_to(sorgente)
        bersaglio.parent.mkdir(parents=True, exist_ok=True)
        if file.suffix in TESTI:
            testo = file.read_text(encoding="utf-8")
            bersaglio.write_text(testo.replace("ModuloModello", camel(nome)).replace(SEGNAPOSTO, nome),
                                 encoding="utf-8")
        else:
            bersaglio.write_bytes(file.read_bytes())
        scritti.append(bersaglio)
    return scritti


class Command(BaseCommand):
    help = "Create a domain module from the skeleton (models, services, selectors, views, API, tests)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("nome", help="module name, e.g. misure")
        parser.add_argument("--destinazione", default=str(settings.BASE_DIR),
                            help="project folder to write into (default: this project)")

    def handle(self, *args: Any, nome: str, destinazione: str, **options: Any) -> None:
        valida_nome(nome)
        radice = Path(destinazione)
        cartelle = {parte: radice / percorso.format(nome=nome) for parte, percorso in PARTI.items()}
        esistenti = [str(c) for c in cartelle.values() if c.exists() and any(c.iterdir())]
        if esistenti:
            raise CommandError(f"Refusing to overwrite: {', '.join(esistenti)}")
        for parte, cartella in cartelle.items():
            copia(SCHELETRO / parte, cartella, nome)
        self.stdout.write(self.style.SUCCESS(f"Module '{nome}' created in {radice}."))
        self.stdout.write(
            "Next:\n"
            f"  1. add '{nome}' to INSTALLED_APPS and AMBITO_MODULI in ambito/settings.py;\n"
            f"  2. rename the example noun Elemento, then: manage.py makemigrations {nome};\n"
            f"  3. scripts/test tests/{nome} tests/tenancy  (the isolation matrix covers the new routes)."
        )
