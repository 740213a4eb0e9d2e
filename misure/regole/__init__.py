"""The rules engine of the misure module: three rule sets per bando version, as JSON data.

* :func:`valida_regole` — errors per path (Italian messages); empty list = valid.
* :func:`valuta_domanda` — one line per eligibility requirement and per incompatibility (met / not met /
  missing data), the score with its breakdown and the tie-break key. Pure: it writes nothing.

Schema and examples: misure/README.md, section "Bandi e regole".
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from misure.regole.schema import valida_regole
from misure.regole.tipi import DatiDomanda, ErroreRegola, RisultatoValutazione, Verifica
from misure.regole.valutazione import valuta

if TYPE_CHECKING:
    from misure.models import Domanda, VersioneRegole

__all__ = ["DatiDomanda", "ErroreRegola", "RisultatoValutazione", "Verifica", "valida_regole", "valuta",
           "valuta_domanda", "valuta_versione"]


def valuta_versione(dati: DatiDomanda, versione: VersioneRegole, *, oggi: dt.date) -> RisultatoValutazione:
    """Evaluate a snapshot against one version of the rules (refused if the version does not validate)."""
    from django.utils.translation import gettext as _

    from ambito.errors import RegolaViolata

    errori = valida_regole(ammissibilita=versione.regole_ammissibilita, punteggio=versione.regole_punteggio,
                           incompatibilita=versione.regole_incompatibilita)
    if errori:
        raise RegolaViolata(_("Le regole della versione %(n)s del bando non sono valide (%(p)s: %(m)s): "
                              "correggerle prima di valutare.")
                            % {"n": versione.numero, "p": errori[0].percorso, "m": errori[0].messaggio},
                            codice="regole_non_valide")
    return valuta(dati, ammissibilita=versione.regole_ammissibilita, punteggio=versione.regole_punteggio,
                  incompatibilita=versione.regole_incompatibilita, oggi=oggi)


def valuta_domanda(domanda: Domanda, *, oggi: dt.date) -> RisultatoValutazione:
    """Evaluate ``domanda`` by its own rule version (or the bando's current one); writes nothing."""
    from misure.regole.lettura import dati_domanda
    from misure.selectors.bandi import versione_corrente

    versione = domanda.versione_regole or versione_corrente(domanda.bando)
    return valuta_versione(dati_domanda(domanda, oggi=oggi), versione, oggi=oggi)
