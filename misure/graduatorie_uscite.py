"""Internal outputs of the graduatorie part (staff only, never published): the export with names and codice
fiscale, the same bytes for the page and the API."""

from __future__ import annotations

from django.utils.translation import gettext as _

from misure.models import Graduatoria
from misure.selectors import graduatorie as selettori


def csv_interno(g: Graduatoria) -> bytes:
    """Staff export with names and codice fiscale (never published), in the Italian Excel dialect of
    ``ambito.exporters`` (decimal comma, formula-safe: a name starting with "=" stays text). Page and API."""
    from ambito.exporters import righe_csv

    intestazioni = [_("Posizione"), _("Codice"), _("Protocollo"), _("Cognome"), _("Nome"), _("Codice fiscale"),
                    _("Comune"), _("Strumento"), _("Punteggio"), _("Esito"), _("Importo assegnato"), _("Mesi"),
                    _("Motivo")]
    righe = ([p.posizione, p.domanda.codice_pubblico, str(p.domanda), p.domanda.beneficiario.cognome,
              p.domanda.beneficiario.nome, p.domanda.beneficiario.codice_fiscale, p.domanda.comune.denominazione,
              str(p.domanda.strumento), p.punteggio, p.get_esito_display(), p.importo_assegnato, p.mesi_finanziati,
              p.motivo]
             for p in selettori.posizione_list(graduatoria=g).select_related("domanda__beneficiario"))
    return "".join(righe_csv(intestazioni, righe)).encode("utf-8")
