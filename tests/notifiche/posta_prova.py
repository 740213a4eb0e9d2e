"""A mail backend for the real-worker tests: fails while a counter file says so, then writes each message to a
JSON-lines file the test reads. The worker imports this module (``-I``) with ``AMBITO_POSTA_PROVA`` set to the
folder of those files; only then does it replace the configured backend."""

from __future__ import annotations

import json
import os
import smtplib
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend


def cartella() -> Path:
    return Path(os.environ["AMBITO_POSTA_PROVA"])


class PostaInstabile(BaseEmailBackend):
    def send_messages(self, email_messages):
        contatore = cartella() / "fallimenti"
        restanti = int(contatore.read_text() or 0) if contatore.exists() else 0
        if restanti > 0:
            contatore.write_text(str(restanti - 1))
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed (test)")
        with (cartella() / "inviate.jsonl").open("a", encoding="utf-8") as uscita:
            for m in email_messages:
                uscita.write(json.dumps({"to": m.to, "subject": m.subject, "body": m.body,
                                         "html": [a[0] for a in getattr(m, "alternatives", [])]}) + "\n")
        return len(email_messages)


if os.environ.get("AMBITO_POSTA_PROVA"):
    settings.EMAIL_BACKEND = "tests.notifiche.posta_prova.PostaInstabile"
