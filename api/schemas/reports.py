"""Query strings of the reports."""

from marshmallow import Schema, fields, validate


class AnnualQuery(Schema):
    year = fields.Int(required=True, validate=validate.Range(min=2018, max=2100))
