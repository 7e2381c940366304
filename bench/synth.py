"""Deterministic synthetic negative-list data for the screening benchmarks.

Organisations carry valid USCCs of Suzhou (3205xx) with a valid embedded
organisation code; natural persons carry valid ID numbers. `labelled_parties`
derives parties from listed entries (traditional script, width, spacing,
one changed character, branch offices, unrelated names) with the decision a
careful screener expects, for measuring precision and recall.
"""

import random
import uuid

import opencc

from blacklist.registry.identifiers import (
    USCC_CHARSET,
    id_check_char,
    org_code_check_char,
    uscc_check_char,
)
from blacklist.screening.index import Entry

TRADE_NAME_CHARS = (
    "华信达通盛鑫恒泰利源昌隆宏安新康永兴发富金玉佳和嘉瑞祥丰顺成庆荣辉光明德正中天海东南西北"
    "亚美博文创远智凯鸿飞腾龙凤彩峰山川江河湖林森木云雨星月日阳春秋冬夏青蓝红紫绿白晨旭晶宝贝"
    "帆舟航宇宙辰亿万千百诚立义仁礼忠善勤俭朗越卓优精锐捷迅力强劲联合协众汇聚集群益普惠广阔宽厚"
    "诺承载驰骋奥迪威雅乐欣悦怡静宁心志扬翔展图夏神州九环球世纪时代未来景城都邦国民友谊晟昊晖昕"
    "昱煜烨灿炜琪琳瑶瑾璟珑珠璐锦绣纶绮布冠步行路道桥梁栋柱楼阁亭台苑庭院堂门窗基础磐岩峻岭峦岳"
    "嵩衡久长治平稳定固坚刚毅勇猛虎豹狮熊鹰雁鹤鹏燕莺蝶蜂蚁麟凰鲲"
)
TRADE_NAME_CHARS = "".join(dict.fromkeys(TRADE_NAME_CHARS))
REGIONS = ("苏州", "苏州市", "江苏", "昆山", "张家港", "吴江", "常熟", "太仓", "")
TRADES = ("科技", "建设", "工程", "贸易", "实业", "商贸", "环保", "信息", "智能", "")
INDUSTRIES = ("电子", "机械", "建筑", "材料", "装饰", "劳务", "物流", "医药", "园林", "电气",
              "化工", "食品", "软件", "钢结构", "设备", "网络", "")
LEGAL_FORMS = ("有限公司", "有限责任公司", "股份有限公司", "集团有限公司")
DISTRICTS = ("吴江", "吴中", "相城", "昆山", "常熟", "工业园区")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建红文辉力斌宇浩凯晨鑫欣怡佳雪琳子涵梓轩博睿思远志国庆春林海波"
AREAS = ("320505", "320506", "320507", "320508", "320509", "320581", "320582", "320583", "320585")
MEASURES = ("housing_ban", "land_ban", "mining_ban", "procurement_ban", "state_assets_ban",
            "bid_ban", "medical_ban")
SOURCES = (("sz-housing", "市住建局", "construction"), ("sz-finance", "市财政局", "procurement"),
           ("sz-land", "市国土局", "land"), ("sz-health", "市卫生计生委", "medical"),
           ("sz-sasac", "市政府国资委", "state_assets"))
CATEGORIES = ("health_safety", "market_order", "public_trust")
_ORG_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def make_uscc(rng: random.Random) -> str:
    """A valid USCC registered in Suzhou."""
    while True:
        first8 = "".join(rng.choice(_ORG_CODE_CHARS) for _ in range(8))
        org_check = org_code_check_char(first8)
        if org_check in USCC_CHARSET:
            break
    first17 = "91" + rng.choice(AREAS) + first8 + org_check
    return first17 + uscc_check_char(first17)


def make_id_number(rng: random.Random) -> str:
    """A valid ID number of someone born in Suzhou between 1950 and 2000."""
    birth = f"{rng.randint(1950, 2000)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    first17 = rng.choice(AREAS) + birth + f"{rng.randint(0, 999):03d}"
    return first17 + id_check_char(first17)


def make_trade_name(rng: random.Random) -> str:
    return "".join(rng.choice(TRADE_NAME_CHARS) for _ in range(rng.choice((2, 3, 3))))


def make_org_name(rng: random.Random, trade_name: str | None = None) -> str:
    """Region + 字号 + trade word + industry + legal form; some written 字号（苏州）…."""
    trade_name = trade_name or make_trade_name(rng)
    body = rng.choice(TRADES) + rng.choice(INDUSTRIES)
    if rng.random() < 0.1:
        return f"{trade_name}（苏州）{body}{rng.choice(LEGAL_FORMS)}"
    return f"{rng.choice(REGIONS)}{trade_name}{body}{rng.choice(LEGAL_FORMS)}"


def make_person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def make_entry(rng: random.Random) -> Entry:
    """One listed entry: 70% organisations (some branches, some renamed), 30% persons."""
    org, source_name, domain = rng.choice(SOURCES)
    measures = tuple(sorted(rng.sample(MEASURES, rng.choice((1, 2, 7)))))
    common = {"listing_id": str(uuid.UUID(int=rng.getrandbits(128))), "domain": domain,
              "category": rng.choice(CATEGORIES), "measures": measures,
              "publish_until": f"20{rng.randint(25, 31)}-{rng.randint(1, 12):02d}-15",
              "source_org": org, "source_name": source_name}
    if rng.random() < 0.3:
        return Entry(kind="natural_person", name=make_person_name(rng), former_names=(),
                     uscc=None, id_number=make_id_number(rng), legal_rep_name=None,
                     legal_rep_id=None, **common)
    name = make_org_name(rng)
    if rng.random() < 0.05:
        name = name + rng.choice(DISTRICTS) + "分公司"
    former = (make_org_name(rng),) if rng.random() < 0.15 else ()
    return Entry(kind="legal_person", name=name, former_names=former, uscc=make_uscc(rng),
                 id_number=None, legal_rep_name=make_person_name(rng),
                 legal_rep_id=make_id_number(rng), **common)


def entries(n: int, seed: int = 2026):
    """Yield n entries, the same ones for the same seed."""
    rng = random.Random(seed)
    for _ in range(n):
        yield make_entry(rng)


def _spaced(rng: random.Random, name: str) -> str:
    cut = rng.randint(1, len(name) - 1)
    return name[:cut] + rng.choice((" ", "　", " · ")) + name[cut:]


def _widened(name: str) -> str:
    return name.replace("（", "(").replace("）", ")") if "（" in name else f" {name}\t"


def _one_changed(rng: random.Random, name: str, trade_name_at: int) -> str:
    spare = [c for c in TRADE_NAME_CHARS if c != name[trade_name_at]]
    return name[:trade_name_at] + rng.choice(spare) + name[trade_name_at + 1:]


def labelled_parties(listed: list[Entry], seed: int = 7) -> list[tuple[dict, str]]:
    """Parties derived from listed organisations and persons, each with its expected decision."""
    rng = random.Random(seed)
    to_traditional = opencc.OpenCC("s2t")
    labelled = []
    for entry in listed:
        if entry.kind == "natural_person":
            labelled.append(({"name": entry.name, "id_number": entry.id_number}, "refuse"))
            labelled.append(({"name": entry.name, "kind": "natural_person"}, "review"))
            continue
        name = entry.name
        labelled += [
            ({"name": name}, "refuse"),
            ({"name": to_traditional.convert(name)}, "refuse"),
            ({"name": _spaced(rng, name)}, "refuse"),
            ({"name": _widened(name)}, "refuse"),
            ({"name": make_org_name(rng), "uscc": entry.uscc}, "refuse"),
            ({"name": name, "uscc": make_uscc(rng)}, "review"),
            ({"name": name + rng.choice(DISTRICTS) + "分公司"}, "review"),
        ]
        at = _trade_name_start(name)
        if at is not None:
            labelled.append(({"name": _one_changed(rng, name, at + 1)}, "review"))
        labelled.append(({"name": make_org_name(rng, _fresh_trade_name(rng)),
                          "uscc": make_uscc(rng)}, "clear"))
        labelled.append(({"name": make_org_name(rng, _fresh_trade_name(rng))}, "clear"))
    return labelled


def _trade_name_start(name: str) -> int | None:
    for at, char in enumerate(name):
        if char in TRADE_NAME_CHARS and name[at + 1:at + 2] and name[at + 1] in TRADE_NAME_CHARS:
            return at
    return None


def _fresh_trade_name(rng: random.Random) -> str:
    # Four characters: a 字号 no listed entry carries, so the name is truly unrelated.
    return "".join(rng.choice(TRADE_NAME_CHARS) for _ in range(4))
