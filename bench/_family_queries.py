"""Family-name queries for bench_family_screening.py: (query, family, category, split).

``dev`` queries are spelled as in the family base or the brief (data was written with them in view), or turned out
to equal a string of some data file (the bench's check, case and punctuation aside); ``held_out`` queries were
written before any tuning and occur in no data file. Spellings are
the ones users meet: vendor masters, ERP exports, invoices, Russian and Chinese documents.
"""

from __future__ import annotations

QUERIES: list[tuple[str, str, str, str]] = [
    # --- brands and subsidiaries (dev: as in the family base) ---
    ("EZVIZ", "hikvision", "brand", "dev"),
    ("HiLook", "hikvision", "brand", "dev"),
    ("HiWatch", "hikvision", "brand", "dev"),
    ("Hangzhou EZVIZ Network Co., Ltd.", "hikvision", "subsidiary", "dev"),
    ("Hikvision USA Inc.", "hikvision", "subsidiary", "dev"),
    ("Futurewei Technologies, Inc.", "huawei", "subsidiary", "dev"),
    ("Lorex Technology Inc.", "dahua", "subsidiary", "dev"),
    ("Imou", "dahua", "brand", "dev"),
    ("Dahua Technology USA Inc.", "dahua", "subsidiary", "dev"),
    ("Hytera America, Inc.", "hytera", "subsidiary", "dev"),
    ("ZTE USA, Inc.", "zte", "subsidiary", "dev"),
    # --- brands and subsidiaries (held out) ---
    ("EZVIZ INC", "hikvision", "brand", "dev"),
    ("Ezviz Network Co Ltd", "hikvision", "subsidiary", "held_out"),
    ("HIKROBOT CO LTD", "hikvision", "subsidiary", "held_out"),
    ("Hikvision Robot Co Ltd", "hikvision", "subsidiary", "held_out"),
    ("HIKMICRO", "hikvision", "brand", "dev"),
    ("Lorex Corp", "dahua", "subsidiary", "held_out"),
    ("LOREX TECHNOLOGY", "dahua", "subsidiary", "held_out"),
    ("IMOU LIFE", "dahua", "brand", "dev"),
    ("Futurewei Technologies", "huawei", "subsidiary", "held_out"),
    ("FUTUREWEI TECH INC", "huawei", "subsidiary", "held_out"),
    ("Huawei Technologies USA, Inc", "huawei", "subsidiary", "dev"),
    ("Dahua Europe BV", "dahua", "subsidiary", "held_out"),
    ("Dahua Technology USA", "dahua", "subsidiary", "held_out"),
    ("Hytera Mobilfunk", "hytera", "subsidiary", "dev"),
    ("ZTE Kangxun Telecom Co Ltd", "zte", "subsidiary", "held_out"),
    ("Prama Hikvision India Pvt Ltd", "hikvision", "joint_venture", "held_out"),
    ("Hikvision USA", "hikvision", "subsidiary", "dev"),
    # --- registered (legal) names in Latin script (held out) ---
    ("Hangzhou Hikvision Digital Technology Co Ltd", "hikvision", "registered", "dev"),
    ("ZHEJIANG DAHUA TECHNOLOGY CO LTD", "dahua", "registered", "dev"),
    ("Huawei Technologies Co Ltd", "huawei", "registered", "dev"),
    ("ZTE Corporation Ltd", "zte", "registered", "held_out"),
    ("Hytera Communications Corp Ltd", "hytera", "registered", "held_out"),
    ("SZ DJI Technology Co Ltd", "dji", "registered", "dev"),
    ("AO Kaspersky Lab", "kaspersky", "registered", "dev"),
    ("Xiamen Meiya Pico Information Co Ltd", "meiya_pico", "registered", "dev"),
    ("iFlytek Co Ltd", "iflytek", "registered", "dev"),
    ("China Telecom Americas Corp", "china_telecom_americas", "registered", "dev"),
    # --- abbreviated forms (dev: the brief's examples) ---
    ("China Elec Tech Grp Corp", "cetc", "abbreviated", "dev"),
    ("Huawei Techs Co Ltd", "huawei", "abbreviated", "dev"),
    # --- abbreviated forms (held out) ---
    ("Hangzhou Hikvision Digital Tech Co Ltd", "hikvision", "abbreviated", "held_out"),
    ("Zhejiang Dahua Tech Co Ltd", "dahua", "abbreviated", "held_out"),
    ("Hytera Comms Corp Ltd", "hytera", "abbreviated", "held_out"),
    ("Huawei Tech Co Ltd", "huawei", "abbreviated", "held_out"),
    ("China Electronics Tech Grp Corp", "cetc", "abbreviated", "held_out"),
    ("China Mobile Intl USA Inc", "china_mobile_intl_usa", "abbreviated", "held_out"),
    ("China Unicom Americas Ops Ltd", "china_unicom_americas", "abbreviated", "held_out"),
    ("Xiamen Meiya Pico Info Co Ltd", "meiya_pico", "abbreviated", "held_out"),
    ("Hangzhou Ezviz Netwk Co Ltd", "hikvision", "abbreviated", "held_out"),
    ("Megvii Tech Ltd", "megvii", "abbreviated", "held_out"),
    ("NetPosa Techs Ltd", "netposa", "abbreviated", "held_out"),
    ("Beijing SenseTime Tech Devt Co Ltd", "sensetime", "abbreviated", "held_out"),
    ("Pacific Netwks Corp", "pacific_networks", "abbreviated", "held_out"),
    ("ComNet USA LLC", "pacific_networks", "abbreviated", "dev"),
    # --- Chinese script (dev: in the family base) ---
    ("杭州萤石网络股份有限公司", "hikvision", "chinese", "dev"),
    ("杭州海康威視數字技術股份有限公司", "hikvision", "chinese", "dev"),
    ("乐橙", "dahua", "chinese", "dev"),
    ("荣耀", "huawei", "chinese", "dev"),
    ("中興通訊股份有限公司", "zte", "chinese", "dev"),
    # --- Chinese script (held out) ---
    ("杭州螢石網絡股份有限公司", "hikvision", "chinese", "held_out"),
    ("華為終端有限公司", "huawei", "chinese", "held_out"),
    ("浙江大華技術股份有限公司", "dahua", "chinese", "dev"),
    ("海康威視數位技術", "hikvision", "chinese", "held_out"),
    ("大疆創新科技有限公司", "dji", "chinese", "held_out"),
    ("海能达通信", "hytera", "chinese", "held_out"),
    ("杭州海康機器人股份有限公司", "hikvision", "chinese", "held_out"),
    ("中兴通讯", "zte", "chinese", "dev"),
    ("科大讯飞公司", "iflytek", "chinese", "held_out"),
    ("华为技术", "huawei", "chinese", "dev"),
    # --- Cyrillic (dev: in the family base) ---
    ("Хуавэй", "huawei", "cyrillic", "dev"),
    ("Хиквижн", "hikvision", "cyrillic", "dev"),
    ("Лаборатория Касперского", "kaspersky", "cyrillic", "dev"),
    ("Хайтера", "hytera", "cyrillic", "dev"),
    # --- Cyrillic (held out) ---
    ("Хуавей Текнолоджиз", "huawei", "cyrillic", "held_out"),
    ("ООО Хуавэй", "huawei", "cyrillic", "held_out"),
    ("Дахуа Технолоджи", "dahua", "cyrillic", "held_out"),
    ("АО Лаборатория Касперского", "kaspersky", "cyrillic", "dev"),
    ("Хиквижн Рус", "hikvision", "cyrillic", "held_out"),
    ("Касперский Лаб", "kaspersky", "cyrillic", "held_out"),
]

# A hit belongs to a family when the entry's names, remarks or relation targets match its marker.
FAMILY_MARKERS: dict[str, str] = {
    "hikvision": r"hikvision|海康|ezviz|萤石|hilook|hiwatch|hikrobot|hikstorage|hikmicro|hiksemi|prama",
    "dahua": r"dahua|大华|大華|lorex|imou|乐橙|华橙|huacheng",
    "huawei": r"huawei|华为|華為|futurewei|hisilicon|honor|荣耀",
    "zte": r"\bzte\b|中兴|中興|zhongxing",
    "hytera": r"hytera|海能达|海能達",
    "dji": r"\bdji\b|大疆|da-?jiang",
    "kaspersky": r"kaspersky|касперск",
    "meiya_pico": r"meiya",
    "iflytek": r"iflytek|讯飞",
    "megvii": r"megvii|旷视",
    "netposa": r"netposa|网力",
    "sensetime": r"sensetime|商汤",
    "cetc": r"china electronics technology group",
    "china_mobile_intl_usa": r"china mobile international usa",
    "china_telecom_americas": r"china telecom \(?americas",
    "china_unicom_americas": r"china unicom \(?americas",
    "pacific_networks": r"pacific networks|comnet",
}
