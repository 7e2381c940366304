"""The repair notice (信用修复告知书, 两书同达 of 国办发〔2025〕22号): served with every listing and
penalty decision, it tells the party what was decided, how long it is published, from when
repair is possible, on what conditions, and where to apply. A PDF in Chinese, set in
reportlab's built-in CID font STSong-Light, so no font file is needed."""

import datetime as dt
import io
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from xml.sax.saxutils import escape

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

CONDITIONS = (
    "最短公示期已届满；",
    "已纠正失信行为、履行相关义务（如已足额缴纳罚款、完成整改）；",
    "作出信用承诺（信用承诺书），并同意向社会公开。",
)


@dataclass(frozen=True)
class Notice:
    """What a notice says of one decision."""

    kind: str               # 列入黑名单决定 | 行政处罚决定
    party: str
    identifier: str
    decision_no: str
    decision_date: dt.date
    authority: str
    publish_from: dt.date
    publish_until: dt.date
    repairable_from: dt.date
    apply_at: str
    decide_days: int
    reply_days: int


def render(notice: Notice, issued: dt.date) -> bytes:
    """The notice as a one-page A4 PDF."""
    title = ParagraphStyle("title", fontName=FONT, fontSize=18, leading=26, alignment=1)
    body = ParagraphStyle("body", fontName=FONT, fontSize=11, leading=18)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=22 * mm, rightMargin=22 * mm,
                            topMargin=20 * mm, bottomMargin=20 * mm, title="信用修复告知书",
                            author=notice.authority)
    story = [Paragraph("信用修复告知书", title), Spacer(1, 6 * mm),
             Paragraph(escape(f"{notice.party}："), body),
             Paragraph(escape(_opening(notice)), body), Spacer(1, 3 * mm),
             _facts(notice, body), Spacer(1, 4 * mm),
             Paragraph("一、信用修复条件（须同时满足）：", body)]
    story += [Paragraph(escape(f"{i}. {text}"), body) for i, text in enumerate(CONDITIONS, 1)]
    story += [Spacer(1, 2 * mm), Paragraph("二、申请方式：", body),
              Paragraph(escape(_how(notice)), body), Spacer(1, 8 * mm),
              Paragraph(escape(f"{notice.authority}　{_day(issued)}"), body)]
    doc.build(story)
    return buffer.getvalue()


def _opening(n: Notice) -> str:
    return (f"本机关于{_day(n.decision_date)}对你（单位）作出{n.kind}（{n.decision_no}）。"
            "根据《信用修复管理办法》（国家发展改革委令2025年第36号）和国办发〔2025〕22号文件，"
            "现将公示期限和信用修复事项告知如下。")


def _facts(n: Notice, style) -> Table:
    rows = [("当事人", n.party), ("统一社会信用代码／身份证号码", n.identifier),
            ("决定文书号", n.decision_no), ("决定日期", _day(n.decision_date)),
            ("公示期限", f"{_day(n.publish_from)}至{_day(n.publish_until)}（含当日）"),
            ("可申请信用修复日期", f"{_day(n.repairable_from)}起")]
    table = Table([[Paragraph(escape(k), style), Paragraph(escape(v), style)] for k, v in rows],
                  colWidths=[52 * mm, 110 * mm])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "#888888"),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def _how(n: Notice) -> str:
    return (f"自{_day(n.repairable_from)}起，可登录 {n.apply_at} 在线提交信用修复申请"
            "（填写统一社会信用代码或身份证号码、整改情况并作出信用承诺），或向本机关提出。"
            f"本机关自收到申请之日起{n.decide_days}个工作日内作出决定，平台在{n.reply_days}"
            "个工作日内答复。对公示内容有异议的，可在同一页面提出异议。")


def _day(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
