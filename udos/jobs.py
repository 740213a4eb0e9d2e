"""Background exports of the register: the register itself (AFAM-like layout) and the FSR reporting per unit.

The regional AFAM layout is not public, so the register export follows **one table**,
:data:`TRACCIATO_REGISTRO`: column header, cell type and where the value comes from. The README documents it
from this table and the tests parse the produced file against it: change the layout here and only here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ambito.exporters import Colonna, EsportatoreRighe, EsportazioneForm, Totale, registra_esportatore
from udos.selectors import consuntivo_list, unita_list


@dataclass(frozen=True)
class CampoTracciato:
    intestazione: str
    tipo: str  # testo | intero | euro | data | decimale (ambito.exporters.Colonna)
    valore: Callable[[Any], Any]
    descrizione: str


def _tipologia(u: Any) -> str:
    return u.tipologia.codice if u.tipologia else "SPERIMENTALE"


TRACCIATO_REGISTRO: tuple[CampoTracciato, ...] = (
    CampoTracciato("codice_afam", "testo", lambda u: u.codice_afam, "Codice regionale AFAM (vuoto se non assegnato)"),
    CampoTracciato("codice_tipologia", "testo", _tipologia, "Codice della tipologia nel catalogo (udos/catalogo.py)"),
    CampoTracciato("tipologia", "testo", lambda u: u.tipologia.denominazione if u.tipologia else "Sperimentale",
                   "Denominazione della tipologia"),
    CampoTracciato("denominazione", "testo", lambda u: u.denominazione, "Denominazione dell'unità"),
    CampoTracciato("codice_istat_comune", "testo", lambda u: u.comune.codice_istat,
                   "Codice ISTAT del comune (6 cifre)"),
    CampoTracciato("comune", "testo", lambda u: u.comune.denominazione, "Comune della sede"),
    CampoTracciato("indirizzo", "testo", lambda u: u.indirizzo, "Indirizzo della sede"),
    CampoTracciato("cf_ente_gestore", "testo", lambda u: u.ente_gestore.codice_fiscale,
                   "Codice fiscale / partita IVA dell'ente gestore"),
    CampoTracciato("ente_gestore", "testo", lambda u: u.ente_gestore.denominazione, "Ragione sociale del gestore"),
    CampoTracciato("natura_giuridica_gestore", "testo", lambda u: u.ente_gestore.get_tipo_display(),
                   "Tipo di ente del gestore"),
    CampoTracciato("cf_titolare", "testo", lambda u: u.titolare.codice_fiscale if u.titolare else "",
                   "Codice fiscale del titolare, se diverso dal gestore"),
    CampoTracciato("capacita", "intero", lambda u: u.capacita_autorizzata, "Capacità dichiarata nell'ultima CPE"),
    CampoTracciato("unita_capacita", "testo", lambda u: u.tipologia.unita_capacita if u.tipologia else "posti",
                   "bambini, posti o progetti"),
    CampoTracciato("posti_accreditati", "intero", lambda u: u.posti_accreditati, "Posti accreditati"),
    CampoTracciato("posti_contratto", "intero", lambda u: u.posti_contrattualizzati, "Posti a contratto"),
    CampoTracciato("stato", "testo", lambda u: u.stato, "attiva, sospesa, inibita o cessata"),
    CampoTracciato("data_inizio_attivita", "data", lambda u: u.data_avvio, "Data di inizio attività (prima CPE)"),
    CampoTracciato("data_cessazione", "data", lambda u: u.data_cessazione, "Data di cessazione (vuota se attiva)"),
    CampoTracciato("retta_mensile", "euro", lambda u: u.retta_mensile, "Retta mensile in euro"),
    CampoTracciato("giorni_apertura", "testo", lambda u: u.giorni_apertura, "Giorni di apertura"),
    CampoTracciato("orari_apertura", "testo", lambda u: u.orari_apertura, "Orari di apertura"),
    CampoTracciato("latitudine", "decimale", lambda u: u.latitudine, "Latitudine WGS84 (facoltativa)"),
    CampoTracciato("longitudine", "decimale", lambda u: u.longitudine, "Longitudine WGS84 (facoltativa)"),
)


class FiltriRegistroForm(EsportazioneForm):
    """The register list's own filters (same names as the page), so "Esporta" exports what the page shows."""

    q = forms.CharField(required=False, max_length=100)
    stato = forms.CharField(required=False, max_length=10)
    tipologia = forms.CharField(required=False, max_length=20)
    area = forms.CharField(required=False, max_length=20)
    comune = forms.IntegerField(required=False, min_value=1)


@registra_esportatore("udos.esporta_registro", etichetta=_("Registro delle unità d'offerta"),
                      capacita="udos.gestisci",
                      descrizione=_("Il registro nel tracciato documentato (una riga per unità), XLSX o CSV."))
class EsportazioneRegistro(EsportatoreRighe):
    nome_file = "registro-udos"
    titolo_foglio = _("Registro UdOS")
    form_class = FiltriRegistroForm

    def colonne(self) -> Sequence[Colonna]:
        return [Colonna(c.intestazione, c.tipo) for c in TRACCIATO_REGISTRO]

    def righe(self) -> Iterator[Sequence[Any] | Totale]:
        filtri = {k: self.dati.get(k) or "" for k in ("q", "stato", "tipologia", "area")}
        unita = unita_list(ambito=self.ambito, comune=self.dati.get("comune") or None, **filtri)
        yield Totale(unita.count())
        for u in unita.iterator(chunk_size=1000):
            yield [c.valore(u) for c in TRACCIATO_REGISTRO]


@registra_esportatore("udos.esporta_fsr", etichetta=_("Fondo Sociale Regionale per unità"), capacita="udos.gestisci",
                      descrizione=_("Consuntivo e contributo FSR di ogni unità (rendicontazione per unità)."))
class EsportazioneFSR(EsportatoreRighe):
    nome_file = "fsr-udos"
    titolo_foglio = _("FSR per unità")

    def colonne(self) -> Sequence[Colonna]:
        return [Colonna(_("Anno"), "intero"), Colonna(_("Codice AFAM")), Colonna(_("Tipologia")),
                Colonna(_("Unità"), larghezza=40), Colonna(_("Utenti"), "intero"), Colonna(_("Giornate"), "intero"),
                Colonna(_("Costi"), "euro"), Colonna(_("Ricavi"), "euro"), Colonna(_("Sbilancio"), "euro"),
                Colonna(_("Contributo FSR"), "euro")]

    def righe(self) -> Iterator[Sequence[Any] | Totale]:
        consuntivi = consuntivo_list(ambito=self.ambito)
        yield Totale(consuntivi.count())
        for c in consuntivi.iterator(chunk_size=1000):
            yield [c.anno, c.unita.codice_afam, c.unita.tipologia.codice if c.unita.tipologia else "",
                   c.unita.denominazione, c.utenti, c.giornate, c.costi, c.ricavi, c.sbilancio, c.contributo]
