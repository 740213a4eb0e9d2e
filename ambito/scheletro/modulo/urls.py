"""Pages of the module, mounted at /a/<ambito_slug>/modulo_modello/ (``AMBITO_MODULI``).

Object kwargs are ``<model>_pk`` so the isolation matrix builds one of another Ambito for each
(``tests/modulo_modello/oggetti.py``).
"""

from django.urls import path

from modulo_modello import views

app_name = "modulo_modello"

urlpatterns = [
    path("", views.elemento_list, name="elemento_list"),
    path("nuovo/", views.elemento_create, name="elemento_create"),
    path("<int:elemento_pk>/", views.elemento_detail, name="elemento_detail"),
    path("<int:elemento_pk>/modifica/", views.elemento_edit, name="elemento_edit"),
]
