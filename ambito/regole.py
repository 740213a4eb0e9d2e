"""Rules on dates that every module applies the same way (issue 14, defect 6).

* An act (``Atto``) bears the date it was adopted: never a future date.
* An accounting date (an assegnazione, a movement, a riparto, a versamento) records what happened: never after
  today. A future date would also shift every "availability at that date" check to a day no page shows.
* Deadlines (scadenze) and validity periods are the dates that may lie ahead: they do not use these rules.

Services call these functions, so pages and the API refuse the same input with the same message.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from ambito.errors import RegolaViolata
from ambito.formato import data_it, oggi


def data_non_futura(data: dt.date, *, campo: str, messaggio: str = "") -> None:
    """Refuse a date after today (Europe/Rome), naming today's date."""
    if data > oggi():
        raise RegolaViolata((messaggio or _("La data non può essere successiva a oggi (%(oggi)s).")) % {
            "oggi": data_it(oggi()), "data": data_it(data)}, campo=campo, codice="data_futura")


def data_atto(data: dt.date, *, campo: str = "data") -> None:
    """An act is dated when it is adopted."""
    data_non_futura(data, campo=campo, messaggio=_(
        "Un atto porta la data in cui è adottato: il %(data)s è successivo a oggi (%(oggi)s)."))


def data_contabile(data: dt.date, *, campo: str = "data_contabile") -> None:
    """An accounting date records what happened."""
    data_non_futura(data, campo=campo, messaggio=_(
        "Una registrazione contabile porta la data in cui è avvenuta: il %(data)s è successivo a oggi (%(oggi)s)."))
