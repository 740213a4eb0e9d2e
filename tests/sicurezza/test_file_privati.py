"""Uploads and generated files live in private storage and are never reachable by a URL of their own:
not under /media/, not under MEDIA_URL, not under /static/, not by their storage name or their path on
disk — only through the views that check who is asking (tested in their areas)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import get_resolver
from django.views.static import serve

from ambito.jobs.models import Job, StatoJob
from ambito.tenancy import ambito_scope
from tests.governance.helpers import PNG, crea_atto
from tests.tenancy.routes import iter_routes

pytestmark = pytest.mark.django_db


def indirizzi(nome: str) -> list[str]:
    """Every public address a private file could be guessed at."""
    disco = Path(settings.PRIVATE_MEDIA_ROOT) / nome
    return ["/media/" + nome, settings.MEDIA_URL + nome, "/static/" + nome, "/" + nome,
            "/private/" + nome, "/var/private/" + nome, str(disco)]


def file_privati(mondo) -> list[str]:
    atto = crea_atto(mondo.a, pubblicato=True)
    with ambito_scope(mondo.a.ambito):  # the database accepts a tenant row only inside its Ambito's scope
        job = Job.objects.create(ambito=mondo.a.ambito, tipo="ambito.esporta_atti", richiesto_da=mondo.a.operatore,
                                 stato=StatoJob.COMPLETATO, progresso=100)
        job.risultato.save("atti.csv", ContentFile(b"numero;oggetto\n"))
    ambito = mondo.a.ambito
    ambito.logo.save("logo.png", ContentFile(PNG))
    nomi = [atto.allegato.name, job.risultato.name, ambito.logo.name]
    for nome in nomi:
        assert (Path(settings.PRIVATE_MEDIA_ROOT) / nome).is_file(), nome
    return nomi


@pytest.mark.parametrize("chi", ["anonimo", "responsabile", "admin"])
def test_no_private_file_is_served_at_any_public_address(mondo, client_per, chi):
    nomi = file_privati(mondo)
    client = Client() if chi == "anonimo" else client_per(mondo.admin if chi == "admin" else mondo.a.responsabile)
    for nome in nomi:
        for indirizzo in indirizzi(nome):
            risposta = client.get(indirizzo)
            assert risposta.status_code in (302, 404), (indirizzo, risposta.status_code)
            contenuto = b"".join(risposta.streaming_content) if risposta.streaming else risposta.content
            assert b"%PDF" not in contenuto and b"numero;oggetto" not in contenuto and PNG not in contenuto


def test_no_route_serves_files_from_disk():
    serventi = [r.pattern for r in iter_routes(get_resolver()) if r.callback is serve]
    assert serventi == []
    # Django's static() helper adds such a route only with DEBUG on, i.e. never under pytest: look at the code.
    radice = Path(__file__).resolve().parents[2]
    moduli = [p for app in ("ambito", "fondi", "misure", "piani", "udos", "rendicontazione")
              for p in (radice / app).rglob("urls*.py")]
    assert moduli
    for modulo in moduli:
        testo = modulo.read_text(encoding="utf-8")
        assert "django.views.static" not in testo and "conf.urls.static" not in testo, modulo


def test_private_storage_is_outside_every_static_directory():
    privata = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    pubbliche = [Path(settings.STATIC_ROOT).resolve(), *[Path(d).resolve() for d in settings.STATICFILES_DIRS]]
    for cartella in pubbliche:
        assert not privata.is_relative_to(cartella) and not cartella.is_relative_to(privata), cartella
    assert getattr(settings, "WHITENOISE_ROOT", None) is None  # whitenoise serves static files only
    assert Path(settings.STORAGES["default"]["OPTIONS"]["location"]).resolve() == privata
