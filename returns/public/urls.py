"""The customer's status page, mounted at /status/ (config/urls.py)."""

from django.urls import path

from returns.public import views as public

app_name = "status"

urlpatterns = [
    path("", public.lookup, name="lookup"),
    path("c/<str:token>/", public.case_page, name="case"),
    path("c/<str:token>/survey/", public.survey, name="survey"),
]
