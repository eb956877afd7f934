"""Views call a service the same way everywhere: a refusal becomes a message (next to its field on a form)
or a 403; success becomes a flash message."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied

from .errors import DomainError, PermissionDeniedError


def run_form_service(request, form, call: Callable[[], object], success: str) -> bool:
    """Call a service for a submitted form; a refusal lands on the form. True when done."""
    try:
        call()
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        form.add_domain_error(exc)
        return False
    messages.success(request, success)
    return True


def run_post_service(request, call: Callable[[], object], success: str) -> bool:
    """Call a service for a button (POST without a form); a refusal becomes an error message. True when done."""
    try:
        call()
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        messages.error(request, exc.message)
        return False
    messages.success(request, success)
    return True
