class DomainError(Exception):
    """A refusal by a service, with a message in Bahasa Indonesia for the user.

    `field` names the form field the message belongs to, when there is one.
    """

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class PermissionDeniedError(DomainError):
    """The actor has no right to do this."""
