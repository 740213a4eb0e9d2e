"""Pages of the register, mounted at /a/<ambito_slug>/udos/ (``AMBITO_MODULI``).

Object kwargs are ``<model>_pk`` so the isolation matrix builds one of another Ambito (and of another ente
gestore) for each (``tests/udos/oggetti.py``).
"""

from django.urls import path

from udos import views

app_name = "udos"

urlpatterns = [
    path("", views.unita_list, name="unita_list"),
    path("tipologie/", views.tipologia_list, name="tipologia_list"),
    path("unita/nuova/", views.unita_senza_cpe, name="unita_senza_cpe"),
    path("unita/<int:unita_pk>/", views.unita_detail, name="unita_detail"),
    path("unita/<int:unita_pk>/modifica/", views.unita_edit, name="unita_edit"),
    path("unita/<int:unita_pk>/comunicazione/", views.comunicazione_create, name="comunicazione_create"),
    path("unita/<int:unita_pk>/cpe/", views.cpe_variazione, name="cpe_variazione"),
    path("unita/<int:unita_pk>/vigilanza/", views.visita_create, name="visita_create"),
    path("unita/<int:unita_pk>/accreditamento/", views.accreditamento_create, name="accreditamento_create"),
    path("unita/<int:unita_pk>/fsr/", views.consuntivo_create, name="consuntivo_create"),
    path("cpe/", views.cpe_list, name="cpe_list"),
    path("cpe/nuova/", views.cpe_wizard, name="cpe_wizard"),
    path("cpe/nuova/avvio/", views.cpe_avvio, name="cpe_avvio"),
    path("cpe/<int:cpe_pk>/", views.cpe_detail, name="cpe_detail"),
    path("cpe/<int:cpe_pk>/requisiti/", views.cpe_checklist, name="cpe_checklist"),
    *[path(f"cpe/<int:cpe_pk>/{passo.replace('_', '-')}/", views.cpe_passo, {"passo": passo}, name=f"cpe_{passo}")
      for passo in ("verifica", "integrazioni", "integrazioni_ricevute", "vigilanza", "esito", "prescrizioni")],
    path("vigilanza/", views.visita_list, name="visita_list"),
    path("vigilanza/<int:visita_pk>/ottemperanza/", views.visita_ottemperanza, name="visita_ottemperanza"),
    path("accreditamenti/", views.accreditamento_list, name="accreditamento_list"),
    path("accreditamenti/bandi/nuovo/", views.bando_create, name="bando_create"),
    path("accreditamenti/<int:accreditamento_pk>/", views.accreditamento_detail, name="accreditamento_detail"),
    path("accreditamenti/<int:accreditamento_pk>/stato/", views.accreditamento_stato, name="accreditamento_stato"),
    path("accreditamenti/<int:accreditamento_pk>/contratto/", views.contratto_create, name="contratto_create"),
    path("fsr/", views.consuntivo_list, name="consuntivo_list"),
    path("fsr/criteri/", views.criterio_fsr_set, name="criterio_fsr_set"),
    path("fsr/avvisi/nuovo/", views.avviso_fsr_create, name="avviso_fsr_create"),
    path("fsr/<int:consuntivo_pk>/contributo/", views.contributo_assign, name="contributo_assign"),
]
