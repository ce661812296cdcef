"""Seeded generator of a realistic site for end-to-end tests and benchmarks (no public camera-estate capture
exists, see ../shared/data/device/README.md).

A site of three networks (HQ, warehouse, branch) with cameras, NVRs, switches, radios, ONTs, printers, phones
and workstations from many vendors: covered ones (Hikvision, Dahua, EZVIZ, Huawei, ZTE, Hytera), OEM relabels
(Amcrest = Dahua, LTS and ANNKE = Hikvision), a HiSilicon-based DVR from an uncovered maker, look-alikes (H3C,
Honor, Aztech, Uniview, Shanghai Dahua Scale Factory) and unrelated vendors. It writes one day of Zeek logs
(conn with MAC columns, dns, ssl, dhcp) with normal and phone-home traffic, an inventory CSV that misses some
devices (those are only in DHCP leases and traffic), an nmap XML of the relabelled cameras, and truth.json: what
the generator meant, for tests to compare the audit with.

Every value an identification can rest on is a real OUI, model pattern or banner (device_audit.md §2), and
every public address is checked with iptocc to be in the country the generator means.

Run:  .venv/bin/python bench/gen_site.py OUT_DIR [--devices 300] [--rows 1000000] [--seed 6]
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import random
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import iptocc

DAY = 1_732_233_600.0  # 2024-11-22 00:00 UTC
SITES = {"hq": "10.10", "warehouse": "10.20", "branch": "10.30"}
GATEWAY_MAC = "e8:0a:b9:00:00:01"  # Cisco router: the L2 address of every remote end


@dataclass(frozen=True)
class Profile:
    """A kind of device: what the generator knows (vendor, covered, basis) and what it shows (label, OUI …)."""

    name: str
    weight: int
    label: str  # inventory manufacturer
    models: tuple[str, ...]
    ouis: tuple[str, ...]
    vendor: str | None  # the truth the audit should find (None: no fingerprint should name a vendor)
    covered: bool
    basis: str | None
    clouds: tuple[str, ...] = ()  # cloud endpoint names it phones home to
    banner: str | None = None  # nmap http-server-header, for the relabelled cameras
    workstation: bool = False  # browses the web (many destinations)


PROFILES = (
    Profile(
        "hikvision-camera",
        40,
        "Hikvision",
        ("DS-2CD2143G2-I", "DS-2CD2387G2-LU", "DS-2DE4425IW-DE"),
        ("54:8c:81", "0c:75:d2"),
        "Hikvision",
        True,
        "direct",
        ("dev.hik-connect.com", "api.hik-connect.com"),
    ),
    Profile(
        "hikvision-nvr",
        6,
        "Hikvision",
        ("DS-7608NI-K2", "DS-9632NI-I8"),
        ("54:8c:81",),
        "Hikvision",
        True,
        "direct",
        ("litedev.hik-connect.com",),
    ),
    Profile(
        "dahua-camera",
        30,
        "Dahua Technology",
        ("IPC-HFW2431S-S-S2", "IPC-HDW3841T-ZAS", "DH-IPC-HFW1230S"),
        ("74:c9:29", "6c:1c:71"),
        "Dahua",
        True,
        "direct",
        ("www.easy4ipcloud.com", "iotaccess.easy4ipcloud.com"),
    ),
    Profile(
        "ezviz-camera",
        10,
        "EZVIZ",
        ("CS-C6N", "CS-H8C"),
        ("64:f2:fb",),
        "Hikvision",
        True,
        "direct",
        ("apiieu.ezvizlife.com",),
    ),
    Profile(
        "huawei-switch",
        6,
        "Huawei Technologies Co., Ltd.",
        ("S5735-L24T4S-A", "CloudEngine S6730"),
        ("e0:06:30",),
        "Huawei",
        True,
        "direct",
        ("grs.dbankcloud.com",),
    ),
    Profile("zte-ont", 4, "ZTE", ("ZXHN F670L",), ("f0:1b:24",), "ZTE", True, "direct"),
    Profile("hytera-radio", 4, "Hytera Communications", ("HM782", "PD985"), ("64:69:bc",), "Hytera", True, "direct"),
    Profile(
        "amcrest-camera",
        8,
        "Amcrest",
        ("IP8M-2496EB", "IP4M-1041B"),
        ("9c:8e:cd",),
        "Dahua",
        True,
        "oem",
        ("www.easy4ipcloud.com",),
    ),
    Profile(
        "lts-camera", 6, "LTS Security", ("CMIP3C42W-28M",), ("54:8c:81",), "Hikvision", True, "oem", banner="App-webs/"
    ),
    Profile("annke-camera", 6, "ANNKE", ("C800", "I91BN"), ("02:4a:4e",), "Hikvision", True, "oem", banner="App-webs/"),
    Profile(
        "hisilicon-dvr",
        4,
        "Xiongmai",
        ("NBD7004T-F Hi3536", "AHB7008T Hi3520DV300"),
        ("02:12:34",),
        "Xiongmai",
        True,
        "chipset",
        ("www.xmeye.net",),
    ),  # maker Xiongmai, covered for its Huawei SoC
    Profile(
        "h3c-switch", 6, "New H3C Technologies Co., Ltd", ("S5130S-28S-EI",), ("04:a9:59",), "H3C", False, "direct"
    ),
    Profile(
        "honor-phone",
        6,
        "Honor Device Co., Ltd.",
        ("ANY-NX1",),
        ("0c:b9:83",),
        "Honor",
        False,
        "direct",
        workstation=True,
    ),
    Profile("uniview-camera", 8, "Uniview", ("IPC2124LB-SF28KM-G",), ("6c:f1:7e",), "Uniview", False, "direct"),
    Profile("aztech-ap", 4, "Aztech Electronics", ("WL-559E",), ("00:26:75",), None, False, None),
    Profile("dahua-scale", 3, "Shanghai Dahua Scale Factory", ("TCS-150",), ("02:d5:ca",), None, False, None),
    Profile(
        "axis-camera",
        20,
        "Axis Communications AB",
        ("AXIS P3245-V", "AXIS Q6135-LE"),
        ("b8:a4:4f", "00:40:8c"),
        None,
        False,
        None,
    ),
    Profile("bosch-camera", 8, "Bosch Security Systems", ("FLEXIDOME IP 5000i",), ("00:04:63",), None, False, None),
    Profile("hanwha-camera", 8, "Hanwha Vision", ("XNV-8080R",), ("e4:30:22",), None, False, None),
    Profile("cisco-switch", 8, "Cisco Systems, Inc", ("C9300-48P",), ("e8:0a:b9",), None, False, None),
    Profile("ubiquiti-ap", 8, "Ubiquiti Inc.", ("U6-Pro",), ("f0:9f:c2",), None, False, None),
    Profile("hp-printer", 8, "HP Inc.", ("LaserJet M507",), ("4c:d5:87",), None, False, None),
    Profile("polycom-phone", 10, "Polycom", ("VVX 450",), ("64:16:7f",), None, False, None),
    Profile(
        "dell-workstation",
        60,
        "Dell Inc.",
        ("OptiPlex 7010", "Latitude 5440"),
        ("d0:43:1e", "20:47:47"),
        None,
        False,
        None,
        workstation=True,
    ),
    Profile(
        "apple-laptop", 30, "Apple", ("MacBookPro18,3",), ("60:fd:a6", "80:a9:97"), None, False, None, workstation=True
    ),
    Profile("lenovo-laptop", 20, "Lenovo", ("ThinkPad T14",), ("50:16:f4",), None, False, None, workstation=True),
)
# Public prefixes whose RIR delegation is the named country (checked with iptocc when an address is drawn).
PREFIXES = {
    "CN": ("120.55.0.0/16", "47.96.0.0/16", "39.96.0.0/16", "114.114.0.0/16"),
    "HK": ("202.181.0.0/16",),
    "RU": ("77.88.0.0/16",),
    "US": ("151.101.0.0/16", "104.16.0.0/13", "13.32.0.0/15", "172.217.0.0/16", "140.82.0.0/16", "20.0.0.0/11"),
    "DE": ("85.214.0.0/16", "217.160.0.0/16"),
}
# Where each cloud name resolves (a vendor may run regional clouds; EZVIZ EU answers from Germany).
CLOUD_COUNTRY = {
    "hik-connect.com": "CN",
    "easy4ipcloud.com": "CN",
    "ezvizlife.com": "DE",
    "dbankcloud.com": "CN",
    "xmeye.net": "HK",
}
CLOUD_PORT = {"easy4ipcloud.com": (8800, "udp"), "ezvizlife.com": (6500, "tcp")}
NORMAL_NAMES = (
    "www.google.com",
    "outlook.office365.com",
    "github.com",
    "cdn.jsdelivr.net",
    "updates.axis.com",
    "time.cloudflare.com",
    "www.wikipedia.org",
    "api.zoom.us",
    "s3.amazonaws.com",
    "www.bing.com",
)


@dataclass
class Device:
    id: int
    profile: str
    site: str
    ip: str
    mac: str
    hostname: str
    label: str
    model: str
    serial: str
    vendor: str | None
    covered: bool
    basis: str | None
    in_inventory: bool
    clouds: list[str] = field(default_factory=list)
    #: countries the generator sends this device's phone-home traffic to
    phone_home: list[str] = field(default_factory=list)


class Addresses:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def draw(self, country: str) -> str:
        for _ in range(1000):
            net = ipaddress.ip_network(self.rng.choice(PREFIXES[country]))
            ip = str(net[self.rng.randrange(1, net.num_addresses - 1)])
            if iptocc.country_code(ip) == country:
                return ip
        raise RuntimeError(f"no address of {country} found in {PREFIXES[country]}")


def _suffix(name: str) -> str:
    return ".".join(name.split(".")[-2:])


def _needs_label(profile: Profile) -> bool:
    """Relabels, chip-based boxes and randomised MACs are told apart by the label: always in the inventory."""
    return profile.basis in {"oem", "chipset"} or profile.ouis[0].startswith("02")


def make_devices(count: int, rng: random.Random) -> list[Device]:
    weights = [p.weight for p in PROFILES]
    devices = []
    hosts: dict[str, int] = dict.fromkeys(SITES, 10)
    for number in range(count):
        profile = rng.choices(PROFILES, weights)[0]
        site = rng.choice(list(SITES))
        hosts[site] += 1
        host = hosts[site]
        ip = f"{SITES[site]}.{host // 250}.{host % 250 + 2}"
        mac = f"{rng.choice(profile.ouis)}:{number >> 16 & 255:02x}:{number >> 8 & 255:02x}:{number & 255:02x}"
        device = Device(
            number,
            profile.name,
            site,
            ip,
            mac,
            f"{profile.name}-{number:04d}",
            profile.label,
            rng.choice(profile.models),
            f"SN{rng.randrange(10**9):09d}",
            profile.vendor,
            profile.covered,
            profile.basis,
            in_inventory=rng.random() < 0.9 or _needs_label(profile),
        )
        # Half the cloud-capable devices have their cloud service on (the setting SADP calls HCPlatformEnable).
        if profile.clouds and rng.random() < 0.5:
            device.clouds = list(profile.clouds)
            device.phone_home = sorted({CLOUD_COUNTRY[_suffix(c)] for c in device.clouds} & {"CN", "HK", "RU"})
        if profile.name == "honor-phone" and rng.random() < 0.5:
            device.phone_home = ["CN"]  # an app talking home: adversary traffic from a device that is not covered
        devices.append(device)
    return devices


def write_inventory(path: Path, devices: list[Device], rng: random.Random) -> None:
    lines = ["AssetName,IPAddress,MACAddress,Manufacturer,Model,SerialNumber,Site"]
    for d in devices:
        if d.in_inventory:
            mac = d.mac.upper().replace(":", "-") if rng.random() < 0.3 else d.mac  # exports disagree on format
            lines.append(f'{d.hostname},{d.ip},{mac},"{d.label}",{d.model},{d.serial},{d.site}')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_nmap(path: Path, devices: list[Device]) -> None:
    hosts = []
    for d in devices:
        banner = next(p.banner for p in PROFILES if p.name == d.profile)
        if banner:
            hosts.append(
                f'<host><status state="up" reason="arp-response"/><address addr="{d.ip}" addrtype="ipv4"/>'
                f'<address addr="{d.mac.upper()}" addrtype="mac"/><ports><port protocol="tcp" portid="80">'
                f'<state state="open" reason="syn-ack"/><service name="http" method="probed" conf="10"/>'
                f'<script id="http-server-header" output="{banner}"/></port></ports></host>'
            )
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<nmaprun scanner="nmap" args="nmap -sV '
        '--script http-server-header 10.0.0.0/8" start="1732240000" version="7.94">\n'
        + "\n".join(hosts)
        + "\n</nmaprun>\n",
        encoding="utf-8",
    )


def _zeek_header(path: str, fields: str, types: str) -> str:
    return (
        f"#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\t{path}\n"
        f"#open\t2024-11-22-00-00-00\n#fields\t{fields}\n#types\t{types}\n"
    )


def write_dhcp(path: Path, devices: list[Device]) -> None:
    rows = [
        f"{DAY + 60 + d.id:.6f}\tD{d.id}\t{d.ip}\t{SITES[d.site]}.0.1\t{d.mac}\t{d.hostname}\t-\tcorp.example"
        f"\t{d.ip}\t{d.ip}\t86400.000000\tREQUEST,ACK"
        for d in devices
    ]
    path.write_text(
        _zeek_header(
            "dhcp",
            "ts\tuids\tclient_addr\tserver_addr\tmac\thost_name\tclient_fqdn\tdomain"
            "\trequested_addr\tassigned_addr\tlease_time\tmsg_types",
            "time\tset[string]\taddr\taddr\tstring\tstring\tstring\tstring\taddr\taddr\tinterval\tvector[string]",
        )
        + "\n".join(rows)
        + "\n#close\t2024-11-23-00-00-00\n"
    )


CONN_FIELDS = (
    "ts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\t"
    "conn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\t"
    "resp_ip_bytes\ttunnel_parents\torig_l2_addr\tresp_l2_addr"
)
CONN_TYPES = (
    "time\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool\tcount\t"
    "string\tcount\tcount\tcount\tcount\tset[string]\tstring\tstring"
)


@dataclass
class Plan:
    """Where each device's traffic goes: cloud endpoints (name, address, port, proto), the web, the NVRs."""

    cloud_ends: dict[int, list[tuple[str, str, int, str]]]
    adversary_ends: dict[int, list[str]]
    web: list[str]
    nvrs: list[Device]


def make_plan(devices: list[Device], addresses: Addresses, rng: random.Random) -> Plan:
    cloud_ips = {
        name: [addresses.draw(CLOUD_COUNTRY[_suffix(name)]) for _ in range(3)] for d in devices for name in d.clouds
    }
    cloud_ends = {}
    for d in devices:
        if d.clouds:
            cloud_ends[d.id] = [
                (name, ip, *CLOUD_PORT.get(_suffix(name), (443, "tcp"))) for name in d.clouds for ip in cloud_ips[name]
            ]
    adversary_ends = {d.id: [addresses.draw("CN") for _ in range(4)] for d in devices if d.phone_home and not d.clouds}
    web = [addresses.draw(rng.choice(("US", "US", "US", "DE"))) for _ in range(2000)]
    nvrs = [d for d in devices if "nvr" in d.profile or "dvr" in d.profile] or devices[:1]
    return Plan(cloud_ends, adversary_ends, web, nvrs)


def write_conn(path: Path, devices: list[Device], plan: Plan, rows: int, rng: random.Random) -> None:
    """``rows`` flows over the day: browsing, NTP, streams to NVRs, phone-home keep-alives, inbound probes."""
    weights = [12 if d.profile.endswith(("workstation", "laptop", "phone")) else 2 for d in devices]
    step = 86400.0 / max(rows, 1)
    with path.open("w", encoding="utf-8") as out:
        out.write(_zeek_header("conn", CONN_FIELDS, CONN_TYPES))
        chosen = rng.choices(devices, weights, k=rows)
        for i, d in enumerate(chosen):
            roll = rng.random()
            src, dst, smac, dmac = d.ip, "", d.mac, GATEWAY_MAC
            sport, dport, proto, service = rng.randrange(32768, 61000), 443, "tcp", "ssl"
            if d.id in plan.cloud_ends and roll < 0.3:
                _name, dst, dport, proto = rng.choice(plan.cloud_ends[d.id])
                service = "-" if proto == "udp" else "ssl"
            elif d.id in plan.adversary_ends and roll < 0.2:
                dst = rng.choice(plan.adversary_ends[d.id])
            elif roll < 0.05:  # an internet scanner probing the device (inbound: the local end is the responder)
                src, dst, smac, dmac = rng.choice(plan.web), d.ip, GATEWAY_MAC, d.mac
                sport, dport = rng.randrange(1024, 65535), 80
                service = "http"
            elif not d.profile.endswith(("workstation", "laptop", "phone")) and roll < 0.6:
                nvr = rng.choice(plan.nvrs)
                dst, dmac, dport, service = nvr.ip, nvr.mac, 554, "rtsp"
            elif roll < 0.7:
                dst, dport, proto, service = plan.web[i % 7], 123, "udp", "ntp"
            else:  # browsing: popular sites far more often than the rest
                dst = plan.web[min(int(rng.paretovariate(1.2)) - 1, len(plan.web) - 1)]
            duration = rng.expovariate(0.2)
            b_out, b_in = int(rng.expovariate(1 / 2000)), int(rng.expovariate(1 / 20000))
            out.write(
                f"{DAY + i * step:.6f}\tC{i:010x}\t{src}\t{sport}\t{dst}\t{dport}\t{proto}\t{service}\t"
                f"{duration:.6f}\t{b_out}\t{b_in}\tSF\tT\tF\t0\tShADadFf\t{b_out // 500 + 2}\t{b_out + 120}\t"
                f"{b_in // 1000 + 2}\t{b_in + 120}\t-\t{smac}\t{dmac}\n"
            )
        out.write("#close\t2024-11-23-00-00-00\n")


#: how Zeek's JSON writer (LogAscii::use_json=T) writes each conn.log column type
_JSON_TYPES: dict[str, Callable[[str], object]] = {
    "time": float,
    "interval": float,
    "port": int,
    "count": int,
    "bool": lambda v: v == "T",
    "set[string]": lambda v: [] if v == "(empty)" else v.split(","),
}


def conn_to_json(tsv: Path, out: Path) -> int:
    """Write the TSV conn.log ``tsv`` as Zeek writes it in JSON: one object a line, unset fields left out, counts
    and times as JSON numbers; a data line that does not fit the header is copied as it is (a bad JSON line).
    Returns the number of lines written."""
    fields, types, written = CONN_FIELDS.split("\t"), CONN_TYPES.split("\t"), 0
    with tsv.open(encoding="utf-8") as source, out.open("w", encoding="utf-8") as target:
        for line in source:
            if line.startswith("#"):
                continue
            cells = line.rstrip("\n").split("\t")
            if len(cells) != len(fields):
                target.write(line)
            else:
                row: dict[str, object] = {"_path": "conn"}
                for name, kind, value in zip(fields, types, cells, strict=True):
                    if value != "-":
                        row[name] = _JSON_TYPES.get(kind, str)(value)
                target.write(json.dumps(row, separators=(",", ":")) + "\n")
            written += 1
    return written


def write_names(directory: Path, devices: list[Device], plan: Plan, rng: random.Random) -> None:
    """dns.log answers for every cloud name a device uses (and some web names); ssl.log SNI for the TLS ones."""
    dns: list[str] = []
    ssl: list[str] = []
    for d in devices:
        ends = plan.cloud_ends.get(d.id, [])
        for name in sorted({e[0] for e in ends}):
            answers = ",".join(e[1] for e in ends if e[0] == name)
            for _ in range(3):
                ts = DAY + rng.uniform(0, 86400)
                dns.append(
                    f"{ts:.6f}\tD{len(dns)}\t{d.ip}\t{rng.randrange(32768, 61000)}\t{SITES[d.site]}.0.1\t53"
                    f"\tudp\t{rng.randrange(65536)}\t0.01\t{name}\t1\tC_INTERNET\t1\tA\t0\tNOERROR\tF\tF\tT"
                    f"\tT\t0\t{answers}\t60.0\tF"
                )
        for name, ip, port, proto in ends:
            if proto == "tcp" and port == 443:
                ssl.append(
                    f"{DAY + rng.uniform(0, 86400):.6f}\tS{len(ssl)}\t{d.ip}\t{rng.randrange(32768, 61000)}"
                    f"\t{ip}\t443\tTLSv12\tTLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\tsecp256r1\t{name}\tF\t-\t-\tT"
                )
        if d.profile.endswith(("workstation", "laptop")):
            name = rng.choice(NORMAL_NAMES)
            dns.append(
                f"{DAY + rng.uniform(0, 86400):.6f}\tD{len(dns)}\t{d.ip}\t5353\t{SITES[d.site]}.0.1\t53\tudp"
                f"\t1\t0.01\t{name}\t1\tC_INTERNET\t1\tA\t0\tNOERROR\tF\tF\tT\tT\t0\t{plan.web[0]}\t60.0\tF"
            )
    (directory / "dns.log").write_text(
        _zeek_header(
            "dns",
            "ts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\ttrans_id\trtt\tquery\tqclass\t"
            "qclass_name\tqtype\tqtype_name\trcode\trcode_name\tAA\tTC\tRD\tRA\tZ\tanswers\tTTLs\trejected",
            "time\tstring\taddr\tport\taddr\tport\tenum\tcount\tinterval\tstring\tcount\tstring\tcount\tstring\tcount\t"
            "string\tbool\tbool\tbool\tbool\tcount\tvector[string]\tvector[interval]\tbool",
        )
        + "\n".join(dns)
        + "\n"
    )
    (directory / "ssl.log").write_text(
        _zeek_header(
            "ssl",
            "ts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tversion\tcipher\tcurve\tserver_name\t"
            "resumed\tlast_alert\tnext_protocol\testablished",
            "time\tstring\taddr\tport\taddr\tport\tstring\tstring\tstring\tstring\tbool\tstring\tstring\tbool",
        )
        + "\n".join(ssl)
        + "\n"
    )


def generate(directory: Path, devices: int = 300, rows: int = 100_000, seed: int = 6) -> list[Device]:
    """Write the site's files into ``directory`` and return the devices (also written to truth.json)."""
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    site = make_devices(devices, rng)
    plan = make_plan(site, Addresses(rng), rng)
    write_inventory(directory / "inventory.csv", site, rng)
    write_nmap(directory / "scan.xml", site)
    write_dhcp(directory / "dhcp.log", site)
    write_names(directory, site, plan, rng)
    write_conn(directory / "conn.log", site, plan, rows, rng)
    (directory / "truth.json").write_text(json.dumps([asdict(d) for d in site], indent=1) + "\n", encoding="utf-8")
    return site


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--devices", type=int, default=300)
    parser.add_argument("--rows", type=int, default=1_000_000, help="conn.log rows")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--json", action="store_true", help="also write conn.json, the conn.log in Zeek JSON form")
    args = parser.parse_args()
    site = generate(args.out, args.devices, args.rows, args.seed)
    if args.json:
        conn_to_json(args.out / "conn.log", args.out / "conn.json")
    print(
        f"{len(site)} devices, {sum(d.covered for d in site)} covered, "
        f"{sum(bool(d.phone_home) for d in site)} phoning home to an adversary country; files in {args.out}"
    )


if __name__ == "__main__":
    main()
