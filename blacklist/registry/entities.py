"""Parties (行政相对人): the same USCC or ID number is always the same entity record."""

import uuid

from sqlmodel import select

from blacklist.errors import InvalidInput
from blacklist.registry.identifiers import (
    USCC_PLACEHOLDER,
    IdentifierError,
    check_id_number,
    check_uscc,
    fold,
)
from blacklist.registry.models import Entity
from blacklist.registry.names import normalise_name

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


def refresh_search_key(entity: Entity) -> None:
    """Keep the normalised names that public search matches partial names against."""
    names = [entity.name, *entity.former_names]
    entity.search_key = "|".join(dict.fromkeys(normalise_name(n) for n in names))


def upsert(uow, data: dict, now) -> Entity:
    """Find the entity by its identifier, or make it; a filing updates names."""
    entity = None
    if data.get("uscc"):
        entity = uow.session.exec(select(Entity).where(Entity.uscc == data["uscc"])).first()
    elif data.get("id_number"):
        entity = uow.session.exec(
            select(Entity).where(Entity.id_number == data["id_number"])).first()
    if entity is None:
        entity = Entity(id=str(uuid.uuid4()), kind=data["kind"], name=data["name"],
                        uscc=data.get("uscc"), id_number=data.get("id_number"),
                        former_names=[], created_at=now, updated_at=now)
    rep = data.get("legal_representative") or {}
    renamed = [entity.name] if entity.name != data["name"] else []
    entity.name, entity.updated_at = data["name"], now
    if rep.get("name"):
        entity.legal_rep_name, entity.legal_rep_id = rep["name"], rep.get("id_number")
    former = [n for n in [*renamed, *(data.get("former_names") or [])] if n != entity.name]
    entity.former_names = list(dict.fromkeys([*entity.former_names, *former]))
    refresh_search_key(entity)
    uow.session.add(entity)
    uow.session.flush()
    return entity
