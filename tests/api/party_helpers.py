"""Helpers for the party's side: a listed entry old enough to repair, and the bodies a party
sends for it."""

from tests.factories import file_and_publish


def repairable(client, headers, **overrides) -> dict:
    """A listed entry decided 2025-09-01: repairable from 2026-09-01, listed through 2028."""
    return file_and_publish(client, headers, decision_date="2025-09-01", **overrides)


def applicant_of(listing: dict) -> dict:
    entity = listing["entity"]
    code = {"uscc": entity["uscc"]} if "uscc" in entity else {"id_number": entity["id_number"]}
    return {"name": entity["name"], **code}


def application_body(listing: dict, **overrides) -> dict:
    body = {"listing_id": listing["id"], "applicant": applicant_of(listing),
            "contact": {"name": "王经理", "phone": "0512-68881234"},
            "statement": "已足额缴纳罚款并完成整改", "commitment": True,
            "evidence": ["缴款凭证 2026-10-08"]}
    body.update(overrides)
    return body


def objection_body(listing: dict, **overrides) -> dict:
    body = {"listing_id": listing["id"], "applicant": applicant_of(listing),
            "contact": {"name": "王经理", "phone": "13800000000"},
            "grounds": "wrong_content", "statement": "处罚决定书记载的金额有误"}
    body.update(overrides)
    return body


def apply(client, listing, **overrides):
    return client.post("/api/v1/public/repair-applications",
                       json=application_body(listing, **overrides))


def lodge(client, listing, **overrides):
    return client.post("/api/v1/public/objections", json=objection_body(listing, **overrides))

