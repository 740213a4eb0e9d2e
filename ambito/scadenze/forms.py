"""The month shown by the calendar."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ambito.forms import ConStileBootstrap

MESI = [(1, _("gennaio")), (2, _("febbraio")), (3, _("marzo")), (4, _("aprile")), (5, _("maggio")),
        (6, _("giugno")), (7, _("luglio")), (8, _("agosto")), (9, _("settembre")), (10, _("ottobre")),
        (11, _("novembre")), (12, _("dicembre"))]
GIORNI_SETTIMANA = [(_("lun"), _("lunedì")), (_("mar"), _("martedì")), (_("mer"), _("mercoledì")),
                    (_("gio"), _("giovedì")), (_("ven"), _("venerdì")), (_("sab"), _("sabato")),
                    (_("dom"), _("domenica"))]


class MeseForm(ConStileBootstrap, forms.Form):
    mese = forms.TypedChoiceField(label=_("Mese"), choices=MESI, coerce=int, required=False)
    anno = forms.IntegerField(label=_("Anno"), min_value=2000, max_value=2100, required=False,
                              error_messages={"min_value": _("Indicare un anno dal 2000 al 2100."),
                                              "max_value": _("Indicare un anno dal 2000 al 2100."),
                                              "invalid": _("Indicare l'anno in cifre, per esempio 2026.")})
    solo_mie = forms.BooleanField(label=_("Solo le mie scadenze"), required=False)

    def __init__(self, *args: Any, oggi: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.oggi = oggi
        self.fields["mese"].initial = oggi.month
        self.fields["anno"].initial = oggi.year

    def periodo(self) -> tuple[int, int]:
        """(year, month) asked for, the current month for what is missing or invalid."""
        if not self.is_bound or not self.is_valid():
            return self.oggi.year, self.oggi.month
        return self.cleaned_data.get("anno") or self.oggi.year, self.cleaned_data.get("mese") or self.oggi.month
