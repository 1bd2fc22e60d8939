from django.contrib import admin

from privacy.models import ErasureRequest


@admin.register(ErasureRequest)
class ErasureRequestAdmin(admin.ModelAdmin):
    """Read-only: requests are made and decided in the portal, where the access checks are."""

    list_display = ["pk", "recruit", "status", "requested_at", "decided_by", "decided_at"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in ErasureRequest._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
