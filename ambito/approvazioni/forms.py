"""Forms of the approval pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ambito.approvazioni.models import StatoRichiesta
from ambito.forms import ConStileBootstrap


class RifiutoForm(ConStileBootstrap, forms.Form):
    motivo = forms.CharField(
        label=_("Motivo del rifiuto"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Chi ha preparato la richiesta lo leggerà: scrivi cosa va corretto."),
        error_messages={"required": _("Indica il motivo del rifiuto."),
                        "max_length": _("Il motivo può essere lungo al massimo %(limit_value)d caratteri "
                                        "(ne hai scritti %(show_value)d).")})


class FiltroRichiesteForm(ConStileBootstrap, forms.Form):
    stato = forms.ChoiceField(label=_("Stato"), required=False,
                              choices=[("", _("Tutti gli stati")), *StatoRichiesta.choices])
