"""Pages of the data returns, mounted at /a/<ambito_slug>/rendicontazione/ (``AMBITO_MODULI``)."""

from django.urls import path

from rendicontazione import views

app_name = "rendicontazione"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("debiti/<slug:ritorno_codice>/", views.ritorno_detail, name="ritorno_detail"),
    path("debiti/<slug:ritorno_codice>/termine/", views.termine_debito_set, name="termine_debito_set"),
    path("invii/<int:invio_pk>/", views.invio_detail, name="invio_detail"),
    path("invii/<int:invio_pk>/avanzamento/", views.invio_progress, name="invio_progress"),
    path("invii/<int:invio_pk>/scarica/", views.invio_download, name="invio_download"),
    path("invii/<int:invio_pk>/inviato/", views.invio_mark_inviato, name="invio_mark_inviato"),
    path("cruscotto/", views.cruscotto, name="cruscotto"),
    path("cruscotto/misure/", views.cruscotto_misure_view, name="cruscotto_misure"),
    path("siuss/", views.siuss, name="siuss"),
    path("siuss/configurazione/", views.configurazione_waas, name="configurazione_waas"),
    path("siuss/beneficiari/<int:beneficiario_pk>/", views.siuss_beneficiario, name="siuss_beneficiario"),
    path("statistiche-pubbliche/", views.statistiche_pubbliche, name="statistiche_pubbliche"),
    path("mappatura/", views.voce_mappatura_list, name="voce_mappatura_list"),
    path("mappatura/nuova/", views.voce_mappatura_create, name="voce_mappatura_create"),
    path("mappatura/<int:voce_mappatura_pk>/", views.voce_mappatura_edit, name="voce_mappatura_edit"),
    path("mappatura/<int:voce_mappatura_pk>/elimina/", views.voce_mappatura_delete, name="voce_mappatura_delete"),
]
