"""A base for admin pages of records the app itself writes: visible to administrators, never added or edited there."""

from django.contrib import admin


class ViewOnlyAdmin(admin.ModelAdmin):
    """No add or change in the Django admin; delete only where ``can_delete`` says so."""

    can_delete = True

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self.can_delete and super().has_delete_permission(request, obj)
