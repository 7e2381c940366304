"""`blacklist init` makes identifiers stored before canonicalisation canonical: one party
typed two ways becomes one entity, its listings and history kept, the platforms told."""

from sqlalchemy import text

from blacklist.infra import bootstrap
from blacklist.trail import audit
from tests.factories import company, file_and_publish, make_id_number, make_uscc, person

WIDE = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


def _store_as_typed(runtime, entity_id: str, column: str, typed: str) -> None:
    """What a filing of the old code stored: the identifier as it was typed."""
    with runtime.db.engine.begin() as conn:
        conn.execute(text(f"UPDATE entity SET {column} = :v WHERE id = :id"),
                     {"v": typed, "id": entity_id})


def _entity_of(runtime, listing_id: str) -> str:
    with runtime.db.engine.connect() as conn:
        return conn.execute(text("SELECT entity_id FROM listing WHERE id = :id"),
                            {"id": listing_id}).scalar_one()


def test_a_party_stored_two_ways_becomes_one_entity_refused_by_its_code(
        client, runtime, housing, screener, admin):
    uscc = make_uscc()
    ascii_listing = file_and_publish(client, housing, entity=company("苏州甲建设有限公司", uscc))
    other = make_uscc()
    typed_listing = file_and_publish(client, housing, entity=company("苏州甲建筑有限公司", other))
    _store_as_typed(runtime, _entity_of(runtime, typed_listing["id"]), "uscc",
                    uscc.translate(WIDE))
    with runtime.uow(readonly=True) as uow:
        before = uow.changes.last_seq()

    result = bootstrap.init(runtime)

    assert result["identifiers"] == {"fixed": 0, "merged": 1, "left": 0}
    assert _entity_of(runtime, typed_listing["id"]) == _entity_of(runtime, ascii_listing["id"])
    read = client.get(f"/api/v1/listings/{typed_listing['id']}", headers=admin).json
    assert read["entity"]["uscc"] == uscc
    assert "苏州甲建筑有限公司" in read["entity"]["former_names"]
    assert read["history"][0]["action"] == "file"   # the listing keeps its history
    with runtime.uow(readonly=True) as uow:
        changes = uow.changes.after(before, 10)
        assert sorted(c.listing_id for c in changes) == sorted(
            [ascii_listing["id"], typed_listing["id"]])
        assert {c.event for c in changes} == {"updated"}
        assert audit.verify(uow)[0]
    answer = client.get(f"/api/v1/check?uscc={uscc}", headers=screener).json
    assert answer["decision"] == "refuse"
    assert {m["listing_id"] for m in answer["matches"]} >= {ascii_listing["id"],
                                                             typed_listing["id"]}


def test_an_id_number_stored_in_another_script_is_made_ascii_once(client, runtime, housing):
    number = make_id_number()
    listed = file_and_publish(client, housing, entity=person("周某", number))
    arabic = number[:-1].translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")) + number[-1]
    _store_as_typed(runtime, _entity_of(runtime, listed["id"]), "id_number", arabic)

    assert bootstrap.init(runtime)["identifiers"] == {"fixed": 1, "merged": 0, "left": 0}
    assert bootstrap.init(runtime)["identifiers"] == {"fixed": 0, "merged": 0, "left": 0}
    found = client.get(f"/api/v1/public/listings?q={number}").json
    assert [item["id"] for item in found["items"]] == [listed["id"]]
