"""Bodies a trading center sends to screen a bid's parties."""

from marshmallow import Schema, fields, pre_load, validate

from blacklist.registry.entities import KINDS
from blacklist.screening.parties import check_count


def Text(n: int, **kw) -> fields.Str:
    return fields.Str(validate=validate.Length(min=1, max=n), **kw)


class RepresentativeIn(Schema):
    name = fields.Str(validate=validate.Length(max=100), allow_none=True)
    id_number = fields.Str(validate=validate.Length(max=30), allow_none=True)


class PartyIn(Schema):
    name = Text(200, required=True)
    kind = fields.Str(validate=validate.OneOf(KINDS), allow_none=True)
    uscc = fields.Str(validate=validate.Length(max=30), allow_none=True)
    id_number = fields.Str(validate=validate.Length(max=30), allow_none=True)
    legal_representative = fields.Nested(RepresentativeIn, allow_none=True)


class ScreeningIn(Schema):
    project_code = fields.Str(validate=validate.Length(max=100), allow_none=True)
    project_name = fields.Str(validate=validate.Length(max=500), allow_none=True)
    domain = fields.Str(validate=validate.Length(max=32), allow_none=True)
    parties = fields.List(fields.Nested(PartyIn), required=True)

    @pre_load
    def _count_first(self, data, **kwargs):
        """Too many parties is a 413 before any party is looked at; none is a 422."""
        if isinstance(data, dict) and isinstance(data.get("parties"), list):
            check_count(len(data["parties"]))
        return data
