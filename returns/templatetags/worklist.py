from django import template

from returns.worklist import work_for

register = template.Library()


@register.simple_tag(takes_context=True)
def waiting_work(context):
    return work_for(context["request"].user)
