"""Template helpers that render Django forms with GOV.UK Frontend's markup."""

from django import forms, template

register = template.Library()


@register.filter
def widget_kind(bound_field) -> str:
    widget = bound_field.field.widget
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return "file"
    return "input"


@register.filter
def input_type(bound_field) -> str:
    return getattr(bound_field.field.widget, "input_type", "text") or "text"


_AUTOCOMPLETE = {
    "email": "email",
    "first_name": "given-name",
    "last_name": "family-name",
    "new_password1": "new-password",
    "new_password2": "new-password",
    "password": "current-password",
}


@register.filter
def autocomplete(bound_field) -> str:
    return _AUTOCOMPLETE.get(bound_field.name, "off" if bound_field.name.endswith("worker_id") else "")


@register.filter
def error_anchor(bound_field) -> str:
    """The id an error summary links to: the field itself, or the first option of a radio group."""
    if isinstance(bound_field.field.widget, forms.RadioSelect):
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id
