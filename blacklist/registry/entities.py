"""Parties (行政相对人) as a filer sends them: the identifiers each kind needs, made canonical.
The same USCC or ID number is always the same entity record (`uow.entities.upsert`)."""

from blacklist.errors import InvalidInput
from blacklist.registry.identifiers import (
    USCC_PLACEHOLDER,
    IdentifierError,
    check_id_number,
    check_uscc,
    fold,
)

KINDS = ("legal_person", "natural_person", "individual_business")


def validate(data: dict, allowed_usccs: frozenset[str], path: str = "entity") -> dict:
    """Check the identifiers a kind needs; return the entity with canonical identifiers."""
    kind = data["kind"]
    uscc, id_number = data.get("uscc") or None, data.get("id_number") or None
    errors: dict[str, list[str]] = {}
    if uscc and fold(uscc) == USCC_PLACEHOLDER:
        if kind != "individual_business":
            errors[f"{path}.uscc"] = ["the placeholder 00000000000000000X is not a code"]
        uscc = None
    if kind == "natural_person":
        if not id_number:
            errors[f"{path}.id_number"] = ["a natural person needs an id_number"]
        if uscc:
            errors[f"{path}.uscc"] = ["a natural person has no uscc"]
    elif kind == "legal_person" and not uscc:
        errors.setdefault(f"{path}.uscc", ["a legal person needs a uscc"])
    uscc = checked_identifier(uscc, f"{path}.uscc", errors,
                              lambda v: check_uscc(v, allowed=allowed_usccs))
    id_number = checked_identifier(id_number, f"{path}.id_number", errors, check_id_number)
    rep = dict(data.get("legal_representative") or {})
    rep["id_number"] = checked_identifier(
        rep.get("id_number"), f"{path}.legal_representative.id_number", errors, check_id_number)
    if errors:
        raise InvalidInput(errors)
    return {**data, "uscc": uscc, "id_number": id_number, "legal_representative": rep}


def checked_identifier(value, path: str, errors: dict, check):
    """The canonical identifier, or None with the reason recorded under its field path."""
    if not value:
        return None
    try:
        return check(value)
    except IdentifierError as exc:
        errors.setdefault(path, []).append(str(exc))
        return None
