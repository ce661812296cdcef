"""Device identification benchmark: identifications/s, audit throughput on a synthetic Zeek log, and the
false-"covered" rate on corpora of other vendors' values (every non-covered IEEE OUI registry organisation,
and hand-written banners/titles/models of other vendors), next to a naive substring matcher as the baseline.

Run:  PYTHONPATH=src /work/venv/bin/python bench/bench_identify.py [--flows 200000]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

import netaddr

from ictguard.devices.audit import audit_paths
from ictguard.devices.identify import Identifier
from ictguard.devices.oui import _registry as oui_registry

ROOT = Path(__file__).resolve().parents[1]
OTHER_VALUES = ROOT / "tests" / "devices" / "fixtures" / "other_vendor_values.tsv"
# Hand-checked: the only registry organisations that are the covered companies, their affiliates or OEMs.
COVERED_ORGS = {
    "Amcrest Technologies", "HUAWEI TECHNOLOGIES CO.,LTD", "Hangzhou Ezviz Software Co.,Ltd.",
    "Hangzhou Hikvision Digital Technology Co.,Ltd.", "Hisilicon Technologies Co., Ltd", "Huawei Device Co., Ltd.",
    "Huawei Symantec Technologies Co.,Ltd.", "Huawei Technologies Co., Ltd.", "Hytera Communications Co .,ltd",
    "Hytera Communications Corporation Limited", "Prama Hikvision India Private Limited",
    "ZHEJIANG DAHUA TECHNOLOGYCO.,LTD", "Zhejiang Dahua Technology Co., Ltd.", "zte corporation",
}
NAIVE_TOKENS = ("huawei", "zte", "hikvision", "ezviz", "dahua", "hytera", "hisilicon")


def naive_covered(value: str) -> bool:
    """The baseline many scripts use: case-insensitive substring search for the company names."""
    low = value.lower()
    return any(token in low for token in NAIVE_TOKENS)


def registry() -> list[tuple[str, str]]:
    """(prefix as MAC, organisation) for every MA-L assignment netaddr ships."""
    out = []
    path = Path(netaddr.__file__).parent / "eui" / "oui.txt"
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if "(hex)" in line:
                prefix, _, org = line.partition("(hex)")
                mac = prefix.strip().replace("-", ":").lower() + ":00:00:01"
                out.append((mac, org.strip()))
    return out


def bench_identify(idf: Identifier, values: list[tuple[str, str]]) -> float:
    start = time.perf_counter()
    for kind, value in values:
        idf.identify(kind, value)
    return len(values) / (time.perf_counter() - start)


def false_covered(idf: Identifier, reg: list[tuple[str, str]], others: list[tuple[str, str]]) -> None:
    non_covered = [(mac, org) for mac, org in reg if org not in COVERED_ORGS]
    fp_mac = sum(idf.identify("mac", mac).covered for mac, _ in non_covered)
    fp_org = sum(idf.identify("organization", org).covered for _, org in non_covered)
    naive_org = sum(naive_covered(org) for _, org in non_covered)
    fp_other = sum(idf.identify(kind, value).covered for kind, value in others)
    naive_other = sum(naive_covered(value) for _, value in others)
    covered = [(mac, org) for mac, org in reg if org in COVERED_ORGS]
    recall = sum(idf.identify("mac", mac).covered for mac, _ in covered)
    print(f"non-covered OUI prefixes: {len(non_covered)}; false covered by MAC: {fp_mac} "
          f"({fp_mac / len(non_covered):.4%}); by organisation name: {fp_org}; naive substring: {naive_org}")
    print(f"other vendors' banners/titles/models: {len(others)}; false covered: {fp_other} "
          f"({fp_other / len(others):.2%}); naive substring: {naive_other}")
    print(f"covered OUI prefixes recognised: {recall}/{len(covered)}")


def synthetic_conn_log(path: Path, flows: int, rng: random.Random) -> None:
    header = ("#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n"
              "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\t"
              "resp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\t"
              "resp_pkts\tresp_ip_bytes\ttunnel_parents\torig_l2_addr\tresp_l2_addr\n")
    remotes = ["120.55.10.20", "114.114.114.114", "151.101.1.1", "8.8.8.8", "47.254.1.1", "1.1.1.1"]
    with path.open("w", encoding="utf-8") as out:
        out.write(header)
        for i in range(flows):
            host = rng.randrange(1, 250)
            mac = f"44:19:b6:00:00:{host:02x}" if host % 5 == 0 else f"00:40:8c:00:00:{host:02x}"
            out.write(f"{1732270000 + i}.0\tC{i}\t10.0.0.{host}\t{40000 + i % 20000}\t{rng.choice(remotes)}\t443\t"
                      f"tcp\tssl\t1.5\t{rng.randrange(100, 90000)}\t{rng.randrange(100, 9000)}\tSF\tT\tF\t0\tShADadFf\t"
                      f"10\t1000\t10\t1000\t-\t{mac}\t00:00:0c:00:00:01\n")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--flows", type=int, default=200_000)
    args = parser.parse_args()
    rng = random.Random(6)
    start = time.perf_counter()
    idf = Identifier()
    oui_registry()
    print(f"start-up (fingerprints + OUI registry load): {time.perf_counter() - start:.2f} s")
    reg = registry()
    others = [tuple(line.split("\t", 1)) for line in OTHER_VALUES.read_text(encoding="utf-8").splitlines()
              if not line.startswith("#")]
    others_pairs = [(k, v) for k, v in others]
    # Distinct values on a fresh Identifier: its memo never hits, so this is the cold per-value cost.
    macs = [("mac", f"{mac[:9]}{rng.randrange(256):02x}:{rng.randrange(256):02x}:{rng.randrange(256):02x}")
            for mac, _ in rng.sample(reg, 20_000)]
    mixed = macs + others_pairs
    rng.shuffle(mixed)
    print(f"identify (cold, distinct values): {bench_identify(Identifier(), mixed):,.0f} values/s "
          f"over {len(mixed):,} values (random MACs of registered OUIs + other vendors' banners)")
    print(f"identify (warm, same values again): {bench_identify(idf, mixed) and bench_identify(idf, mixed):,.0f}"
          " values/s")
    false_covered(Identifier(), reg, others_pairs)
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "conn.log"
        synthetic_conn_log(log, args.flows, rng)
        size = log.stat().st_size
        start = time.perf_counter()
        report = audit_paths([log])
        elapsed = time.perf_counter() - start
    print(f"audit: {args.flows:,} conn rows ({size / 1e6:.1f} MB) in {elapsed:.2f} s = "
          f"{args.flows / elapsed:,.0f} flows/s; {len(report.devices)} devices, "
          f"{sum(1 for d in report.devices if d.verdict and d.verdict.covered)} covered")


if __name__ == "__main__":
    main()
