"""Django admin for LRS credentials: list, disable and rotate; secrets are never shown again."""

from django.contrib import admin, messages

from .models import Credential


@admin.register(Credential)
class CredentialAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "is_active", "person", "expires_at", "created_at", "last_used_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "key"]
    readonly_fields = ["key", "created_at", "last_used_at"]
    fields = ["name", "key", "is_active", "person", "activity_id", "expires_at", "created_at", "last_used_at"]
    actions = ["disable", "rotate"]

    def save_model(self, request, obj, form, change):
        secret = None if change else obj.set_new_secret()
        super().save_model(request, obj, form, change)
        if secret:
            messages.warning(request, f"Key {obj.key}, secret {secret}. The secret is shown only now.")

    @admin.action(description="Disable the selected credentials")
    def disable(self, request, queryset):
        count = queryset.update(is_active=False)
        messages.success(request, f"Disabled {count} credential(s).")

    @admin.action(description="Give the selected credentials new secrets")
    def rotate(self, request, queryset):
        for credential in queryset:
            messages.warning(
                request, f"New secret for {credential.key}: {credential.rotate()} (shown only now)."
            )
