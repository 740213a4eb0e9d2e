"""``manage.py demo_otp EMAIL``: the current TOTP code of a demo user's device.

For demos and browser tests only (the demo secrets are published in ``seed_demo``); refused in
production (``AMBITO_PRODUCTION``), where reading someone's second factor would defeat it.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


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
        device = (TOTPDevice.objects.filter(user__email__iexact=options["email"].strip(), confirmed=True)
                  .order_by("pk").first())
        if device is None:
            raise CommandError(f"Nessun dispositivo TOTP confermato per {options['email']}.")
        self.stdout.write(codice_corrente(device))
