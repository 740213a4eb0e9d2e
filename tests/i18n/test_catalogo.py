"""Ready for translation: templates wrap every user-facing text, the Italian catalogue compiles to the
committed .mo, and the overrides of Django's own messages survive a new ``makemessages``."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "it" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
# Words that are the same in every language (file formats).
INTRADUCIBILI = {"PDF", "Excel (XLSX)", "CSV", "XLSX"}


def parti_non_tradotte(template: str) -> list[str]:
    """Text a user reads that is not inside {% translate %} / {% blocktranslate %} nor a variable."""
    t = re.sub(r"\{#.*?#\}", "", template, flags=re.S)
    t = re.sub(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", "", t, flags=re.S)
    t = re.sub(r"\{%\s*blocktrans(?:late)?\b.*?\{%\s*endblocktrans(?:late)?\s*%\}", "", t, flags=re.S)
    t = re.sub(r"\{%.*?%\}|\{\{.*?\}\}|<!--.*?-->", "", t, flags=re.S)
    t = re.sub(r"<(script|style)\b.*?</\1>", "", t, flags=re.S | re.I)
    attributi = re.findall(r'\b(?:title|alt|placeholder|aria-label)="([^"]*)"', t)
    t = re.sub(r"<[^>]+>", "\n", t)
    pezzi = [p.strip() for p in re.split(r"\n|\s{2,}", t)] + [a.strip() for a in attributi]
    return [p for p in pezzi if re.search(r"[A-Za-zÀ-ÿ]", p) and p not in INTRADUCIBILI]


def voci_tradotte(po: str) -> list[str]:
    """msgids of the entries that carry a translation."""
    voci = []
    for blocco in po.split("\n\n"):
        msgid = re.search(r'^msgid "(.*)"', blocco, re.M)
        tradotta = re.search(r'^msgstr(?:\[0\])? "(.+)"', blocco, re.M)
        if msgid and msgid.group(1) and tradotta and not blocco.lstrip().startswith("#~"):
            voci.append(msgid.group(1))
    return voci


def test_templates_leave_no_user_facing_text_untranslated():
    nudi = {}
    for percorso in sorted((ROOT / "templates").rglob("*.html")):
        trovati = parti_non_tradotte(percorso.read_text(encoding="utf-8"))
        if trovati:
            nudi[str(percorso.relative_to(ROOT))] = trovati
    assert nudi == {}


def test_the_scan_sees_bare_text():
    html = '<p>Salva</p><a title="Apri">{% translate "Ok" %}</a>{{ x }} n. '
    assert parti_non_tradotte(html) == ["Salva", "n.", "Apri"]


def test_the_catalogue_compiles_to_the_committed_mo(tmp_path):
    compilato = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(compilato), str(PO)], check=True)
    assert compilato.read_bytes() == MO.read_bytes(), "run: manage.py compilemessages -l it --ignore=.venv"


def test_the_catalogue_was_extracted_from_the_sources():
    po = PO.read_text(encoding="utf-8")
    for msgid in ("Collega un oggetto", "Accessi ai dati sensibili", "Pagina iniziale"):
        assert f'msgid "{msgid}"' in po, msgid


def test_every_translated_entry_is_named_in_the_sources_so_makemessages_keeps_it():
    sorgenti = "".join(p.read_text(encoding="utf-8") for app in ("ambito", "fondi", "templates")
                       for p in (ROOT / app).rglob("*") if p.suffix in (".py", ".html", ".txt"))
    tradotte = voci_tradotte(PO.read_text(encoding="utf-8"))
    assert tradotte
    assert [m for m in tradotte if m not in sorgenti] == []


def test_the_override_of_djangos_password_message_is_used():
    with translation.override("it"):
        testo = translation.ngettext("This password is too short. It must contain at least %d character.",
                                     "This password is too short. It must contain at least %d characters.", 12)
    assert testo % 12 == "Questa password è troppo corta. Deve contenere almeno 12 caratteri."
