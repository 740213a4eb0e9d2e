"""``manage.py demo_otp EMAIL``: the current TOTP code of a demo user's device.

For demos and browser tests only (the demo secrets are published in ``seed_demo``); refused in
production (``AMBITO_PRODUCTION``), where reading someone's second factor would defeat it.

It reads the database named by ``DATABASE_URL``: the one ``scripts/run`` migrated and seeded. With another
one (missing, or not migrated) it says so in one line instead of a database traceback.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, connection
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

# What to do, in one phrase, for both messages (Italian first, like every message of the command).
STESSO_DATABASE = ("lo stesso DATABASE_URL di scripts/run (predefinito: postgres://postgres@127.0.0.1:5432/ambito)"
                   " / use the same DATABASE_URL as scripts/run")


def database_inadatto(errore: DatabaseError) -> CommandError:
    """One line naming the database and the first line of the driver's error, then what to do."""
    causa = (str(errore).strip().splitlines() or [type(errore).__name__])[0]
    nome = connection.settings_dict.get("NAME")
    return CommandError(f"Database «{nome}» non utilizzabile ({causa}). Usa {STESSO_DATABASE}.")


def dispositivo_confermato(email: str) -> TOTPDevice | None:
    try:
        return TOTPDevice.objects.filter(user__email__iexact=email, confirmed=True).order_by("pk").first()
    except DatabaseError as errore:
        raise database_inadatto(errore) from None


def codice_corrente(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


class Command(BaseCommand):
    help = "Stampa il codice TOTP corrente del dispositivo di un utente dimostrativo (mai in produzione)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("demo_otp non si usa con AMBITO_PRODUCTION: rivelerebbe il secondo fattore.")
        device = dispositivo_confermato(options["email"].strip())
        if device is None:
            raise CommandError(f"Nessun dispositivo TOTP confermato per {options['email']}: è un utente della demo "
                               f"(seed_demo)? Allora usa {STESSO_DATABASE}.")
        self.stdout.write(codice_corrente(device))
