"""Drive the real login wizard (django-two-factor-auth) the way a browser does."""

from __future__ import annotations

from base64 import b32decode

from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

LOGIN = "/account/login/"
PREFISSO = "accesso_view"  # formtools' prefix for ambito.accounts.views.AccessoView


def passo_credenziali(client: Client, email: str, password: str, ip: str = "127.0.0.1"):
    return client.post(LOGIN, {f"{PREFISSO}-current_step": "auth", "auth-username": email,
                               "auth-password": password}, REMOTE_ADDR=ip)


def passo_codice(client: Client, codice: str, ip: str = "127.0.0.1"):
    return client.post(LOGIN, {f"{PREFISSO}-current_step": "token", "token-otp_token": codice}, REMOTE_ADDR=ip)


def passo_recupero(client: Client, codice: str, ip: str = "127.0.0.1"):
    client.post(LOGIN, {"wizard_goto_step": "backup"}, REMOTE_ADDR=ip)
    return client.post(LOGIN, {f"{PREFISSO}-current_step": "backup", "backup-otp_token": codice}, REMOTE_ADDR=ip)


def codice_totp(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"


def codice_da_chiave_b32(chiave: str) -> str:
    return f"{totp(b32decode(chiave)):06d}"


def utente_in_sessione(client: Client) -> str | None:
    return client.session.get("_auth_user_id")
