"""Security baseline of the pages: CSP without inline code, no third-party resources, clickjacking
protection, and production settings that pass ``manage.py check --deploy``."""

from __future__ import annotations

import os
import re
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import RUOLI_CHIAVE
from tests.ui.pagine import leggi

BASE = Path(settings.BASE_DIR)
STATIC = BASE / "static"
TEMPLATES = BASE / "templates"


def _direttive(response) -> dict[str, list[str]]:
    politica = response["Content-Security-Policy"]
    return {parti[0]: parti[1:] for parti in (d.split() for d in politica.split(";") if d.strip())}


def _controlla_pagina(response, dove: str) -> None:
    """What every HTML page must satisfy: strict CSP, no inline code or styles, only own resources."""
    direttive = _direttive(response)
    assert "'unsafe-inline'" not in response["Content-Security-Policy"], dove
    assert "'unsafe-eval'" not in response["Content-Security-Policy"], dove
    assert direttive["default-src"] == ["'self'"], dove
    assert direttive["script-src"] == ["'self'"], dove
    assert direttive["frame-ancestors"] == ["'none'"], dove
    assert response["X-Frame-Options"] == "DENY", dove
    pagina = leggi(response.content)
    assert pagina.script_inline == [], f"{dove}: inline <script>"
    assert pagina.attributi_style == [], f"{dove}: style= attribute on {pagina.attributi_style}"
    assert pagina.gestori_eventi == [], f"{dove}: inline event handlers {pagina.gestori_eventi}"
    assert pagina.tag_style == 0, f"{dove}: <style> element"
    for risorsa in pagina.script_src + pagina.stylesheet:
        assert risorsa.startswith(settings.STATIC_URL), f"{dove}: {risorsa} is not one of our static files"


@pytest.mark.django_db
@pytest.mark.parametrize("chiave", RUOLI_CHIAVE)
def test_every_dashboard_is_served_with_a_strict_csp_and_no_inline_code(mondo, client_per, chiave):
    response = client_per(mondo.a.utente(chiave)).get("/a/lodi/")
    assert response.status_code == 200
    _controlla_pagina(response, f"dashboard of {chiave}")


@pytest.mark.django_db
def test_error_pages_and_the_platform_home_follow_the_same_rules(mondo, client_per):
    _controlla_pagina(client_per(mondo.b.operatore).get("/a/lodi/"), "404")
    _controlla_pagina(client_per(mondo.a.partner).get("/a/lodi/membri/"), "403")
    _controlla_pagina(client_per(mondo.admin).get("/"), "platform home")
    _controlla_pagina(client_per(mondo.estraneo).get("/"), "platform home without Ambiti")


@pytest.mark.django_db
def test_the_login_page_follows_the_same_rules():
    response = Client().get(settings.LOGIN_URL if settings.LOGIN_URL.startswith("/") else "/account/login/")
    assert response.status_code == 200
    _controlla_pagina(response, "login")


def _pagine_senza_parametri() -> list[str]:
    """Every page of the URLconf that needs no argument but the Ambito (GET-able lists and forms)."""
    trovate: list[str] = []

    def visita(patterns, prefisso: str) -> None:
        for p in patterns:
            testo = prefisso + str(p.pattern).lstrip("^").rstrip("$").replace("\\Z", "")
            if isinstance(p, URLResolver):
                visita(p.url_patterns, testo)
            elif isinstance(p, URLPattern):
                argomenti = re.findall(r"<(?:\w+:)?(\w+)>", testo)
                if set(argomenti) <= {"ambito_slug"} and not testo.startswith(("api/", "admin/")) and "(" not in testo:
                    trovate.append("/" + testo.replace("<slug:ambito_slug>", "lodi"))

    visita(get_resolver().url_patterns, "")
    return sorted(set(trovate))


@pytest.mark.django_db
def test_no_page_of_the_application_has_inline_scripts_or_styles(mondo, client_per):
    """Walks the real URLconf: every page a responsabile can GET, whoever wrote it."""
    client = client_per(mondo.a.responsabile)
    controllate = []
    for url in _pagine_senza_parametri():
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            _controlla_pagina(response, url)
            controllate.append(url)
    assert "/a/lodi/" in controllate
    assert len(controllate) >= 2


# --- Static files and templates -----------------------------------------------------------------

_URL_CSS = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
_IMPORT_CSS = re.compile(r"""@import\s+(?:url\()?\s*['"]?([^'");\s]+)""")


def _fogli_di_stile() -> list[Path]:
    return sorted(STATIC.rglob("*.css"))


def test_stylesheets_load_nothing_from_other_origins_and_every_url_resolves():
    fogli = _fogli_di_stile()
    assert STATIC / "vendor/bootstrap-italia/css/bootstrap-italia.min.css" in fogli
    for foglio in fogli:
        testo = foglio.read_text(encoding="utf-8")
        testo = re.sub(r"/\*.*?\*/", "", testo, flags=re.S)  # licence comments may cite websites
        for _, url in _URL_CSS.findall(testo):
            if url.startswith("data:"):
                continue
            assert not re.match(r"^(https?:)?//", url), f"{foglio.name}: external {url}"
            percorso = (foglio.parent / url.split("?")[0].split("#")[0]).resolve()
            assert percorso.is_file(), f"{foglio.name}: {url} does not resolve to a vendored file"
        for url in _IMPORT_CSS.findall(testo):
            assert not re.match(r"^(https?:)?//", url), f"{foglio.name}: @import of {url}"


def test_the_vendored_fonts_stylesheet_points_at_the_fonts_bootstrap_italia_uses():
    fonts = (STATIC / "vendor/bootstrap-italia/css/fonts.css").read_text(encoding="utf-8")
    bi = (STATIC / "vendor/bootstrap-italia/css/bootstrap-italia.min.css").read_text(encoding="utf-8")
    for famiglia in ("Titillium Web", "Lora", "Roboto Mono"):
        assert f'"{famiglia}"' in bi
        assert f"font-family: '{famiglia}'" in fonts
    assert len(_URL_CSS.findall(fonts)) >= 30


def test_templates_reference_no_external_url():
    esterni = re.compile(r"""(?:src|href|action|srcset|poster|data)\s*=\s*["']\s*(?:https?:)?//""", re.I)
    trovati = []
    for template in sorted(TEMPLATES.rglob("*.html")):
        testo = template.read_text(encoding="utf-8")
        trovati += [f"{template.relative_to(TEMPLATES)}: {m.group(0)}" for m in esterni.finditer(testo)]
        css_esterni = re.finditer(r"url\(\s*['\"]?https?:", testo)
        trovati += [f"{template.relative_to(TEMPLATES)}: url(http" for _ in css_esterni]
    assert trovati == []


def test_base_html_has_no_inline_scripts_or_styles():
    pagina = leggi((TEMPLATES / "base.html").read_text(encoding="utf-8"))
    assert pagina.script_inline == []
    assert pagina.attributi_style == []
    assert pagina.tag_style == 0


def test_vendored_assets_are_documented():
    readme = (STATIC / "vendor/README.md").read_text(encoding="utf-8")
    for voce in ("bootstrap-italia", "2.18.3", "htmx.org", "2.0.11", "BSD-3-Clause", "0BSD", "OFL"):
        assert voce in readme
    for file in ("vendor/bootstrap-italia/js/bootstrap-italia.bundle.min.js", "vendor/htmx/htmx.min.js",
                 "vendor/bootstrap-italia/svg/sprites.svg", "vendor/bootstrap-italia/LICENSE", "vendor/htmx/LICENSE"):
        assert (STATIC / file).is_file(), file


# --- Production settings ------------------------------------------------------------------------


def _ambiente_di_produzione() -> dict[str, str]:
    alfabeto = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DEBUG", "SECURE_", "SESSION_"))}
    env.update({
        "DJANGO_SETTINGS_MODULE": "ambito.settings",
        "AMBITO_PRODUCTION": "1",
        "SECRET_KEY": "".join(secrets.choice(alfabeto) for _ in range(50)),
        "ALLOWED_HOSTS": "ambito.example.it",
    })
    return env


def test_production_settings_pass_the_deploy_check_with_no_warning():
    risultato = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE, env=_ambiente_di_produzione(), capture_output=True, text=True, timeout=120,
    )
    assert risultato.returncode == 0, risultato.stdout + risultato.stderr
    assert "System check identified no issues" in risultato.stdout
    assert "WARNING" not in risultato.stdout + risultato.stderr


def test_production_settings_use_secure_cookies_hsts_and_no_debug():
    codice = (
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS >= 31536000,"
        " s.SECURE_SSL_REDIRECT, s.X_FRAME_OPTIONS, s.SESSION_COOKIE_HTTPONLY)"
    )
    risultato = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {codice}"],
        cwd=BASE, env=_ambiente_di_produzione(), capture_output=True, text=True, timeout=120,
    )
    assert risultato.returncode == 0, risultato.stderr
    assert risultato.stdout.split() == ["False", "True", "True", "True", "True", "DENY", "True"]


def test_production_refuses_to_start_without_a_secret_key():
    env = _ambiente_di_produzione()
    del env["SECRET_KEY"]
    risultato = subprocess.run([sys.executable, "manage.py", "check"], cwd=BASE, env=env,
                               capture_output=True, text=True, timeout=120)
    assert risultato.returncode != 0
    assert "SECRET_KEY must be set in production" in risultato.stderr
