"""Filter forms shared by the pages of every module."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ambito.formato import oggi
from ambito.forms.campi import CampoData
from ambito.forms.stile import ConStileBootstrap


class DataForm(ConStileBootstrap, forms.Form):
    """The "situation at" date of a page: today unless the user picks another one, and the field
    always shows the date the figures are at."""

    data = CampoData(label=_("Situazione al"), required=False)
    oggi_se_vuota = True

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        if data is not None and self.oggi_se_vuota and not data.get("data"):
            data = data.copy()
            data["data"] = oggi().isoformat()
        super().__init__(data, *args, **kwargs)
        if self.oggi_se_vuota:
            self.fields["data"].initial = oggi

    def data_scelta(self) -> dt.date:
        return (self.cleaned_data.get("data") if self.is_valid() else None) or oggi()
