"""nmap XML (-oX): MAC + vendor, -sV service product/devicetype, and NSE banner scripts (defusedxml)."""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from ictguard.devices.parsers._common import dn_value, mac_or_none, parse_xml, short_dn, valid_ip
from ictguard.devices.records import Observations, Rejected, Sighting
from ictguard.errors import DeviceInputError

# NSE script id -> fingerprint kind of its output (device_audit.md §1 nmap NSE row).
_SCRIPT_KINDS = {
    "http-server-header": "http_server",
    "http-title": "http_title",
    "snmp-sysdescr": "snmp_sysdescr",
    "rtsp-methods": "rtsp_server",
}
# -sV service name -> fingerprint kind of its product/version: an SSH server's product is an SSH banner, not
# an HTTP Server header. Other services (http, https, upnp …) keep http_server, as Server headers name them.
_SERVICE_KINDS = {
    "ssh": "ssh_banner",
    "telnet": "telnet_banner",
    "rtsp": "rtsp_server",
    "snmp": "snmp_sysdescr",
}
_FAVICON = re.compile(r"\b([0-9a-f]{32})\b", re.IGNORECASE)


def _service_signals(port: Element, sighting: Sighting) -> None:
    service = port.find("service")
    name = service.get("name", "") if service is not None else ""
    if service is not None:
        product = " ".join(filter(None, (service.get("product"), service.get("version"))))
        if product:
            sighting.signals.append((_SERVICE_KINDS.get(name, "http_server"), product))
        if service.get("devicetype"):
            sighting.notes.append(f"port {port.get('portid')}: devicetype {service.get('devicetype')}")
    for script in port.findall("script"):
        _script_signals(script, name, sighting)


def _script_signals(script: Element, service_name: str, sighting: Sighting) -> None:
    sid, output = script.get("id", ""), (script.get("output") or "").strip()
    if not output:
        return
    if sid in _SCRIPT_KINDS:
        sighting.signals.append((_SCRIPT_KINDS[sid], output.splitlines()[0].strip()))
    elif sid == "http-favicon":
        match = _FAVICON.search(output)
        if match:
            sighting.signals.append(("favicon_md5", match.group(1)))
    elif sid == "ssl-cert":
        subject = [e for e in script.iter("table") if e.get("key") == "subject"]
        if subject:
            parts = [f"{e.get('key')}={dn_value(e.text)}" for e in subject[0].findall("elem") if e.text]
            sighting.signals.append(("tls_subject", short_dn(",".join(parts))))
        else:
            first = output.splitlines()[0]
            sighting.signals.append(("tls_subject", short_dn(first.removeprefix("Subject:").strip().replace("/", ","))))
    elif sid == "banner":
        kind = "ssh_banner" if output.startswith("SSH-") else "telnet_banner"
        sighting.signals.append((kind, output.splitlines()[0]))
    elif sid == "http-auth" or "www-authenticate" in output.lower():
        for line in output.splitlines():
            if "realm=" in line.lower():
                sighting.signals.append(("www_authenticate", line.strip().split(":", 1)[-1].strip()))


def _host(host: Element, file: str, number: int, out: Observations) -> Sighting | None:
    status = host.find("status")
    if status is not None and status.get("state") != "up":
        return None
    sighting = Sighting(source=file)
    for address in host.findall("address"):
        kind, raw = address.get("addrtype"), address.get("addr")
        # nmap writes valid addresses; an edited or generated report may not, and a bad one must not become
        # the device's id. The field is dropped, the host kept.
        value = valid_ip(raw) if kind in {"ipv4", "ipv6"} else mac_or_none(raw) if kind == "mac" else raw
        if kind in {"ipv4", "ipv6", "mac"} and raw and value is None:
            out.rejected.append(
                Rejected(
                    file,
                    None,
                    f"host {number} address[{kind}]",
                    f"not an address: {raw!r} (field dropped, the host kept)",
                )
            )
            continue
        if kind in {"ipv4", "ipv6"} and sighting.ip is None:
            sighting.ip = value
        elif kind == "mac":
            sighting.mac = value
            if address.get("vendor"):
                sighting.notes.append(f"nmap MAC vendor {address.get('vendor')!r}")
    hostname = host.find("hostnames/hostname")
    if hostname is not None:
        sighting.hostname = hostname.get("name")
    for port in host.findall("ports/port"):
        state = port.find("state")
        if state is None or state.get("state") == "open":
            _service_signals(port, sighting)
    for osclass in host.findall("os/osmatch/osclass")[:1]:
        if osclass.get("vendor"):
            sighting.notes.append(f"nmap OS guess vendor {osclass.get('vendor')!r} ({osclass.get('accuracy')}%)")
    return sighting


def parse_nmap(data: bytes, file: str) -> Observations:
    root = parse_xml(data, file)
    if root.tag != "nmaprun":
        raise DeviceInputError("not an nmap XML report", file=file, field="nmaprun")
    out = Observations(inputs=[(file, "nmap-xml")])
    for number, host in enumerate(root.findall("host"), start=1):
        sighting = _host(host, file, number, out)
        if sighting is not None:
            out.sightings.append(sighting)
    return out
