"""Optional signing: a PDF signed with the organisation key at issue verifies, signature included; a signed
PDF edited afterwards does not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from ictguard.reports.evidence import Issuer, Subject, issue
from ictguard.reports.render import render_document
from ictguard.reports.signing import pdf_signer, signature_check
from ictguard.reports.verify_evidence import verify_document
from tests.reports.evidence_fakes import MemoryLog

pytest.importorskip("pyhanko")
pytest.importorskip("weasyprint")


def _key_and_cert(folder: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Example Compliance Org"),
            x509.NameAttribute(NameOID.COMMON_NAME, "ictguard evidence signing"),
        ]
    )
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    key_path, cert_path = folder / "org.key.pem", folder / "org.cert.pem"
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path


def test_a_signed_evidence_pdf_verifies_with_its_signature(tmp_path: Path) -> None:
    key, cert = _key_and_cert(tmp_path)
    sign = pdf_signer(key, cert)
    log = MemoryLog()
    context = {
        "query": "华为技术有限公司",
        "list_version": "v-1",
        "as_of": "2026-11-23",
        "hits": [],
        "reviews": [],
        "screened_at": "2026-11-23 12:00 UTC",
        "result": "no match",
    }

    def render(printed: dict[str, Any], form: Any, embedded: bytes) -> bytes:
        return render_document("screening_evidence", printed, form, embedded, sign=sign)

    doc = issue(
        "screening_evidence",
        context,
        Subject("v-1", None, {"query": "华为技术有限公司"}),
        Issuer("ann", "analyst"),
        fmt="pdf",
        log=log,
        render=render,
    )
    verdict = verify_document(
        doc.data, log, name="signed.pdf", signature_check=lambda pdf: signature_check(pdf, trusted_cert=cert)
    )
    assert verdict.matches, verdict.to_dict()
    signature = next(c for c in verdict.checks if c.name == "signature")
    assert "ictguard evidence signing" in signature.detail and "covers the whole file True" in signature.detail
    assert signature.detail.endswith("trusted (ICTGUARD_SIGN_CERT as the anchor): True")
    untrusted = signature_check(doc.data)
    assert untrusted is not None and untrusted.detail.endswith(": False")

    edited = doc.data + b"\n% appended after signing\n"
    result = verify_document(edited, log, name="edited.pdf", signature_check=signature_check)
    assert {c.name: c.ok for c in result.checks}["signature"] is False  # no longer covers the whole file


def test_an_unsigned_pdf_has_no_signature_check() -> None:
    assert signature_check(b"%PDF-1.7\n%%EOF") is None
