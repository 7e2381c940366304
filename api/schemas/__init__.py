"""marshmallow owns the JSON shapes of the API."""
