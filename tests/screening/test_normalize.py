from __future__ import annotations

import pytest

from ictguard.screening.normalize import Kind, normalize


@pytest.mark.parametrize(
    ("name", "schema", "expected"),
    [
        ("Huawei Technologies Co., Ltd.", "Company", "huawei technology ltd"),
        ("HUAWEI TECHNOLOGIES COMPANY LIMITED", "Company", "huawei technology ltd"),
        ("华为技术有限公司", "Company", "huawei technology ltd"),
        ("華為技術有限公司", "Company", "huawei technology ltd"),
        ("杭州海康威视数字技术股份有限公司", "Company", "hangzhou hikvision digital technology ltd"),
        ("BENEFICIARY: ACME TRADING SP. Z O.O.", "Company", "acme trading llc"),
        ("MESSRS. ACME S.A. DE C.V.", "Company", "acme llc"),
        ("ООО Газпром Телеком", "Company", "llc gazprom telekom"),
        ("Acme Ltd, 5 Main Street, London", "Company", "acme ltd"),
        ("Orient Star (ex-Golden Bay)", "Company", "orient star"),
        ("M/V ORIENT STAR", "Vessel", "orient star"),
        ("MV Maru No. 8", "Vessel", "maru 8"),
        ("Shipping Three Co", "Company", "shipping 3 corp"),
        ("Coöperatief", "Company", "cooperatief"),
        ("KIM, Jong Un", "Person", "kim jong un"),
        ("Лаборатория Касперского", "Company", "laboratoriya kasperskogo"),
        ("ירושלים", "Company", "yrwslym"),
        # An address after the legal form and a comma is cut; a legal form after the comma is kept.
        (
            "Huawei Technologies Co., Ltd., Bantian, Longgang District, Shenzhen 518129, China",
            "Company",
            "huawei technology ltd",
        ),
        ("Gazprom Telekom, OOO", "Company", "gazprom telekom llc"),
        ("SMITH, John", "Person", "smith john"),
        # Chinese ordinals are numbers: the 14th institute is not the 11th.
        ("中国电子科技集团公司第十四研究所", "Company", "china electronic technology group corp 14 research institute"),
    ],
)
def test_normalised_tokens(name: str, schema: str, expected: str) -> None:
    assert " ".join(t.text for t in normalize(name, schema).tokens) == expected


@pytest.mark.parametrize(
    ("name", "word", "kind"),
    [
        ("Hangzhou Hikvision Digital Technology Co., Ltd.", "hangzhou", Kind.PLACE),
        ("Huawei Technologies (Thailand) Co., Ltd.", "thailand", Kind.QUALIFIER),
        ("Inspur (Beijing) Electronic Information Industry Co., Ltd.", "beijing", Kind.QUALIFIER),
        ("Hikvision", "hikvision", Kind.CORE),
        ("Huawei Technologies Co., Ltd.", "technology", Kind.GENERIC),
        ("Maru No. 8", "8", Kind.NUMBER),
    ],
)
def test_token_kinds(name: str, word: str, kind: Kind) -> None:
    kinds = {t.text: t.kind for t in normalize(name).tokens}
    assert kinds[word] is kind


def test_bracketed_acronym_is_split_off() -> None:
    norm = normalize("Semiconductor Manufacturing International Corporation (SMIC)")
    assert norm.acronym == "smic"
    assert "smic" not in norm.key
