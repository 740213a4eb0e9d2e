"""The form of an institutional page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ambito.forms import ConStileBootstrap
from ambito.pubblico.services import LUNGHEZZA_MASSIMA


class PaginaIstituzionaleForm(ConStileBootstrap, forms.Form):
    testo = forms.CharField(
        label=_("Testo della pagina"), max_length=LUNGHEZZA_MASSIMA, widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_("Testo semplice: una riga vuota separa i paragrafi. È pubblicato così com'è nell'area "
                    "pubblica dell'Ambito."),
        error_messages={"required": _("Scrivi il testo della pagina."),
                        "max_length": _("Il testo può essere lungo al massimo %(limit_value)d caratteri "
                                        "(ne hai scritti %(show_value)d).")})
