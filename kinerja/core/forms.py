"""Form helpers: Bootstrap classes on every widget, and domain errors placed on their field."""

from django import forms

from .errors import DomainError


class BootstrapFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self._mark_invalid(name)

    def _mark_invalid(self, name: str) -> None:
        classes = self.fields[name].widget.attrs.get("class", "")
        if "is-invalid" not in classes:
            self.fields[name].widget.attrs["class"] = f"{classes} is-invalid".strip()

    def add_domain_error(self, error: DomainError) -> None:
        field = error.field if error.field in self.fields else None
        self.add_error(field, error.message)
        if field:
            self._mark_invalid(field)


class Form(BootstrapFormMixin, forms.Form):
    pass


class ModelForm(BootstrapFormMixin, forms.ModelForm):
    pass


class RemoteSelect(forms.Select):
    """A select rendering only its chosen option; tom-select fetches the others from `url` as one types.

    Keeps pages small when the choices are thousands of units or employees.
    """

    def __init__(self, *, url: str, placeholder: str = "Ketik untuk mencari...", attrs=None):
        attrs = {"data-tom": "", "data-url": url, "data-placeholder": placeholder, **(attrs or {})}
        super().__init__(attrs=attrs)

    def optgroups(self, name, value, attrs=None):
        # A hand-typed ?unit=abc, ?unit=²  or ?unit=99999999999999999999 renders as empty (no 500 on a bad id).
        chosen = [v for v in value if str(v).isascii() and str(v).isdigit() and len(str(v)) <= 18]
        field = self.choices.field
        options = [self.create_option(name, "", "", False, 0)]
        if chosen:
            for index, obj in enumerate(field.queryset.filter(pk__in=chosen), start=1):
                options.append(self.create_option(name, obj.pk, field.label_from_instance(obj), True, index))
        return [(None, options, 0)]
