"""The static check behind "sensitive fields are read only through ambito.audit.sensibili".

Given the declared sensitive field names, it scans

* **templates** (``.html``/``.txt``): inside ``{{ … }}`` and ``{% … %}``, any ``<name>.<field>`` whose
  ``<name>`` does not end in ``sensibili`` (the :class:`~ambito.audit.sensibili.DatiSensibili` a view got from
  ``leggi_sensibili``);
* **Python** files that put data in front of people (views, API views, serializers, exporters, jobs, template
  tags): an attribute ``x.<field>`` on anything not named ``…sensibili``; ``getattr(x, "<field>")``;
  ``.values("<field>")``/``.values_list``/``.only``; in a serializer whose class name lacks ``Sensibili``, a field
  named ``<field>`` or with ``source="…<field>"``; a ``Meta.fields`` naming one, or ``"__all__"`` on a model
  that declares sensitive fields.

It is deliberately fail-closed: a field name is flagged wherever it appears in those places, whatever the
variable's real type. Services and selectors that compute with the data are not scanned.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

_BLOCCO = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
# Python files that show or export data (by name, or by their package).
FILE_CHE_MOSTRANO = {"views.py", "api.py", "serializers.py", "exporters.py", "jobs.py", "esportazioni.py", "forms.py",
                     "pdf.py", "grafici.py", "admin.py", "pannello.py", "pubblico.py", "vista.py"}
PACCHETTI_CHE_MOSTRANO = {"views", "api", "templatetags", "serializers", "exporters", "pubblico"}


def _ricevente_lecito(testo: str) -> bool:
    return testo.rsplit(".", 1)[-1].lower().endswith("sensibili")


def violazioni_template(testo: str, campi: set[str], nome: str = "template") -> list[str]:
    trovate = []
    if not campi:
        return trovate
    attributo = re.compile(r"([A-Za-z_][\w.]*)\.(" + "|".join(sorted(map(re.escape, campi))) + r")\b")
    for blocco in _BLOCCO.finditer(testo):
        for uso in attributo.finditer(blocco.group(0)):
            if not _ricevente_lecito(uso.group(1)):
                riga = testo.count("\n", 0, blocco.start()) + 1
                trovate.append(f"{nome}:{riga}: {uso.group(0)}")
    return trovate


def _stringhe(nodo: ast.AST) -> list[str]:
    return [n.value for n in ast.walk(nodo) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def _e_serializer(classe: ast.ClassDef) -> bool:
    return any("Serializer" in ast.unparse(base) for base in classe.bases)


def violazioni_python(testo: str, campi: set[str], modelli: set[str], nome: str = "modulo.py") -> list[str]:
    """``modelli``: class names of the models that declare sensitive fields (for ``fields = "__all__"``)."""
    albero = ast.parse(testo)
    trovate: list[str] = []

    def segnala(nodo: ast.AST, cosa: str) -> None:
        trovate.append(f"{nome}:{getattr(nodo, 'lineno', '?')}: {cosa}")

    for nodo in ast.walk(albero):
        if isinstance(nodo, ast.Attribute) and nodo.attr in campi and not _ricevente_lecito(ast.unparse(nodo.value)):
            segnala(nodo, ast.unparse(nodo))
        elif isinstance(nodo, ast.Call):
            funzione = ast.unparse(nodo.func)
            argomenti = [a.value for a in nodo.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            per_nome = funzione == "getattr" and argomenti[:1] and argomenti[0] in campi
            per_colonne = funzione.rsplit(".", 1)[-1] in ("values", "values_list", "only") and set(argomenti) & campi
            if per_nome or per_colonne:
                segnala(nodo, ast.unparse(nodo))
        elif isinstance(nodo, ast.ClassDef):
            trovate += _violazioni_classe(nodo, campi, modelli, nome)
    return trovate


def _violazioni_classe(classe: ast.ClassDef, campi: set[str], modelli: set[str], nome: str) -> list[str]:
    trovate = []
    lecita = "sensibili" in classe.name.lower()
    for corpo in classe.body:
        if isinstance(corpo, ast.ClassDef) and corpo.name == "Meta":
            modello = next((ast.unparse(a.value) for a in corpo.body if isinstance(a, ast.Assign)
                            and any(getattr(t, "id", "") == "model" for t in a.targets)), "")
            for assegnazione in (a for a in corpo.body if isinstance(a, ast.Assign)):
                bersagli = {getattr(t, "id", "") for t in assegnazione.targets}
                if "fields" not in bersagli:
                    continue
                valori = set(_stringhe(assegnazione.value))
                if (valori & campi and not lecita) or ("__all__" in valori and modello.rsplit(".", 1)[-1] in modelli):
                    trovate.append(f"{nome}:{assegnazione.lineno}: {classe.name}.Meta.fields")
        elif isinstance(corpo, ast.Assign) and _e_serializer(classe) and not lecita:
            bersagli = {getattr(t, "id", "") for t in corpo.targets}
            sorgenti = [k.value.value for n in ast.walk(corpo.value) if isinstance(n, ast.Call) for k in n.keywords
                        if k.arg == "source" and isinstance(k.value, ast.Constant) and isinstance(k.value.value, str)]
            if bersagli & campi or any(s.rsplit(".", 1)[-1] in campi for s in sorgenti):
                trovate.append(f"{nome}:{corpo.lineno}: {classe.name}.{', '.join(sorted(bersagli))}")
    return trovate


def file_da_controllare(radice: Path, app: list[str]) -> tuple[list[Path], list[Path]]:
    """(templates, Python files that show data) of the project's apps and template folders."""
    template = sorted(p for cartella in [radice / "templates", *[radice / a / "templates" for a in app]]
                      if cartella.is_dir() for p in cartella.rglob("*") if p.suffix in (".html", ".txt"))
    python = sorted(p for a in app for p in (radice / a).rglob("*.py")
                    if "migrations" not in p.parts and "scheletro" not in p.parts
                    and (p.name in FILE_CHE_MOSTRANO
                         or set(p.parent.relative_to(radice).parts) & PACCHETTI_CHE_MOSTRANO))
    return template, python
