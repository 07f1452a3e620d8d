"""Pages of the billing app."""

from django.urls import URLPattern

app_name = "billing"
urlpatterns: list[URLPattern] = []
