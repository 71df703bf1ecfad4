class EventError(Exception):
    """A rule of the events domain refused the change. The message is translated and shown to the person."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


class RegistrationError(EventError):
    pass
