"""Every decision comes with its repair notice (两书同达): a PDF in Chinese whose text says the
party, the decision, the period, from when repair is possible, the conditions and where."""

import io
from pathlib import Path

import pymupdf
from pypdf import PdfReader

from tests.factories import file_and_publish, file_listing, penalty_body


def text_of(answer) -> str:
    assert answer.status_code == 200, answer.get_data(as_text=True)[:300]
    assert answer.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(answer.data))
    return "".join(page.extract_text() for page in reader.pages).replace("\n", "")


def test_a_listing_notice_tells_the_party_everything_it_needs(client, housing):
    listing = file_listing(client, housing, decision_no="苏建罚〔2026〕12号")
    text = text_of(client.get(f"/api/v1/listings/{listing['id']}/repair-notice",
                              headers=housing))
    assert "信用修复告知书" in text
    assert listing["entity"]["name"] in text and listing["entity"]["uscc"] in text
    assert "苏建罚〔2026〕12号" in text and "2026年11月20日" in text
    assert "2026年11月20日至2029年11月19日" in text     # the publication period
    assert "2027年11月20日起" in text                   # repairable_from
    assert "信用承诺" in text and "最短公示期已届满" in text
    assert "http://localhost/repair" in text and "市住建局" in text
    assert "3个工作日" in text


def test_a_penalty_notice_counts_repair_from_its_severitys_minimum(client, housing):
    penalty = client.post("/api/v1/penalties", json=penalty_body(severity="general"),
                          headers=housing).json
    text = text_of(client.get(f"/api/v1/penalties/{penalty['id']}/repair-notice",
                              headers=housing))
    assert "行政处罚决定" in text and penalty["decision_no"] in text
    assert "2027年2月20日起" in text                    # 2026-11-20 + 3 months


def test_another_department_gets_no_notice_and_an_admin_does(client, housing, token, admin):
    listing = file_and_publish(client, housing)
    url = f"/api/v1/listings/{listing['id']}/repair-notice"
    assert client.get(url, headers=token("sz-land", "filer")).status_code == 404
    assert client.get(url).status_code == 401
    assert client.get(url, headers=admin).status_code == 200
    assert client.get("/api/v1/penalties/nope/repair-notice", headers=housing).status_code == 404


def test_the_notice_renders_as_a_page_a_person_can_read(client, housing):
    """Looked at, not only parsed: rendered by another PDF engine (MuPDF), every line of the
    notice is drawn in CJK glyphs inside the page; the picture is kept in tests/artifacts."""
    listing = file_listing(client, housing)
    answer = client.get(f"/api/v1/listings/{listing['id']}/repair-notice", headers=housing)
    page = pymupdf.open(stream=answer.data, filetype="pdf")[0]
    picture = page.get_pixmap(dpi=72, colorspace=pymupdf.csGRAY)
    artifacts = Path(__file__).resolve().parents[1] / "artifacts"
    artifacts.mkdir(exist_ok=True)
    picture.save(artifacts / "repair-notice.png")
    words = {line["spans"][0]["text"] for block in page.get_text("dict")["blocks"]
             for line in block.get("lines", [])}
    assert "信用修复告知书" in words
    for probe in ("信用修复告知书", listing["entity"]["name"]):
        [box] = page.search_for(probe)[:1]
        assert page.rect.contains(box), f"{probe} drawn outside the page"
        ink = page.get_pixmap(dpi=72, clip=box, colorspace=pymupdf.csGRAY)
        dark = sum(1 for value in ink.samples if value < 128)
        assert dark > 0.05 * ink.width * ink.height, f"{probe} is not drawn"
