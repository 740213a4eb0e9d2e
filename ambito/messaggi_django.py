"""Messages of Django itself whose Italian translation Ambito provides (its own catalogue lacks them).

They are listed here only so that ``makemessages`` keeps their entries in
``locale/it/LC_MESSAGES/django.po``: an entry that no source file mentions would be marked obsolete
and its translation lost. LOCALE_PATHS comes before Django's catalogues, so these win at run time.
"""

from django.utils.translation import gettext_lazy, ngettext_lazy

MESSAGGI_DI_DJANGO = [
    # Django 5.2 changed this msgid (now "%d") and its Italian catalogue has no entry for it yet.
    ngettext_lazy("This password is too short. It must contain at least %d character.",
                  "This password is too short. It must contain at least %d characters.", "min_length"),
    # Column headings of the admin's application list (Django 5.1+), missing from the Italian catalogue.
    gettext_lazy("Model name"),
    gettext_lazy("Add link"),
    gettext_lazy("Change or view list link"),
]
