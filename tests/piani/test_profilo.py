"""The profilo di comunità: per comune and for the Ambito, by year, with its source; shown beside the objectives
of its macro-area."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ambito.errors import RegolaViolata
from ambito.tenancy import ambito_scope
from piani import selectors, services
from piani.models import DatoComunita
from tests.piani import helpers as h

pytestmark = pytest.mark.django_db


def test_the_profile_sums_age_bands_of_the_comuni_and_shows_beside_the_objective(mondo, client_per):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        piano = h.piano(w.ambito, w.operatore)
        anziani = h.aree(piano, "E")[0]
        for comune, n in zip(w.comuni[:2], (12000, 3500), strict=True):
            services.dato_comunita_set(ambito=w.ambito, actor=w.operatore, anno=2024, tipo="fascia_eta",
                                       voce="65 anni e oltre", valore=Decimal(n), unita="persone",
                                       fonte="ISTAT, 1° gennaio 2024", comune=comune)
        services.dato_comunita_set(ambito=w.ambito, actor=w.operatore, anno=2024, tipo="bisogno",
                                   voce="Anziani soli", valore=Decimal("27.5"), unita="%", fonte="ATS",
                                   macro_area=anziani)
        obiettivo = h.obiettivo(piano, w.operatore, titolo="Anziani a casa", codici=("E",))
        righe = {r.voce: r for r in selectors.profilo_comunita(ambito=w.ambito, anno=2024)}
        with pytest.raises(RegolaViolata) as estraneo:
            services.dato_comunita_set(ambito=w.ambito, actor=w.operatore, anno=2024, tipo="bisogno", voce="x",
                                       valore=Decimal(1), unita="n", fonte="f", comune=mondo.b.comuni[0])
    assert estraneo.value.campo == "comune"
    assert righe["65 anni e oltre"].ambito == 15500 and righe["65 anni e oltre"].sommato
    assert righe["Anziani soli"].ambito == Decimal("27.5")

    client = client_per(w.sindaco)
    pagina = client.get(f"/a/{w.ambito.slug}/piani/profilo/").content.decode()
    assert "15.500" in pagina and "27,5" in pagina and "ISTAT, 1° gennaio 2024" in pagina
    assert "Anziani soli: 27,50 %" in client_per(w.operatore).get(
        f"/a/{w.ambito.slug}/piani/obiettivi/{obiettivo.pk}/").content.decode()
    api = client.get(f"/api/v1/a/{w.ambito.slug}/piani/profilo/?anno=2024").json()
    assert {d["voce"] for d in api["results"]} == {"65 anni e oltre", "Anziani soli"}


def test_a_new_year_is_a_new_row_and_a_change_is_in_the_history(mondo):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        dati = {"ambito": w.ambito, "actor": w.operatore, "tipo": "bisogno", "voce": "Sfratti", "unita": "nuclei",
                "fonte": "Tribunale"}
        primo = services.dato_comunita_set(anno=2023, valore=Decimal(40), **dati)
        services.dato_comunita_set(anno=2024, valore=Decimal(52), **dati)
        services.dato_comunita_set(anno=2024, valore=Decimal(55), **dati)
        assert DatoComunita.objects.filter(ambito=w.ambito, voce="Sfratti").count() == 2
        assert DatoComunita.objects.get(pk=primo.pk).valore == 40
        storia = DatoComunita.history.filter(voce="Sfratti", anno=2024).order_by("history_date")
        assert [v.valore for v in storia] == [52, 55]


def test_a_partner_grant_is_recorded_in_the_history(mondo):
    from piani.models import PartnerProgetto

    w = mondo.a
    with ambito_scope(w.ambito, actor=w.responsabile):
        progetto = h.progetto(h.piano(w.ambito, w.responsabile), w.responsabile)
        services.progetto_partner_grant(progetto=progetto, actor=w.responsabile, utente=w.partner)
        services.progetto_partner_revoke(progetto=progetto, actor=w.responsabile, utente=w.partner)
        storia = PartnerProgetto.history.filter(progetto_id=progetto.pk).order_by("history_date")
        assert [(v.history_type, v.utente_id, v.history_user) for v in storia] == [
            ("+", w.partner.pk, w.responsabile), ("-", w.partner.pk, w.responsabile)]


def test_the_yearly_profile_is_imported_from_a_spreadsheet_after_a_dry_run(mondo):
    from ambito.importazioni import services as importazioni
    from tests.importazioni.helpers import csv_file

    w = mondo.a
    lodi, codogno = w.comuni[0].codice_istat, w.comuni[1].codice_istat
    righe = [["Codice ISTAT", "Anno", "Tipo", "Voce", "Valore", "Unità di misura", "Fonte"],
             [lodi, "2024", "fascia d'età", "65 anni e oltre", "11.020", "persone", "ISTAT"],
             [codogno.lstrip("0"), "2024", "fascia d'età", "65 anni e oltre", "4.100", "persone", "ISTAT"],
             ["", "2024", "bisogno", "Anziani soli", "27,5", "%", "ATS"],
             ["015209", "2024", "fascia d'età", "65 anni e oltre", "20.000", "persone", "ISTAT"],
             [lodi, "2024", "età", "65 anni e oltre", "1", "persone", "ISTAT"]]
    with ambito_scope(w.ambito, actor=w.operatore):
        imp = importazioni.importazione_create(ambito=w.ambito, actor=w.operatore, tipo="piani.profilo_comunita",
                                               file=csv_file(righe, codifica="utf-8"))
        imp = importazioni.importazione_verify(importazione=imp, actor=w.operatore, mappatura=imp.mappatura)
        errori = sorted((e["riga"], e["messaggio"]) for e in imp.esito["errori"])
        assert errori == [(5, "il comune non fa parte di questo Ambito"),
                          (6, "voce ripetuta per lo stesso comune e anno (già alla riga 2)")]
        assert not DatoComunita.objects.filter(ambito=w.ambito).exists()  # nothing before the save
        importazioni.importazione_save(importazione=imp, actor=w.operatore, solo_valide=True, conferma=True)
        profilo = {r.voce: r for r in selectors.profilo_comunita(ambito=w.ambito, anno=2024)}
    assert profilo["65 anni e oltre"].ambito == 15120 and profilo["Anziani soli"].ambito == Decimal("27.5")
