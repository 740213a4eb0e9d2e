"""Forms of the attachment pages. The file is checked by the service (content, size, kinds allowed for the
object), whose refusal the form flow shows next to the field."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ambito.forms import ConStileBootstrap


class AllegatoForm(ConStileBootstrap, forms.Form):
    titolo = forms.CharField(label=_("Titolo (facoltativo)"), required=False, max_length=250,
                             help_text=_("Se lo lasci vuoto si usa il nome del file."))
    file = forms.FileField(label=_("File"), allow_empty_file=True)
    ritorno = forms.CharField(required=False, widget=forms.HiddenInput)


class SostituzioneForm(ConStileBootstrap, forms.Form):
    file = forms.FileField(label=_("Nuova versione del file"), allow_empty_file=True)
