"""The preferences page: two checkboxes (application, e-mail) per registered kind."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ambito.notifiche.registry import TipoNotifica


class PreferenzeForm(forms.Form):
    """Built from the registry: ``<codice>__app`` and ``<codice>__email`` for each kind."""

    def __init__(self, *args: Any, righe: list[tuple[TipoNotifica, bool, bool]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.righe = []
        for tipo, in_app, email in righe:
            app = forms.BooleanField(label=_("Nell'applicazione"), required=False, initial=in_app)
            posta = forms.BooleanField(label=_("Per e-mail"), required=False, initial=email)
            self.fields[f"{tipo.codice}__app"] = app
            self.fields[f"{tipo.codice}__email"] = posta
            self.righe.append((tipo, self[f"{tipo.codice}__app"], self[f"{tipo.codice}__email"]))

    def scelte(self) -> dict[str, tuple[bool, bool]]:
        """(in_app, email) per kind, from the cleaned data."""
        return {tipo.codice: (self.cleaned_data[f"{tipo.codice}__app"], self.cleaned_data[f"{tipo.codice}__email"])
                for tipo, _app, _email in self.righe}
