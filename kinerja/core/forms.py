"""Form helpers: Bootstrap classes on every widget, and domain errors placed on their field."""

from django import forms

from .errors import DomainError


class BootstrapFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            if self.errors.get(name) if self.is_bound else False:
                css += " is-invalid"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def add_domain_error(self, error: DomainError) -> None:
        field = error.field if error.field in self.fields else None
        self.add_error(field, error.message)
        if field:
            classes = self.fields[field].widget.attrs.get("class", "")
            if "is-invalid" not in classes:
                self.fields[field].widget.attrs["class"] = f"{classes} is-invalid"


class Form(BootstrapFormMixin, forms.Form):
    pass


class ModelForm(BootstrapFormMixin, forms.ModelForm):
    pass
