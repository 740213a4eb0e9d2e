"""The repository stands on its own: nothing reads or links files kept beside it, and the reference data
the tests need is in ``tests/data/``, documented, and never a reason to skip a test."""

from __future__ import annotations

import ast
import re
import subprocess
from pathlib import Path

from tests.riferimenti import DATI

ROOT = Path(__file__).resolve().parents[1]
QUESTO_FILE = Path(__file__).resolve().relative_to(ROOT).as_posix()

# A path to the team's reference folder outside the repository, or to the documents it held.
RIFERIMENTO_ESTERNO = re.compile(
    r"\.\./shared\b"  # the parent folder's "shared", at any depth
    r"|/work/shared\b"
    r"|\bshared/(?:data|STYLE|DOMAIN|hooks)\b"
    r"|[\"']shared[\"']\s*/"  # Path(...) / "shared" / …
    r"|/\s*[\"']shared[\"']"
    r"|\b(?:STYLE|DOMAIN|DEVELOPERS)\.md\b"
    r"|\bDOMAIN\s+§"
)
CARTELLE_ESCLUSE = (".git/", ".venv/", "node_modules/", "artifacts/", "var/")
SKIP = {"skip", "skipif", "importorskip", "xfail"}
# What a skip for missing data looks like: a file-existence test or a file error in its condition.
MOTIVO_DATI_MANCANTI = re.compile(r"\.exists\(|\.is_file\(|\.is_dir\(|os\.path\.|FileNotFound|shared|tests/data")


def file_del_progetto() -> list[str]:
    """Tracked files plus new, not ignored ones (``git ls-files``); a plain walk outside a git checkout."""
    try:
        uscita = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                                cwd=ROOT, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return [p.relative_to(ROOT).as_posix() for p in ROOT.rglob("*")
                if p.is_file() and not p.relative_to(ROOT).as_posix().startswith(CARTELLE_ESCLUSE)]
    return [nome for nome in uscita.decode().split("\0") if nome and (ROOT / nome).is_file()]


def contenuto_testuale(nome: str) -> str | None:
    """The file's text, or None for a binary file."""
    dati = (ROOT / nome).read_bytes()
    if b"\0" in dati[:8192]:
        return None
    return dati.decode("utf-8", errors="replace")


def riferimenti_esterni() -> list[str]:
    trovati = []
    for nome in file_del_progetto():
        if nome == QUESTO_FILE or (contenuto := contenuto_testuale(nome)) is None:
            continue
        for numero, riga in enumerate(contenuto.splitlines(), start=1):
            if RIFERIMENTO_ESTERNO.search(riga):
                trovati.append(f"{nome}:{numero}: {riga.strip()[:160]}")
    return trovati


def test_nothing_in_the_repository_reads_or_links_files_kept_outside_it():
    trovati = riferimenti_esterni()
    assert not trovati, "references to files outside the repository:\n" + "\n".join(trovati)


def test_the_pattern_catches_the_ways_a_file_outside_was_referenced():
    esempi = ['SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"',
              "Read `" + ".." + "/shared/STYLE.md` §4 for the full conventions", "see /work/shared/data/README.md",
              "(DOMAIN §4.2: residuo = assegnato − impegnato)", "Built from `shared/data/comuni_lombardia.csv`"]
    assert all(RIFERIMENTO_ESTERNO.search(e) for e in esempi)
    innocui = ["Shared reference data (Comune, Ente, Ambito) is not scoped", "from celery import shared_task",
               "the registry is shared between Ambiti"]
    assert not any(RIFERIMENTO_ESTERNO.search(i) for i in innocui)


def skip_per_dati_mancanti(percorso: Path) -> list[str]:
    """Skips (``pytest.skip``, ``skipif``…) whose condition or reason is about a file being missing, and
    skips inside ``except FileNotFoundError``/``OSError``."""
    sorgente = percorso.read_text(encoding="utf-8")
    albero = ast.parse(sorgente)
    nome_file = percorso.relative_to(ROOT) if percorso.is_relative_to(ROOT) else percorso
    trovati = []
    for nodo in ast.walk(albero):
        if isinstance(nodo, ast.ExceptHandler) and nodo.type is not None:
            eccezioni = ast.get_source_segment(sorgente, nodo.type) or ""
            if re.search(r"FileNotFoundError|OSError|IOError", eccezioni) and any(
                    isinstance(n, ast.Call) and _nome(n.func) in SKIP for n in ast.walk(nodo)):
                trovati.append(f"{nome_file}:{nodo.lineno}: skip on a missing file")
        if isinstance(nodo, ast.Call) and _nome(nodo.func) in SKIP:
            chiamata = ast.get_source_segment(sorgente, nodo) or ""
            if MOTIVO_DATI_MANCANTI.search(chiamata):
                trovati.append(f"{nome_file}:{nodo.lineno}: {chiamata[:160]}")
    return trovati


def _nome(funzione: ast.expr) -> str:
    if isinstance(funzione, ast.Attribute):
        return funzione.attr
    return funzione.id if isinstance(funzione, ast.Name) else ""


def test_no_test_is_skipped_because_a_data_file_is_missing():
    trovati = [t for p in sorted((ROOT / "tests").rglob("*.py")) if p.resolve() != Path(__file__).resolve()
               for t in skip_per_dati_mancanti(p)]
    assert not trovati, "tests skipped for missing data (a missing file must fail):\n" + "\n".join(trovati)


def test_the_skip_check_recognises_a_skip_for_a_missing_file(tmp_path):
    esempio = tmp_path / "test_esempio.py"
    esempio.write_text(
        "import pytest\n"
        "@pytest.mark.skipif(not DATA.exists(), reason='needs the data')\n"
        "def test_a(): ...\n"
        "def test_b():\n"
        "    try:\n"
        "        open('x')\n"
        "    except FileNotFoundError:\n"
        "        pytest.skip('no file')\n", encoding="utf-8")
    assert len(skip_per_dati_mancanti(esempio)) == 2


def test_every_reference_file_is_documented_and_every_documented_file_exists():
    leggimi = (DATI / "README.md").read_text(encoding="utf-8")
    presenti = {p.name for p in DATI.iterdir() if p.is_file() and p.name != "README.md"}
    tabella = set(re.findall(r"^\| `([^`]+)` \|", leggimi, flags=re.MULTILINE))
    assert presenti == tabella
    for nome in presenti:
        assert f"## `{nome}`" in leggimi, f"tests/data/README.md has no provenance section for {nome}"
