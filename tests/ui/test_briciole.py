"""Every core page of an Ambito (except the dashboard) says where the user is: a breadcrumb ending in
the current page. The pages are found by walking the URLconf, so a new page is checked too."""

from __future__ import annotations

import re

import pytest

from tests.tenancy.routes import ambito_routes
from tests.tenancy.test_isolation_matrix import build_values

pytestmark = pytest.mark.django_db

PAGINE = [r for r in ambito_routes() if not r.is_api and r.callback.__module__.startswith("ambito.")
          and r.name != "dashboard"]


@pytest.mark.parametrize("route", PAGINE, ids=lambda r: r.name)
def test_every_page_has_a_breadcrumb_ending_in_the_current_page(mondo, client_per, route):
    percorso = route.path(build_values(route, mondo.a))
    risposta = client_per(mondo.a.responsabile).get(percorso)
    html = risposta.content.decode() if not risposta.streaming else ""
    if risposta.status_code != 200 or "<html" not in html:
        pytest.skip(f"not a full page on GET ({risposta.status_code}, {risposta.get('Content-Type')})")
    briciole = re.search(r'<ol class="breadcrumb"[^>]*>(.*?)</ol>', html, re.S)
    assert briciole, percorso
    voci = re.findall(r'<li class="breadcrumb-item[^"]*"[^>]*>(.*?)</li>', briciole.group(1), re.S)
    assert len(voci) >= 2, (percorso, voci)  # the Ambito's home, then at least the page itself
    ultima = re.search(r'<li class="breadcrumb-item active" aria-current="page">(.*?)</li>', briciole.group(1), re.S)
    assert ultima and re.sub(r"<[^>]+>|\s", "", ultima.group(1)), (percorso, "empty current page")
