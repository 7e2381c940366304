"""Field types shared by the schemas."""

from marshmallow import ValidationError, fields, validate


def printable(value: str) -> None:
    """Control characters (NUL above all, which PostgreSQL refuses) have no place in a field."""
    if any(ord(c) < 32 and c not in "\t\n\r" for c in value):
        raise ValidationError("must not contain control characters")


class Str(fields.Str):
    """A string without control characters."""

    def __init__(self, *args, **kwargs):
        extra = kwargs.pop("validate", None)
        checks = [printable, *([] if extra is None else
                               (extra if isinstance(extra, list) else [extra]))]
        super().__init__(*args, validate=checks, **kwargs)


def Text(max_length: int, **kwargs) -> Str:  # noqa: N802 - reads as a type in schemas
    """A required-looking text field: at least one character, at most max_length."""
    return Str(validate=validate.Length(min=1, max=max_length), **kwargs)
