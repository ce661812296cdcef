"""Covered-family identification: recall on real banners, realms, titles, sysDescr strings, model numbers, FCC IDs
and registry names of covered-family equipment, and false "covered" verdicts on other vendors' strings, for this
tree and for another (today's main) in the same run.

The corpus is bench/data/family_banners.tsv (each line cited; split "dev" was seen while the family data was
written; "heldout" and "heldout2" were each collected afterwards and measured once before later changes;
"heldout3" and "heldout4" were collected after the last change: see SPLITS). Each tree is run in
its own process with its own ``src`` first on PYTHONPATH. A kind the other tree does not know (``fcc_id`` before
issue 14) counts as a miss.
The large look-alike checks (every non-covered MA-L organisation, other_vendor_values.tsv) are
bench/bench_identify.py's ``false_covered``, run here on this tree. With ``--nmap-probes`` (Debian nmap-common's
/usr/share/nmap/nmap-service-probes; NPSL, read in place, never copied) every product/version/info/hostname text
of its match lines whose line names no covered family is identified as each banner kind: a "covered" verdict there
is a false alarm unless it is a HiSilicon chipset (basis "chipset").

Run (from the repository root):  .venv/bin/python bench/bench_families.py [--baseline /work/main/src]
                                 [--nmap-probes /usr/share/nmap/nmap-service-probes]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "bench" / "data" / "family_banners.tsv"
#: dev: seen while the family data was written; heldout, heldout2: each collected after the data of its day and
#: measured once before later changes (which some of their misses prompted); heldout3 (models) and heldout4
#: (banners, realms, titles, certificates): collected after the first round's last data change; heldout5: collected
#: before the second round and measured first; heldout6: after the second round, measured, then one fix (FiberHome
#: look-alikes); heldout7: after that fix, measured, then a last fix; heldout8: after it; heldout9: collected before
#: the third round's changes, committed first and never tuned on; heldout10: collected after its first change and
#: before any later one, never tuned on; heldout11: switch models collected after the round's last data change, never
#: tuned on; heldout12: collected before the fourth round's changes and measured first (then tuned on); heldout13:
#: collected after that round's last change, never tuned on; heldout14: collected before the fifth round's changes
#: and measured first on untouched code (then tuned on); heldout15: collected after that round's first change,
#: measured, then tuned on; heldout16: collected after its second change, never tuned on; heldout17: collected before
#: the sixth round's changes and measured first on untouched code (then tuned on); heldout18: collected after the sixth
#: round's last change, never tuned on; heldout19: collected after the seventh round's first change, measured first,
#: then tuned on; heldout20: collected after its second change, never tuned on; heldout21: collected before the
#: eighth round's changes and measured first on untouched code, then tuned on; heldout22: collected after its change,
#: never tuned on; heldout23: collected before the ninth round's changes and measured first on untouched code
#: (then tuned on); heldout24: collected with it, kept aside and never tuned on; heldout25: collected after the
#: ninth round's last change, never tuned on; heldout26: collected before the tenth round's changes and measured first
#: on untouched code (then tuned on); heldout27: collected after the tenth round's last change, never tuned on;
#: heldout28: collected before the eleventh round's changes and measured first on untouched code (then tuned on);
#: heldout29: collected with it, kept aside and never tuned on; heldout30: collected before the twelfth round's
#: changes and measured first on untouched code (then tuned on); heldout31: collected with it, kept aside and never
#: tuned on; heldout32: collected before the thirteenth round's changes and measured first on untouched code
#: (docs/benchmarks.md)
SPLITS = (
    "dev",
    "heldout",
    "heldout2",
    "heldout3",
    "heldout4",
    "heldout5",
    "heldout6",
    "heldout7",
    "heldout8",
    "heldout9",
    "heldout10",
    "heldout11",
    "heldout12",
    "heldout13",
    "heldout14",
    "heldout15",
    "heldout16",
    "heldout17",
    "heldout18",
    "heldout19",
    "heldout20",
    "heldout21",
    "heldout22",
    "heldout23",
    "heldout24",
    "heldout25",
    "heldout26",
    "heldout27",
    "heldout28",
    "heldout29",
    "heldout30",
    "heldout31",
    "heldout32",
)
VENDOR_OF = {"huawei": "Huawei", "zte": "ZTE", "hikvision": "Hikvision", "dahua": "Dahua", "hytera": "Hytera"}


def load_corpus(path: Path = CORPUS) -> list[tuple[str, str, str, str]]:
    """(split, kind, expect, value) per line; "\\n" in a value is a line break."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 5 or parts[0] not in SPLITS or not parts[4].strip():
            raise ValueError(f"{path}:{number}: expected split, kind, expect, value, citation")
        split, kind, expect, value, _citation = parts
        if expect != "other" and expect not in VENDOR_OF:
            raise ValueError(f"{path}:{number}: unknown family {expect!r}")
        rows.append((split, kind, expect, value.replace("\\n", "\n")))
    return rows


def child() -> None:
    """Identify every corpus value with whatever ``ictguard`` is first on the path; one JSON list on stdout."""
    from ictguard.devices.identify import identify

    out = []
    for _split, kind, _expect, value in load_corpus():
        try:
            found = identify(kind, value)
            out.append([found.vendor, found.covered])
        except Exception as exc:  # an older tree rejects a kind it does not know (fcc_id)
            out.append([None, False, type(exc).__name__])
    print(json.dumps(out))


def run_tree(src: Path) -> list[list[object]]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    done = subprocess.run([sys.executable, __file__, "--child"], capture_output=True, text=True, check=True, env=env)
    result: list[list[object]] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def score(rows: list[tuple[str, str, str, str]], results: list[list[object]], split: str) -> dict[str, object]:
    covered_rows = [(row, res) for row, res in zip(rows, results, strict=True) if row[0] == split and row[2] != "other"]
    other_rows = [(row, res) for row, res in zip(rows, results, strict=True) if row[0] == split and row[2] == "other"]
    right = [row for row, res in covered_rows if res[1] and res[0] == VENDOR_OF[row[2]]]
    wrong_family = [row for row, res in covered_rows if res[1] and res[0] != VENDOR_OF[row[2]]]
    false_cov = [row for row, res in other_rows if res[1]]
    missed = [row for row, res in covered_rows if not res[1]]
    return {
        "covered": len(covered_rows),
        "recall": len(right) / len(covered_rows) if covered_rows else 0.0,
        "right": len(right),
        "wrong_family": len(wrong_family),
        "others": len(other_rows),
        "false_covered": len(false_cov),
        "missed": missed,
        "false_rows": false_cov,
        "missed_by_kind": Counter(row[1] for row in missed),
    }


#: a match line that names any of these is about covered-family gear (or a relabel): its texts are not look-alikes
_COVERED_WORDS = re.compile(
    r"huawei|zte|zx|hikvision|dahua|hytera|ezviz|hilook|imou|lechange|hisilicon|quidway|"
    r"echolife|smartax|optix|vrp|dopra|hikrobot|amcrest",
    re.IGNORECASE,
)
_BANNER_KINDS = (
    "http_server",
    "model",
    "http_title",
    "telnet_banner",
    "snmp_sysdescr",
    "www_authenticate",
    "tls_subject",
    "ssh_banner",
    "rtsp_server",
)


def nmap_lookalikes(probes: Path) -> None:
    """Other vendors' product names from nmap's version-detection database, identified as every banner kind."""
    from ictguard.devices.identify import Identifier

    texts: set[str] = set()
    for line in probes.read_text(encoding="latin-1").splitlines():
        if line.startswith(("match ", "softmatch ")) and not _COVERED_WORDS.search(line):
            for found in re.finditer(r"\s[pvih]([/|])(.*?)\1", line):
                if "$" not in found.group(2) and len(found.group(2)) >= 3:
                    texts.add(found.group(2))
    idf = Identifier()
    covered = [(kind, text, idf.identify(kind, text)) for text in sorted(texts) for kind in _BANNER_KINDS]
    covered = [(kind, text, found) for kind, text, found in covered if found.covered]
    alarms = [(kind, text) for kind, text, found in covered if found.basis != "chipset"]
    print(
        f"nmap-service-probes look-alikes: {len(texts)} texts x {len(_BANNER_KINDS)} kinds; covered "
        f"{len(covered)} (chipset {len(covered) - len(alarms)}); false covered {len(alarms)}"
    )
    for kind, text in alarms:
        print(f"    FALSE COVERED {kind}: {text!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", type=Path, default=Path("/work/main/src"), help="the other tree's src")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--nmap-probes", type=Path, help="nmap-service-probes to draw other vendors' names from")
    args = parser.parse_args()
    if args.child:
        child()
        return
    rows = load_corpus()
    trees = {"this tree": ROOT / "src", f"baseline ({args.baseline})": args.baseline}
    print(f"corpus: {len(rows)} values ({CORPUS.relative_to(ROOT)})")
    for name, src in trees.items():
        results = run_tree(src)
        for split in SPLITS:
            s = score(rows, results, split)
            print(
                f"{name:45} {split:9} covered-family recall {s['right']}/{s['covered']} = {s['recall']:.3f}; "
                f"wrong family {s['wrong_family']}; false covered {s['false_covered']}/{s['others']}"
            )
            if args.show_misses:
                for row in s["missed"]:  # type: ignore[attr-defined]
                    print(f"    missed {row[1]}: {row[3]!r}")
                for row in s["false_rows"]:  # type: ignore[attr-defined]
                    print(f"    FALSE COVERED {row[1]}: {row[3]!r}")
    sys.path.insert(0, str(ROOT))
    from bench.bench_identify import OTHER_VALUES, false_covered, registry
    from ictguard.devices.identify import Identifier

    others = [
        tuple(line.split("\t", 1))
        for line in OTHER_VALUES.read_text(encoding="utf-8").splitlines()
        if not line.startswith("#")
    ]
    print("this tree, bench_identify look-alike checks:")
    false_covered(Identifier(), registry(), [(k, v) for k, v in others])
    if args.nmap_probes:
        nmap_lookalikes(args.nmap_probes)


if __name__ == "__main__":
    main()
