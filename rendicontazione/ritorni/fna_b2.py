"""FNA Misura B2 — the monitoring the Region asks of each Ambito, quarterly (registry code ``b2_trimestrale``).

The periodic FNA B2 monitoring and the quarterly one ask the same thing (beneficiaries, strumento, months,
amounts, ISEE, per period): **one return**, quarterly, whose parameter ``intervallo`` says which months it covers —
``trimestre`` (the quarter's three months, the quarterly monitoring) or ``progressivo`` (from January to the
quarter's end, the periodic monitoring of the year so far). The Region's template is not public as a file layout:
this is a **documented mapping**, one row per beneficiary × strumento × comune with payments in the period:

| Column | Content |
| --- | --- |
| `comune` | ISTAT code of the comune of the domanda paid (mandatory) |
| `denominazione` | name of the comune |
| `codice_fiscale` | the beneficiary's codice fiscale (mandatory) |
| `sesso`, `data_nascita` | the beneficiary's sex and birth date |
| `strumento` | the strumento's code in the regional monitoring (`dati/b2_strumenti.csv`: BCF caregiver familiare, BAF |
| | assistente familiare, BVI vita indipendente, VMI minori, VSA voucher domiciliari, ALT), from the mapping row |
| | of the edition's strumento (`misure.strumento` → *FNA B2: strumento*), mandatory |
| `strumento_locale` | the strumento's name in the Ambito's edition |
| `mesi` | months paid in the period (distinct months of competence) |
| `primo_mese`, `ultimo_mese` | first and last month paid in the period |
| `importo` | paid for those months (euro, the payments of the confirmed monthly runs) |
| `indebiti` | of which found not due afterwards (indebiti, recovered or to recover) |
| `isee_tipo`, `isee_valore` | the latest ISEE attestation issued by the period's end; without one, the ISEE |
| | declared on the domanda paid last (`isee_fonte` says which); the value is mandatory |
| `isee_fonte` | `attestazione` or `dichiarato` |

Where it comes from: misure's `Pagamento` rows (one per domanda and month, written when a monthly run is confirmed)
of the measure with code ``misura`` (parameter, default ``b2``: the seeded B2 template's code), whose month of
competence falls in the period; **one** set-based query through a server-side cursor
(`misure.selectors.monitoraggio.pagamenti_per_beneficiario`), streamed, memory flat, read once (each row is checked
on its way into the file). The ISEE values come with the rows and are shown only through the core sensitive-read
service (``RegistroLetture``: one access-log row per record read, reason "Monitoraggio FNA B2 …", a few large
``INSERT`` statements for the file) — also when the checks then refuse the file: the values were read.

Checks: mandatory fields (an unmapped strumento → link to map it; no ISEE → link to the beneficiary, to add the
attestation), the strumento code among the regional list, the total paid equal to the ledger's (the fondi
liquidazioni referencing the measure's confirmed runs of those months, gross of later rettifiche), and the months
equal to the number of payments (a person paid twice for the same month on the same strumento through two domande
is an error).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ambito.audit.sensibili import RegistroLetture
from ambito.errors import RegolaViolata
from misure.models import AttestazioneISEE, Domanda
from misure.selectors import monitoraggio
from rendicontazione import codici, selectors
from rendicontazione.registry import (
    Anomalia,
    CampoTracciato,
    Destinatario,
    EsportatoreRitorno,
    Periodicita,
    registra_ritorno,
)
from rendicontazione.ritorni.pagamenti import UrlConId, liquidato_delle_distinte, url_mappa_strumento

INTERVALLI = {"trimestre": _("Mesi del trimestre"), "progressivo": _("Da gennaio alla fine del trimestre")}


@registra_ritorno
class MonitoraggioB2(EsportatoreRitorno):
    codice = "b2_trimestrale"
    etichetta = _("FNA Misura B2 — monitoraggio trimestrale regionale")
    descrizione = _("Beneficiari della Misura B2 per strumento: mesi e importi pagati nel periodo, ISEE e comune.")
    destinatario = Destinatario.REGIONE
    periodicita = Periodicita.TRIMESTRALE
    formati = ("csv", "xlsx", "xml")
    giorni_scadenza = 30
    nodo_radice = "MonitoraggioMisuraB2"
    tracciato = (
        CampoTracciato("comune", _("Comune (codice ISTAT)"), "codice", obbligatorio=True),
        CampoTracciato("denominazione", _("Denominazione del comune")),
        CampoTracciato("codice_fiscale", _("Codice fiscale del beneficiario"), obbligatorio=True),
        CampoTracciato("sesso", _("Sesso")),
        CampoTracciato("data_nascita", _("Data di nascita"), "data"),
        CampoTracciato("strumento", _("Strumento (codice regionale)"), "codice", obbligatorio=True,
                       codici=codici.b2_strumenti,
                       descrizione=_("Dalla mappatura dello strumento: FNA B2, strumento nel monitoraggio.")),
        CampoTracciato("strumento_locale", _("Strumento dell'Ambito")),
        CampoTracciato("mesi", _("Mesi pagati nel periodo"), "intero", obbligatorio=True),
        CampoTracciato("primo_mese", _("Primo mese pagato"), "data"),
        CampoTracciato("ultimo_mese", _("Ultimo mese pagato"), "data"),
        CampoTracciato("importo", _("Importo pagato"), "euro", obbligatorio=True),
        CampoTracciato("indebiti", _("Di cui indebiti"), "euro"),
        CampoTracciato("isee_tipo", _("Tipo di ISEE")),
        CampoTracciato("isee_valore", _("Valore ISEE"), "euro", obbligatorio=True,
                       descrizione=_("Ultima attestazione rilasciata entro la fine del periodo, altrimenti "
                                     "l'ISEE dichiarato nella domanda.")),
        CampoTracciato("isee_fonte", _("Fonte dell'ISEE"), codici=lambda: {"attestazione": "", "dichiarato": ""}),
    )

    @classmethod
    def campi_parametri(cls) -> dict[str, forms.Field]:
        return {
            "intervallo": forms.ChoiceField(label=_("Mesi considerati"), choices=list(INTERVALLI.items()),
                                            required=False),
            "misura": forms.SlugField(label=_("Codice della misura"), required=False, max_length=40,
                                      help_text=_("Vuoto: «b2», il codice del modello regionale.")),
        }

    # -- period and sources ------------------------------------------------------------------

    @property
    def misura(self) -> str:
        return self.parametri.get("misura") or "b2"

    @property
    def dal(self) -> dt.date:
        if self.parametri.get("intervallo") == "progressivo":
            return self.periodo.dal.replace(month=1)
        return self.periodo.dal

    def _motivo(self) -> str:
        return gettext("Monitoraggio FNA B2 %(periodo)s") % {"periodo": self.periodo.etichetta}

    def _registro(self) -> RegistroLetture:
        """The logged sensitive-read service for the whole file (its log rows written in a few statements)."""
        utente = self.contesto.actor
        if utente is None:
            raise RegolaViolata(gettext("Il monitoraggio B2 contiene l'ISEE: deve produrlo una persona, la cui "
                                        "lettura resta registrata."))
        return RegistroLetture(utente=utente, motivo=self._motivo())

    @staticmethod
    def _isee_letti(blocco: list, registro: RegistroLetture, ambito_id: int) -> dict[tuple[str, int], Any]:
        """The ISEE of a block of rows, shown through the logged sensitive-read service (one log row each)."""
        attestazioni, domande = monitoraggio.isee_da_leggere(blocco, ambito_id=ambito_id)
        letti: dict[tuple[str, int], Any] = {}
        if attestazioni:
            letti |= {("a", d.pk): d for d in registro.leggi(AttestazioneISEE, attestazioni,
                                                                 campi=["tipo_isee", "valore_isee"])}
        if domande:
            letti |= {("d", d.pk): d for d in registro.leggi(Domanda, domande, campi=["isee_valore"])}
        return letti

    @staticmethod
    def _isee(r: Any, letti: dict[tuple[str, int], Any]) -> tuple[str, Any, str]:
        if r.attestazione_id is not None:
            dati_sensibili = letti[("a", r.attestazione_id)]
            return dati_sensibili["tipo_isee"], dati_sensibili["valore_isee"], "attestazione"  # by key: see siuss
        if ("d", r.domanda_id) in letti:
            dati_sensibili = letti[("d", r.domanda_id)]
            return r.dichiarato_tipo, dati_sensibili["isee_valore"], "dichiarato"
        return "", None, ""

    def _mesi_doppi(self, r: Any, url: str) -> list[Anomalia]:
        if r.pagamenti == r.mesi:
            return []
        return [Anomalia(gettext("Mesi pagati %(mesi)d ma pagamenti %(pagamenti)d: la persona risulta pagata due "
                                 "volte per lo stesso mese e strumento con domande diverse.")
                         % {"mesi": r.mesi, "pagamenti": r.pagamenti}, None, "mesi", url,
                         codice="mesi_non_corrispondenti")]

    # -- the return --------------------------------------------------------------------------

    def righe_dati(self) -> Iterator[dict[str, Any]]:
        mappa = selectors.mappatura_per(ambito=self.ambito, tipo_oggetto="misure.strumento")
        url_persona = UrlConId(self.ambito, "misure:beneficiario_detail", "beneficiario_pk")
        blocchi = monitoraggio.pagamenti_per_beneficiario(ambito=self.ambito, misura=self.misura, dal=self.dal,
                                                          al=self.periodo.al)
        with self._registro() as registro:
            for blocco in blocchi:
                letti = self._isee_letti(blocco, registro, self.ambito.pk)
                for r in blocco:
                    voce = mappa.get(str(r.strumento_id))
                    isee_tipo, isee_valore, fonte = self._isee(r, letti)
                    if voce is None or not voce.b2_strumento:
                        url = url_mappa_strumento(self.ambito, r.strumento_id)
                    elif isee_valore is None or r.pagamenti != r.mesi:
                        url = url_persona(r.beneficiario_id)
                    else:
                        url = ""
                    yield {"comune": r.comune_istat, "denominazione": r.comune, "codice_fiscale": r.codice_fiscale,
                           "sesso": r.sesso, "data_nascita": r.data_nascita,
                           "strumento": voce.b2_strumento if voce else "", "strumento_locale": r.strumento,
                           "mesi": r.mesi, "primo_mese": r.primo_mese, "ultimo_mese": r.ultimo_mese,
                           "importo": r.importo, "indebiti": r.indebiti, "isee_tipo": isee_tipo,
                           "isee_valore": isee_valore, "isee_fonte": fonte, "_url": url,
                           "_anomalie": self._mesi_doppi(r, url_persona(r.beneficiario_id))}
                del blocco, letti  # released before the next block is read: one block in memory

    def totali_attesi(self) -> dict[str, Decimal]:
        return {"importo": liquidato_delle_distinte(ambito=self.ambito, misura=self.misura, dal=self.dal,
                                                    al=self.periodo.al)}
