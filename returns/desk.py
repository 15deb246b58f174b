"""The contact desk: one admin page to handle a customer contact from search to resolution."""

from django.template.response import TemplateResponse


def desk_view(request, model_admin):
    context = {**model_admin.admin_site.each_context(request), "title": "Contact desk"}
    return TemplateResponse(request, "admin/returns/desk.html", context)
