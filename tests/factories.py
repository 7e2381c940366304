"""Valid bodies to file, and helpers that drive the filing API the way a department does."""

import itertools
import random

from blacklist.registry.identifiers import id_check_char, org_code_check_char, uscc_check_char

_counter = itertools.count(1)


def make_uscc(seed: int | None = None, area: str = "320505") -> str:
    """A USCC that passes GB 32100 and its embedded GB 11714 check."""
    rng = random.Random(seed if seed is not None else next(_counter) * 7919)
    body = "".join(rng.choice("0123456789") for _ in range(8))
    first17 = "91" + area + body + org_code_check_char(body)
    return first17 + uscc_check_char(first17)


def make_id_number(seed: int | None = None, birth: str = "19800101") -> str:
    """An ID number that passes GB 11643."""
    rng = random.Random(seed if seed is not None else next(_counter) * 104729)
    first17 = "320505" + birth + "".join(rng.choice("0123456789") for _ in range(3))
    return first17 + id_check_char(first17)


def company(name="苏州某某建设工程有限公司", uscc=None, **extra) -> dict:
    return {"kind": "legal_person", "name": name, "uscc": uscc or make_uscc(), **extra}


def person(name="李四", id_number=None) -> dict:
    return {"kind": "natural_person", "name": name, "id_number": id_number or make_id_number()}


def listing_body(entity=None, **overrides) -> dict:
    body = {
        "entity": entity or company(),
        "domain": "construction", "category": "market_order",
        "decision_no": f"苏建罚〔2026〕{next(_counter)}号", "decision_date": "2026-11-20",
        "facts": "串通投标", "legal_basis": "《招标投标法》第五十三条",
        "measures": ["bid_ban", "procurement_ban"],
    }
    body.update(overrides)
    return {key: value for key, value in body.items() if value is not None}


def file_listing(client, headers, **overrides) -> dict:
    answer = client.post("/api/v1/listings", json=listing_body(**overrides), headers=headers)
    assert answer.status_code == 201, answer.json
    return answer.json


def publish(client, headers, listing_id, statement="waived", note=None) -> dict:
    body = {"statement": statement, **({"note": note} if note else {})}
    answer = client.post(f"/api/v1/listings/{listing_id}/publish", json=body, headers=headers)
    assert answer.status_code == 200, answer.json
    return answer.json


def file_and_publish(client, headers, **overrides) -> dict:
    listing = file_listing(client, headers, **overrides)
    return publish(client, headers, listing["id"])


def penalty_body(entity=None, **overrides) -> dict:
    body = {
        "entity": entity or company(), "domain": "construction",
        "decision_no": f"苏建罚〔2026〕P{next(_counter)}号", "decision_date": "2026-11-20",
        "violation_type": "串通投标", "facts": "与其他投标人串通投标报价",
        "legal_basis": "《招标投标法》第五十三条", "penalty_type": "罚款",
        "content": "处中标项目金额千分之五的罚款", "fine_amount": "12000.00",
    }
    body.update(overrides)
    return body
