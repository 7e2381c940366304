"""What the public tier may show of a party: a natural person's ID number only masked, a
legal representative's never; an organisation's USCC whole."""

from blacklist.registry.identifiers import mask_id_number


def public_entity(entity: dict) -> dict:
    """The party (as the change log stores it, `trail.events.entity_fields`) for anyone."""
    shown = {"kind": entity["kind"], "name": entity["name"]}
    if entity.get("uscc"):
        shown["uscc"] = entity["uscc"]
    if entity.get("id_number"):
        shown["id_number"] = mask_id_number(entity["id_number"])
    if entity.get("legal_rep_name"):
        shown["legal_representative"] = {"name": entity["legal_rep_name"]}
    if entity.get("former_names"):
        shown["former_names"] = list(entity["former_names"])
    return shown
