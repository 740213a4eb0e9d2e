"""Funds pages: /a/<ambito_slug>/fondi/… (mounted by ambito/urls.py)."""

from django.urls import path

from fondi import views

urlpatterns = [
    path("", views.dashboard, name="fondi_dashboard"),
    path("posizione/", views.posizione, name="fondi_posizione"),
    path("movimenti/", views.movimento_list, name="fondi_movimento_list"),
    path("assegnazioni/nuova/", views.assegnazione_create, name="fondi_assegnazione_create"),
    path("assegnazioni/<int:assegnazione_pk>/", views.assegnazione_detail, name="fondi_assegnazione_detail"),
    path("assegnazioni/<int:assegnazione_pk>/modifica/", views.assegnazione_edit, name="fondi_assegnazione_edit"),
    path("assegnazioni/<int:assegnazione_pk>/vincoli/nuovo/", views.vincolo_create, name="fondi_vincolo_create"),
    path("assegnazioni/<int:assegnazione_pk>/quote/", views.quota_create, name="fondi_quota_create"),
    path("assegnazioni/<int:assegnazione_pk>/riporto/", views.riporto_create, name="fondi_riporto_create"),
    path("assegnazioni/<int:assegnazione_pk>/riparto/", views.riparto_create, name="fondi_riparto_create"),
    path("assegnazioni/<int:assegnazione_pk>/rendiconto/", views.rendiconto_create, name="fondi_rendiconto_create"),
    path("quote/<int:quota_pk>/rimodula/", views.quota_resize, name="fondi_quota_resize"),
    path("quote/<int:quota_pk>/movimenti/nuovo/", views.movimento_create, name="fondi_movimento_create"),
    path("movimenti/<int:movimento_pk>/rettifica/", views.rettifica_create, name="fondi_rettifica_create"),
    path("riparti/<int:riparto_pk>/", views.riparto_detail, name="fondi_riparto_detail"),
    path("cofinanziamenti/", views.cofinanziamento_list, name="fondi_cofinanziamento_list"),
    path("cofinanziamenti/nuovo/", views.cofinanziamento_create, name="fondi_cofinanziamento_create"),
    path("cofinanziamenti/<int:cofinanziamento_pk>/", views.cofinanziamento_detail,
         name="fondi_cofinanziamento_detail"),
    path("quote-comunali/<int:quota_comunale_pk>/versamento/", views.versamento_create,
         name="fondi_versamento_create"),
]
