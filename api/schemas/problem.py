"""The one error body the service sends: RFC 9457 problem details (api/errors.py renders it)."""

from marshmallow import INCLUDE, Schema, fields


class Problem(Schema):
    """type, title, status and detail always; `errors` on invalid input; other members by kind."""

    class Meta:
        # Members such as repairable_from ride along with some problems.
        unknown = INCLUDE

    type = fields.Str(required=True, metadata={
        "description": "/problems/<slug>, e.g. /problems/invalid-input",
        "pattern": "^/problems/[a-z0-9-]+$"})
    title = fields.Str(required=True)
    status = fields.Int(required=True, metadata={"minimum": 400, "maximum": 599})
    detail = fields.Str(required=True)
    errors = fields.Dict(keys=fields.Str(), values=fields.List(fields.Str()), metadata={
        "description": "dotted field path (list items by index, query parameters by name) "
                       "to its messages, e.g. {\"parties.3.uscc\": [\"check digit is wrong\"]}"})
