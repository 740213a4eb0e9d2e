"""Forms parse input only; the rules are the services'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ambito.forms import ConStileBootstrap


class ElementoForm(ConStileBootstrap, forms.Form):
    nome = forms.CharField(label=_("Nome"), max_length=200)
    descrizione = forms.CharField(label=_("Descrizione"), required=False, max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
