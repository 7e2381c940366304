from tests.factories import company, file_listing, listing_body, publish


def test_a_department_files_and_publishes_a_company(client, housing):
    listing = file_listing(client, housing)
    assert listing["status"] == "pending"
    assert listing["source"]["org"] == "sz-housing"
    listed = publish(client, housing, listing["id"])
    assert listed["status"] == "listed"
    read = client.get(f"/api/v1/listings/{listing['id']}", headers=housing).json
    assert [h["action"] for h in read["history"]] == ["file", "publish"]
