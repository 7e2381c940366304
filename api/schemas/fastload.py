"""A schema's load without the schema's machinery, for bulk input (an import's rows): every
field's own deserialize and validators run on the body, as Schema.load runs them; whatever
the fast path does not take as it is (an unknown or missing field, a refused value, a shape
it does not know) goes to the schema itself, so a row is refused with the API's own words."""

from marshmallow import RAISE, Schema, ValidationError, fields
from marshmallow.utils import missing


class _Aside(Exception):
    """The fast path steps aside: the schema loads the body."""


def fast_loader(schema: Schema):
    """A load equal to schema.load for every body, without its overhead when the body is
    valid (a refused body is loaded by the schema, whose messages are the API's)."""
    plan = _plan(schema)
    if plan is None:
        return schema.load

    def load(body):
        try:
            return _load(plan, body)
        except (_Aside, ValidationError):
            return schema.load(body)
    return load


def _plan(schema: Schema):
    """(field name, field, nested plan) of each field, or None for a schema the fast path
    cannot follow exactly (hooks, data keys, defaults, unknown fields kept or dropped)."""
    if schema.unknown != RAISE or any(schema._hooks.values()) or schema.many:
        return None
    plan = {}
    for name, field in schema.load_fields.items():
        if field.data_key not in (None, name) or field.load_default is not missing:
            return None
        nested = None
        if isinstance(field, fields.Nested):
            nested = _plan(field.schema)
            if nested is None or field.validators or field.many:
                return None
        plan[name] = (field, _leaf(field), nested)
    return plan


def _leaf(field: fields.Field):
    """field.deserialize of a value present in the body, without its wrappers (its
    validators were joined into a new validate.And on every call): the field's own
    _deserialize, then each validator. Anything but a clean pass steps aside, and a field
    with pre_load or post_load steps keeps field.deserialize itself."""
    if getattr(field, "pre_load", None) or getattr(field, "post_load", None):
        return field.deserialize
    convert, checks, allow_none = field._deserialize, tuple(field.validators), field.allow_none

    def load(value, name, body):
        if value is None:
            if allow_none:
                return None
            raise _Aside
        output = convert(value, name, body)
        for check in checks:
            if check(output) is False:
                raise _Aside
        return output
    return load


def _load(plan: dict, body) -> dict:
    if not isinstance(body, dict) or not body.keys() <= plan.keys():
        raise _Aside
    out = {}
    for name, (field, leaf, nested) in plan.items():
        value = body.get(name, missing)
        if value is missing:
            if field.required:
                raise _Aside
            continue
        if nested is None:
            out[name] = leaf(value, name, body)
        elif value is None:
            if not field.allow_none:
                raise _Aside
            out[name] = None
        else:
            out[name] = _load(nested, value)
    return out
