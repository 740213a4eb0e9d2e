"""The README says what the scripts and the application really do (a newcomer follows it to the letter)."""

from __future__ import annotations

import re
from pathlib import Path

from django.urls import resolve, reverse

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def predefinito(script: str, variabile: str) -> str:
    """The default a script gives a variable (``${NAME:-default}``)."""
    return re.search(rf"\$\{{{variabile}:-([^}}]+)\}}", (ROOT / "scripts" / script).read_text()).group(1)


def test_the_readme_states_the_worker_count_scripts_test_uses():
    workers = predefinito("test", "PYTEST_WORKERS")
    assert f"| `PYTEST_WORKERS` | `{workers}` |" in README
    assert f"pytest with **{workers}** xdist workers" in README
    assert f"pytest ({workers} xdist workers, `PYTEST_WORKERS`)" in README
    assert not re.search(r"\b(?:one|two|three|four) xdist workers", README)


def test_the_readme_states_the_port_scripts_run_uses():
    porta = predefinito("run", "PORT")
    assert f"| `PORT` | `{porta}` |" in README
    assert f"http://127.0.0.1:{porta}/" in README


def test_the_prerequisites_name_every_system_package_the_scripts_and_ci_need():
    for pacchetto in ("python3.11-venv", "libpango-1.0-0", "libpangoft2-1.0-0", "gettext", "fonts-dejavu-core",
                      "chromium", "postgresql", "redis-server"):
        assert pacchetto in README.split("## Set-up")[0], pacchetto


def test_every_relative_link_of_the_readme_exists():
    collegamenti = re.findall(r"\]\((?!https?://|#)([^)]+)\)", README)
    assert "docs/conventions.md" in collegamenti
    assert [c for c in collegamenti if not (ROOT / c).exists()] == []


def test_the_api_section_names_real_addresses():
    api = README.split("## API", 1)[1].split("\n## ", 1)[0]
    assert reverse("token_api") == "/account/token-api/" and "/account/token-api/" in api
    assert reverse("api-schema") == "/api/schema/" and "/api/schema/" in api
    assert reverse("api-docs") == "/api/docs/" and "/api/docs/" in api
    assert resolve("/api/v1/a/lodi/territorio/comuni/") and "Authorization: Token" in api
