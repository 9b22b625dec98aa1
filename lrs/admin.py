"""Django admin for LRS credentials: list, disable and rotate; secrets are never shown again."""

from django.contrib import admin, messages

from . import outbox
from .models import Credential, OutboxEntry


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


@admin.register(OutboxEntry)
class OutboxAdmin(admin.ModelAdmin):
    """What has been forwarded to the external LRS, what waits, what failed and why."""

    list_display = ["statement", "status", "attempts", "next_attempt_at", "delivered_at", "short_error"]
    list_filter = ["status"]
    list_select_related = ["statement"]
    readonly_fields = ["statement", "status", "attempts", "last_error", "next_attempt_at", "delivered_at"]
    actions = ["replay"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="last error")
    def short_error(self, entry):
        return entry.last_error[:120]

    def changelist_view(self, request, extra_context=None):
        summary = outbox.summary()
        messages.info(
            request,
            f"Pending {summary['pending']}, delivered {summary['delivered']}, failed {summary['failed']}."
            + (f" Last error: {summary['last_error'][:300]}" if summary["last_error"] else ""),
        )
        return super().changelist_view(request, extra_context)

    @admin.action(description="Send the selected statements again")
    def replay(self, request, queryset):
        count = outbox.replay(list(queryset))
        from .tasks import forward_statements

        forward_statements.delay()
        messages.success(request, f"{count} statement(s) queued to send again.")
