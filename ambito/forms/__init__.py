"""The form kit every module uses. Import from here: ``from ambito.forms import CampoData, modulo…``.

* :class:`ConStileBootstrap`, :func:`aggiungi_errore` — Bootstrap Italia widgets; a service's
  :class:`~ambito.errors.RegolaViolata` shown next to its field (:mod:`ambito.forms.stile`);
* :class:`CampoData`, :class:`CampoImporto`, :func:`normalizza_importo` — dates and euro amounts as
  Italians type them (:mod:`ambito.forms.campi`);
* :class:`DataForm` — the "situation at" date of a page (:mod:`ambito.forms.filtri`).

Feature forms live with their feature (``ambito/<feature>/forms.py``, ``<app>/forms.py``).
"""

from ambito.forms.campi import FORMATI_DATA, CampoData, CampoImporto, normalizza_importo
from ambito.forms.filtri import DataForm
from ambito.forms.stile import ConStileBootstrap, aggiungi_errore

__all__ = [
    "FORMATI_DATA",
    "CampoData",
    "CampoImporto",
    "ConStileBootstrap",
    "DataForm",
    "aggiungi_errore",
    "normalizza_importo",
]
