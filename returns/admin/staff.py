"""Staff accounts and roles with their history: who gave whom which role, and when."""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User

from returns.common.admin import HistoryAdmin


class StaffUserAdmin(HistoryAdmin, UserAdmin):
    history_list_display = ["history_change_reason", "is_active", "is_staff", "is_superuser"]


class RoleGroupAdmin(HistoryAdmin, GroupAdmin):
    pass


admin.site.unregister(User)
admin.site.register(User, StaffUserAdmin)
admin.site.unregister(Group)
admin.site.register(Group, RoleGroupAdmin)
