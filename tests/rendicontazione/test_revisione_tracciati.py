"""Review of issue 20 — every exporter, in every format it offers, writes exactly its documented layout: the CSV
header is the layout's names in order (in the recipient's separator and encoding), the XLSX header the labels with
amounts and counts as typed numbers, each XML row one child per field in order; and no column of the layout is
empty on every row (a row key that does not match its layout name writes an empty column silently). The existing
tests check the layout of some returns in one format; a missing column or a misspelt key elsewhere passed.

SIUSS is not here: its XML is the official schema's (test_siuss_ritorno validates it against the XSD)."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from ambito.jobs.models import StatoJob
from ambito.tenancy import ambito_scope
from piani import services as piani_services
from piani.models import StatoPiano
from rendicontazione.registry import ritorni
from tests.piani import helpers as h
from tests.rendicontazione.helpers import contenuto, fondo_poverta, mappa, produci, righe_csv
from tests.rendicontazione.test_fnps_mappatura import fnps  # noqa: F401  (fixture)
from tests.rendicontazione.test_istat_spesa_sociale import indagine  # noqa: F401  (fixture)
from tests.rendicontazione.test_istat_spesa_sociale import mappa_strumento as mappa_strumento_istat
from tests.rendicontazione.test_monitoraggio_misure import mappa_strumento, pagati  # noqa: F401  (fixture)
from tests.rendicontazione.test_ritorni_piani import pdz  # noqa: F401  (fixture)
from tests.rendicontazione.test_ritorni_udos import fsr  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

# Columns that may be empty on every row of these fixtures, and why.
VUOTE_AMMESSE = {
    "fondo_poverta": set(),
    "fnps": set(),
    "istat_spesa_sociale": set(),
    "spesa_sociale_comuni": {"spesa_pro_capite"},  # no per-resident figure for the Ambito's shared services
    "b2_trimestrale": {"indebiti"},  # no payment undone in the fixture
    "dopo_di_noi": set(),
    "fsr_consuntivo": set(),
    "fsr_piano": {"codice_istat_comune"},  # no comune quota in the FSR fixture
    "registro_udo": {"data_cessazione"},  # no unit has ceased
    "monitoraggio_pdz": {"baseline"},  # the fixture's indicators have no starting value
    "scheda_conoscenza_pdz": set(),
}


def verifica(w, capture, codice: str, **kwargs) -> None:
    ritorno = ritorni()[codice]
    nomi = [c.nome for c in ritorno.tracciato]
    for formato in ritorno.formati:
        invio = produci(w, capture, codice=codice, formato=formato, **kwargs)
        assert invio.job.stato == StatoJob.COMPLETATO, (codice, formato, invio.anomalie)
        dati = contenuto(invio)
        if formato == "csv":
            testo = dati.decode(ritorno.codifica)
            assert testo.lstrip("\ufeff").split("\r\n")[0].split("\n")[0] == ritorno.separatore.join(nomi), codice
            righe = righe_csv(dati, separatore=ritorno.separatore, codifica=ritorno.codifica)
            assert righe, (codice, "the fixture yields no row")
            vuote = {n for n in nomi if all(r[n] in ("", None) for r in righe)}
            assert vuote <= VUOTE_AMMESSE[codice], (codice, vuote)
        elif formato == "xlsx":
            foglio = load_workbook(io.BytesIO(dati)).active
            intestazione, *righe = list(foglio.iter_rows())
            assert [c.value for c in intestazione] == [str(c.etichetta) for c in ritorno.tracciato], codice
            for campo, celle in zip(ritorno.tracciato, zip(*righe, strict=True), strict=True):
                valori = [c.value for c in celle if c.value not in (None, "")]
                if campo.tipo in ("euro", "decimale", "intero"):
                    assert all(isinstance(v, int | float | Decimal) for v in valori), (codice, campo.nome, valori)
        else:
            radice = ET.fromstring(dati)  # noqa: S314 - the file the test itself produced
            assert radice.get("anno") and radice.get("ambito") == w.ambito.slug, codice
            righe = radice.findall("Riga")
            assert righe and all([f.tag for f in r] == nomi for r in righe), codice


def test_the_funds_returns(fnps, django_capture_on_commit_callbacks):  # noqa: F811
    w, (q1, q2, q3) = fnps
    for q, area, servizio in ((q1, "FAM", "PSW"), (q2, "FAM", "PSW"), (q3, "DIS", "DAYC")):
        mappa(w, q, istat_area=area, istat_servizio=servizio)
    verifica(w, django_capture_on_commit_callbacks, "fnps", parametri={"fase": "consuntivo"})
    quote = fondo_poverta(w)
    mappa(w, quote["q1"], istat_area="POV", istat_servizio="PSW")
    mappa(w, quote["q2"], istat_area="POV", istat_servizio="PROXIM")
    verifica(w, django_capture_on_commit_callbacks, "fondo_poverta")


def test_the_spending_returns(indagine, django_capture_on_commit_callbacks):  # noqa: F811
    w, sad, famiglia, prova = indagine
    mappa(w, sad, istat_area="ELD", istat_servizio="HOMECARE")
    mappa(w, famiglia, istat_area="FAM", istat_servizio="PSW")
    mappa_strumento_istat(w, prova.caregiver.strumento_id, istat_area="ELD", istat_servizio="HOMECARE")
    verifica(w, django_capture_on_commit_callbacks, "istat_spesa_sociale")
    verifica(w, django_capture_on_commit_callbacks, "spesa_sociale_comuni")


def test_the_measures_returns(pagati, django_capture_on_commit_callbacks):  # noqa: F811
    w, s, _piani = pagati
    mappa_strumento(w, s.prova.caregiver.strumento_id, b2_strumento="BCF", ddn_intervento="C1")
    parametri = {"misura": s.prova.misura.codice}
    verifica(w, django_capture_on_commit_callbacks, "b2_trimestrale", parametri=parametri)
    verifica(w, django_capture_on_commit_callbacks, "dopo_di_noi", parametri=parametri)


def test_the_units_returns(fsr, django_capture_on_commit_callbacks):  # noqa: F811
    w, *_resto = fsr
    for codice in ("fsr_consuntivo", "fsr_piano", "registro_udo"):
        verifica(w, django_capture_on_commit_callbacks, codice, anno=2025)


def test_the_plan_returns(pdz, django_capture_on_commit_callbacks):  # noqa: F811
    w, p, _periodo, _emporio = pdz
    verifica(w, django_capture_on_commit_callbacks, "monitoraggio_pdz", anno=2025)
    with ambito_scope(w.ambito, actor=w.responsabile):
        p = piani_services.piano_transition(piano=p, actor=w.responsabile, stato=StatoPiano.IN_CONSULTAZIONE)
        piani_services.piano_transition(piano=p, actor=w.responsabile, stato=StatoPiano.APPROVATO_ASSEMBLEA,
                                        atto=h.atto(w.ambito))
    verifica(w, django_capture_on_commit_callbacks, "scheda_conoscenza_pdz", anno=2025)


def test_every_registered_return_but_siuss_is_checked_here():
    nostri = {c for c in ritorni() if not c.startswith("prova_")}
    assert nostri - {"siuss"} == set(VUOTE_AMMESSE)
