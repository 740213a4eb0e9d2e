from django.urls import path

from rendicontazione.api import views

app_name = "rendicontazione_api"

urlpatterns = [
    path("debiti/", views.RitorniAPI.as_view(), name="ritorni"),
    path("debiti/<slug:ritorno_codice>/termine/", views.TermineAPI.as_view(), name="termine"),
    path("invii/", views.InviiAPI.as_view(), name="invii"),
    path("invii/<int:invio_pk>/", views.InvioAPI.as_view(), name="invio"),
    path("invii/<int:invio_pk>/inviato/", views.InvioInviatoAPI.as_view(), name="invio_inviato"),
    path("cruscotto/misure/", views.CruscottoMisureAPI.as_view(), name="cruscotto_misure"),
    path("mappatura/", views.MappaturaAPI.as_view(), name="mappatura"),
    path("mappatura/<int:voce_mappatura_pk>/", views.VoceMappaturaAPI.as_view(), name="voce_mappatura"),
]
