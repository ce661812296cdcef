"""Identify the vendor behind one observed value (banner, title, certificate subject, MAC, model …).

Fingerprints are data (see fingerprints.py); this module only matches them and combines the evidence.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from ictguard.devices import oui
from ictguard.devices.families import grantee_code, normalize_fcc_id
from ictguard.devices.family_base import FamilyNames, MemberPath, default_family_names, member_path
from ictguard.devices.fingerprints import (
    KINDS,
    Fingerprint,
    Vendor,
    default_fingerprints,
    default_vendors,
    vendor_of_family,
)
from ictguard.errors import InputError
from ictguard.screening.normalize import normalize
from ictguard.screening.script import has_han

_OUI_CITATION = "IEEE registries MA-S/MA-M (Debian ieee-data), IAB/MA-L (netaddr); see devices/oui.py"
#: the organisation (O=) attributes of a certificate subject DN, in either "a=b, c=d" or "/a=b/c=d" form
#: banner kinds whose text is the device's own software/product field and may simply name its vendor; not titles
#: (third-party pages name the vendors they work with) nor realms (an exact identifier: "hikvision-lookalike")
_NAMING_KINDS = frozenset({"http_server", "rtsp_server", "telnet_banner", "ssh_banner", "snmp_sysdescr"})
#: a vendor named in free text is weaker evidence than a product-specific pattern (0.8-0.96 in banners.yaml)
_NAMED_CONFIDENCE = 0.7
#: a lower-case letter glued to a model code of two capitals and a digit ("OptiXstarHG8145B7N", "HuaweiHG8245H"):
#: case-sensitive on purpose, "OptiX" itself is not split
_GLUED_MODEL = re.compile(r"(?<=[a-z])(?=[A-Z]{2,}-?[0-9])")
#: where an inventory's model field joins two names of one product ("VOG-L29 (P30 Pro)", "Mate 60 Pro / ALN-AL00",
#: "C6N - Smart Cam"): brackets, and a slash, bar, dash, comma or semicolon with space around it; a slash or dash
#: without spaces is part of a model code (NVR-104H-D/4P) and does not split
_PART_SEPARATORS = re.compile(r"\s*[()\[\]]\s*|\s+[/|-]\s+|\s*[;,]\s+")
#: kinds whose values are product names an inventory may join; banners and titles are read whole
_PART_KINDS = frozenset({"model"})
#: a part that only describes the device ("4G LTE Router", "FTTH", "4MP"): it names no vendor, so it neither
#: confirms nor contradicts the part that does
_DESCRIPTOR_PART = re.compile(
    r"(?:(?:[0-9]+(?:mp|k|gb?)|[345]g|lte|wi-?fi|ftth|g?pon|router|modem|camera|cam|ptz|dome|bullet|turret|nvr|dvr|"
    r"ont|onu|olt|switch|indoor|outdoor|smart|wireless|hotspot|mifi|cpe|ip|hd|kit)\s*)+",
    re.IGNORECASE,
)
#: the brand an inventory writes before a model ("Sepura SC20") is read from the family base over its first words
_LEADING_WORDS = 3
#: a brand named before a model is weaker evidence than a model pattern
_LEADING_BRAND_CONFIDENCE = 0.6
#: a slug or profile id that joins a brand to its model with a hyphen ("huawei-s5731-s24p4x",
#: "hikvision-ds-2de4425iw-de"): the brand is letters only, the model after it must hold a digit
_BRAND_SLUG = re.compile(r"^([a-z]{2,12})-(?=[a-z0-9-]*[0-9])([a-z0-9][\w./()+-]*)$", re.IGNORECASE)
_SUBJECT_ORG = re.compile(r'(?:^|[,/;])\s*O\s*=\s*("[^"]*"|[^,/;]+)', re.IGNORECASE)


@dataclass(frozen=True)
class Identification:
    value: str
    kind: str
    vendor: str | None
    covered: bool
    basis: str | None
    confidence: float
    evidence: tuple[str, ...]
    fingerprint_ids: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The contract shape: exactly value, kind, vendor, covered, basis, confidence, evidence."""
        return {
            "value": self.value,
            "kind": self.kind,
            "vendor": self.vendor,
            "covered": self.covered,
            "basis": self.basis,
            "confidence": round(self.confidence, 3),
            "evidence": list(self.evidence),
        }


def _combine(confidences: Iterable[float]) -> float:
    """Independent pieces of evidence for the same vendor reinforce each other (noisy-or), capped below 1."""
    miss = 1.0
    for c in confidences:
        miss *= 1.0 - c
    return min(0.99, 1.0 - miss)


class Identifier:
    """Matches values against a fixed set of fingerprints. Build once, call many times.

    Organisation names (a manufacturer column, an OUI registry organisation, a certificate's O=) also resolve
    through the family base (family_base.FamilyNames: any script or legal form). A match that names a member of
    a family (a brand, a subsidiary) carries the member's path, and counts for the family only on the dates the
    member belongs to it (``on``: the audit date, default today).
    """

    def __init__(
        self,
        fingerprints: Sequence[Fingerprint] | None = None,
        vendors: dict[str, Vendor] | None = None,
        names: FamilyNames | None = None,
    ) -> None:
        self.vendors = vendors if vendors is not None else default_vendors()
        self.names = names if names is not None else default_family_names()
        self._family_vendor = vendor_of_family(self.vendors)
        self._by_kind: dict[str, list[Fingerprint]] = defaultdict(list)
        for fp in fingerprints if fingerprints is not None else default_fingerprints():
            self._by_kind[fp.kind].append(fp)
        # Audits see the same MACs, banners and models over and over; results are immutable, so memoise.
        self._memo: dict[tuple[str, str, date], Identification] = {}
        #: organisation -> its matches: many MACs share one OUI organisation
        self._organizations: dict[str, tuple[list[Fingerprint], tuple[str, ...]]] = {}

    def matches(self, kind: str, value: str) -> list[Fingerprint]:
        return [fp for fp in self._by_kind.get(kind, ()) if fp.pattern.search(value)]

    def identify(self, kind: str, value: str, on: date | None = None) -> Identification:
        if kind not in KINDS:
            raise InputError(f"unknown kind {kind!r}; one of: {', '.join(KINDS)}", field="kind")
        on = on or datetime.now(UTC).date()
        found = self._memo.get((kind, value, on))
        if found is None:
            value_text = value.strip()
            if kind == "mac":
                found = self._identify_mac(value_text, on)
            elif kind == "fcc_id":
                found = self._identify_fcc_id(value_text, on)
            elif kind == "tls_subject":
                found = self._identify_subject(value_text, on)
            elif kind == "organization":
                matched, prefix = self.organization_matches(value_text)
                found = self._decide(value_text, kind, matched, prefix, on)
            else:
                matched, read_as = self._banner_matches(kind, value_text)
                found = self._decide(value_text, kind, matched, read_as, on)
            if len(self._memo) > 200_000:
                self._memo.clear()
            self._memo[(kind, value, on)] = found
        return found

    def organization_matches(self, organization: str) -> tuple[list[Fingerprint], tuple[str, ...]]:
        """Fingerprints an organisation name matches: as written; else the family base name it spells (any
        script or legal form); else as screening normalises it ("中兴通讯股份有限公司" reads "zte"), a Chinese
        name only when it also carries the characters of a Chinese name of that family (homophones differ)."""
        memo = self._organizations.get(organization)
        if memo is None:
            memo = self._organization_matches(organization)
            if len(self._organizations) > 100_000:
                self._organizations.clear()
            self._organizations[organization] = memo
        return list(memo[0]), memo[1]

    def _family_fingerprint(
        self,
        found: Any,
        kind: str,
        text: str,
        prefix: str,
        confidence: float,
        evidence: str,
    ) -> Fingerprint | None:
        """A fingerprint for ``text`` resolved to a family-base name (``evidence`` starts the sentence that says
        which), or None when nothing resolved or the family has no vendor."""
        vendor = self._family_vendor.get(found.family) if found else None
        if not found or not vendor:
            return None
        who = f"{found.family}/{found.member}" if found.member else found.family
        return Fingerprint(
            id=f"{prefix}:{who}",
            kind=kind,
            pattern=re.compile(re.escape(text), re.IGNORECASE),
            vendor=vendor,
            basis="direct",
            confidence=confidence,
            evidence=f"{evidence}{found.spelling!r} of the family base ({who})",
            citation=found.source,
            examples=(),
            counter_examples=(),
            file="data/families",
            line=0,
            member=found.member,
        )

    def _organization_matches(self, organization: str) -> tuple[list[Fingerprint], tuple[str, ...]]:
        matched = self.matches("organization", organization)
        if matched:
            return matched, ()
        found = self.names.resolve(organization)
        made = self._family_fingerprint(
            found,
            "organization",
            organization,
            "family-name",
            0.9,
            f"{organization!r} spells ",
        )
        if made is not None:
            return [made], ()
        if organization.isascii():  # as written it matched nothing; normalising Latin text adds no vendor word
            return [], ()
        key = normalize(organization).key
        if not key or key == organization.casefold():
            return [], ()
        by_key = self.matches("organization", key)
        if has_han(organization):
            by_key = [fp for fp in by_key if self._han_confirms(organization, fp)]
        return by_key, ((f"organisation {organization!r} read as {key!r} (screening normalisation)",) if by_key else ())

    def _banner_matches(self, kind: str, value: str) -> tuple[list[Fingerprint], tuple[str, ...]]:
        """The kind's fingerprints, else the organisation named as a word; else the same with the words separated:
        inventories and file names join words with underscores ("Dahua_DEE1010B_S2", "HUAWEI_S5735") or glue a
        line name to a model ("OptiXstarHG8145B7N"), and the patterns' boundaries need a separator there."""
        matched = self.matches(kind, value) or self._named_organization(kind, value)
        if matched:
            return matched, ()
        spaced = _GLUED_MODEL.sub(" ", value.replace("_", " "))
        if spaced != value:
            matched = self.matches(kind, spaced) or self._named_organization(kind, spaced)
            if matched:
                return matched, (f"read with its words separated: {spaced!r}",)
        matched, read_as = self._brand_slug_matches(kind, value)
        if matched:
            return matched, read_as
        matched, read_as = self._part_matches(kind, value)
        if matched:
            return matched, read_as
        return self._leading_brand(kind, value), ()

    def _brand_slug_matches(self, kind: str, value: str) -> tuple[list[Fingerprint], tuple[str, ...]]:
        """A model value written as a slug, "<brand>-<model>" ("huawei-s5731-s24p4x"): read when the brand is a family
        base name and the model after the hyphen is itself read by a model pattern of that family's vendor. The
        brand alone decides nothing ("huawei-lookalike" and "dahua-scale-1200" stay unread)."""
        found = _BRAND_SLUG.match(value) if kind in _PART_KINDS else None
        if found is None:
            return [], ()
        brand = self.names.resolve(found.group(1))
        vendor = self._family_vendor.get(brand.family) if brand else None
        matched = [fp for fp in self.matches(kind, found.group(2)) if fp.vendor == vendor]
        if not matched:
            return [], ()
        return matched, (f"read as the brand {found.group(1)!r} and the model {found.group(2)!r}",)

    def _part_matches(self, kind: str, value: str) -> tuple[list[Fingerprint], tuple[str, ...]]:
        """A model value joining two names of one product ("VOG-L29 (P30 Pro)", "HUAWEI / P30 Pro"): each part
        read alone. Counted only when EVERY part is read, by the kind's patterns or as an organisation name, and
        all name one vendor: "Mate 60 Pro - Spigen case" (an accessory) and "P30 Pro / Otterbox" stay unread."""
        if kind not in _PART_KINDS:
            return [], ()
        parts = [part.strip() for part in _PART_SEPARATORS.split(value) if part.strip()]
        if len(parts) < 2:
            return [], ()
        matched: list[Fingerprint] = []
        vendors: set[str] = set()
        for part in parts:
            if _DESCRIPTOR_PART.fullmatch(part):
                continue
            found = self.matches(kind, part)
            if found:
                matched.extend(fp for fp in found if fp not in matched)
            else:
                found = self.matches("organization", part)  # the brand alone confirms, it does not decide
            if not found:
                return [], ()
            vendors.update(fp.vendor for fp in found)
        if not matched or len(vendors) != 1:
            return [], ()
        return matched, (f"read in parts: {', '.join(repr(part) for part in parts)}",)

    def _leading_brand(self, kind: str, value: str) -> list[Fingerprint]:
        """A model value that begins with a brand of the family base ("Sepura SC20", "Imou Cruiser 2"): the first
        one to three words read as a family name (strict: the whole words must spell it). The match carries the
        member, so a sold brand ("Honor 90") counts for its former family only before its sale date."""
        if kind not in _PART_KINDS:
            return []
        words = value.split()
        for count in range(min(_LEADING_WORDS, len(words)), 0, -1):
            lead = " ".join(words[:count])
            found = self.names.resolve(lead)
            made = self._family_fingerprint(
                found,
                kind,
                lead,
                "leading-brand",
                _LEADING_BRAND_CONFIDENCE,
                f"the model value begins with {lead!r}, ",
            )
            if made is not None:
                return [made]
        return []

    def _named_organization(self, kind: str, value: str) -> list[Fingerprint]:
        """A banner no fingerprint of its kind knows, but that names a vendor as a whole word ("SSH-2.0-Huawei",
        an RTSP "Server: Hikvision"): the organisation fingerprints read it, with their own look-alike guards
        ("Aztec" is not ZTE), at a lower confidence than a kind-specific pattern."""
        if kind not in _NAMING_KINDS:
            return []
        text = value.replace("_", " ")  # "Huawei_1.0": an underscore is a word character to \b
        return [
            Fingerprint(
                id=f"{kind}-names:{fp.id}",
                kind=kind,
                pattern=fp.pattern,
                vendor=fp.vendor,
                basis=fp.basis,
                confidence=min(fp.confidence, _NAMED_CONFIDENCE),
                evidence=f"the {kind} value names the organisation as a word; {fp.evidence}",
                citation=fp.citation,
                examples=(),
                counter_examples=(),
                file=fp.file,
                line=fp.line,
                member=fp.member,
            )
            for fp in self.matches("organization", text)
        ]

    def _han_confirms(self, organization: str, fp: Fingerprint) -> bool:
        family = self.vendors[fp.vendor].family
        return family is None or self.names.han_confirms(organization, family)

    def _identify_mac(self, value: str, on: date) -> Identification:
        mac = oui.normalize_mac(value)
        if mac is None:
            return Identification(value, "mac", None, False, None, 0.0, ("not a MAC address",))
        if oui.is_locally_administered(mac):
            return Identification(value, "mac", None, False, None, 0.0, ("locally administered (randomised) MAC",))
        found = oui.assignment(mac)
        if found is None:
            return Identification(value, "mac", None, False, None, 0.0, (f"OUI {mac[:8]} not in the registry",))
        block = f"{found.prefix}/{found.bits}"
        prefix = (f"{found.registry} {block} is registered to {found.organization!r} [{_OUI_CITATION}]",)
        matched, read_as = self.organization_matches(found.organization)
        return self._decide(value, "mac", matched, prefix + read_as, on)

    def _identify_fcc_id(self, value: str, on: date) -> Identification:
        fcc_id = normalize_fcc_id(value)
        if fcc_id is None:
            return Identification(value, "fcc_id", None, False, None, 0.0, ("not an FCC ID",))
        prefix = (f"FCC ID {fcc_id}: grantee code {grantee_code(fcc_id)}",)
        return self._decide(value, "fcc_id", self.matches("fcc_id", fcc_id), prefix, on)

    def _identify_subject(self, value: str, on: date) -> Identification:
        """A certificate subject's own patterns, and its O= organisation read like a registry organisation."""
        matched = self.matches("tls_subject", value)
        prefix: tuple[str, ...] = ()
        for raw in _SUBJECT_ORG.findall(value):
            organization = raw.strip().strip('"').strip()
            by_org, read_as = self.organization_matches(organization)
            by_org = [fp for fp in by_org if fp not in matched]
            if by_org:
                prefix += (f"certificate subject organisation O={organization!r}", *read_as)
                matched.extend(by_org)
        return self._decide(value, "tls_subject", matched, prefix, on)

    def _member_path(self, fp: Fingerprint, value: str, on: date) -> tuple[str, MemberPath] | None:
        """The family member a match names (the record's ``member``, else the matched text read as a family
        base name: "EZVIZ", "HiLook") and its path on ``on``."""
        family = self.vendors[fp.vendor].family
        if family is None:
            return None
        found = fp.pattern.search(value)
        text = found.group(0).strip() if found else value
        member = fp.member
        for candidate in (value, text) if member is None else ():  # the whole name first: "EZVIZ Inc."
            named = self.names.resolve(candidate) if candidate else None
            if named and named.family == family and named.member:
                member, text = named.member, candidate
                break
        path = member_path(family, member, on) if member else None
        return (text, path) if path else None

    def _decide(
        self, value: str, kind: str, matched: list[Fingerprint], prefix: tuple[str, ...], on: date
    ) -> Identification:
        paths: list[str] = []
        outside: list[tuple[Fingerprint, MemberPath]] = []
        kept: list[Fingerprint] = []
        for fp in matched:
            found = self._member_path(fp, value, on)
            if found is not None and not found[1].in_family:
                outside.append((fp, found[1]))  # a sold brand: not the family's on this date
                continue
            if found is not None:
                paths.append(f"{found[0]}: {found[1].text}")
            kept.append(fp)
        prefix += tuple(f"{fp.id}: {fp.evidence} [{fp.citation}]; {path.text}" for fp, path in outside)
        if not kept and outside:
            fp, path = outside[0]
            return Identification(
                value, kind, path.name, False, "direct", fp.confidence, prefix, tuple(f.id for f, _ in outside)
            )
        matched = kept
        if not matched:
            return Identification(value, kind, None, False, None, 0.0, (*prefix, "no fingerprint matched"))
        by_vendor: dict[str, list[Fingerprint]] = defaultdict(list)
        for fp in matched:
            by_vendor[fp.vendor].append(fp)
        scored = sorted(
            ((_combine(fp.confidence for fp in fps), name, fps) for name, fps in by_vendor.items()),
            key=lambda item: (-item[0], item[1]),
        )
        confidence, name, fps = scored[0]
        if len(scored) > 1:
            # Conflicting vendors: the runner-up's evidence discounts the winner (no silent tie-breaking).
            confidence *= 1.0 - scored[1][0] / 2
        best = max(fps, key=lambda fp: fp.confidence)
        vendor = self.vendors[name]
        evidence = prefix + tuple(f"{fp.id}: {fp.evidence} [{fp.citation}]" for fp in matched)
        evidence += tuple(dict.fromkeys(paths))
        return Identification(
            value=value,
            kind=kind,
            vendor=name,
            covered=vendor.covered,
            basis=best.basis,
            confidence=confidence,
            evidence=evidence,
            fingerprint_ids=tuple(fp.id for fp in matched),
        )


_default: Identifier | None = None


def identify(kind: str, value: str, on: date | None = None) -> Identification:
    """Identify one value with the packaged fingerprints (the Identifier is built once per process) as of ``on``
    (default today): a sold brand is its former family's only before its sale date."""
    global _default
    if _default is None:
        _default = Identifier()
    return _default.identify(kind, value, on)
