"""The attachments panel a module drops into any detail page of an object that takes attachments.

In the view::

    from ambito.allegati.pannello import pannello_allegati
    return render(request, "misure/domanda.html", {"domanda": domanda,
                                                   "allegati": pannello_allegati(request, domanda)})

and in the template ``{% include "ambito/allegati/_pannello.html" with pannello=allegati %}``: the list (title,
kind, size, version, who and when), download, upload, replace and the versions, each shown only to whom the
module's capabilities allow. Nothing is shown to a user who may not read the object's attachments.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.http import HttpRequest

from ambito.allegati import selectors
from ambito.allegati.forms import AllegatoForm
from ambito.allegati.models import Allegato
from ambito.allegati.registry import RegolaAllegati, regola_per
from ambito.allegati.tipi import elenco_tipi


@dataclass(frozen=True)
class Pannello:
    oggetto: models.Model
    modello: str
    regola: RegolaAllegati
    allegati: list[Allegato]
    puo_caricare: bool
    form: AllegatoForm | None
    ritorno: str

    @property
    def tipi_ammessi(self) -> str:
        return elenco_tipi(self.regola.tipi)

    @property
    def limite_mb(self) -> int:
        return self.regola.limite_mb

    def url_oggetto(self, ambito_slug: str) -> str:
        return self.regola.url(self.oggetto, ambito_slug) if self.regola.url else ""


def pannello_allegati(request: HttpRequest, oggetto: models.Model, *, ritorno: str | None = None) -> Pannello | None:
    """The panel of ``oggetto`` for this request's user, or None if they may not read its attachments.

    The caller has already fetched ``oggetto`` through its own selector (so the user may see it).
    ``ritorno`` is where an upload goes back to (default: the current page).
    """
    regola = regola_per(oggetto)
    contesto = getattr(request, "contesto", None)
    if regola is None or contesto is None or not contesto.puo(regola.capacita_lettura):
        return None
    puo_caricare = contesto.puo(regola.capacita_scrittura)
    ritorno = ritorno or request.get_full_path()
    return Pannello(
        oggetto=oggetto, modello=regola.modello, regola=regola, allegati=list(selectors.allegato_list(oggetto=oggetto)),
        puo_caricare=puo_caricare, form=AllegatoForm(initial={"ritorno": ritorno}) if puo_caricare else None,
        ritorno=ritorno,
    )
