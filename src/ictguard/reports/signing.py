"""Optional PDF signing of evidence documents with the organisation's key, and checking such a signature.

pyHanko (the ``sign`` extra) signs and validates. A signature makes the whole file tamper-evident for any
PDF reader; ``ictguard evidence verify`` also checks it covers the entire file and is intact. Whether the
certificate is trusted is the reader's decision (their trust store), so it is reported, not required.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from ictguard.errors import IctguardError, InputError
from ictguard.reports.verify_evidence import Check
from ictguard.settings import Settings

FIELD_NAME = "ictguard-evidence"


def signer_from_settings(settings: Settings) -> Callable[[bytes], bytes] | None:
    """A PDF signing function when ``ICTGUARD_SIGN_KEY`` and ``ICTGUARD_SIGN_CERT`` are set, else None."""
    if settings.sign_key is None or settings.sign_cert is None:
        return None
    return pdf_signer(settings.sign_key, settings.sign_cert, settings.sign_passphrase)


def pdf_signer(key: Path, cert: Path, passphrase: str = "") -> Callable[[bytes], bytes]:
    try:
        from pyhanko.sign import signers
    except ImportError as exc:
        raise IctguardError("signing evidence PDFs needs pyHanko: pip install 'ictguard[sign]'") from exc
    for path, field in ((key, "ICTGUARD_SIGN_KEY"), (cert, "ICTGUARD_SIGN_CERT")):
        if not path.is_file():
            raise InputError("no such file", file=path, field=field)
    signer = signers.SimpleSigner.load(  # type: ignore[no-untyped-call]
        str(key), str(cert), key_passphrase=passphrase.encode() or None
    )
    if signer is None:
        raise InputError("cannot load the signing key and certificate", file=key, field="ICTGUARD_SIGN_KEY")

    def sign(pdf: bytes) -> bytes:
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

        out = signers.sign_pdf(
            IncrementalPdfFileWriter(io.BytesIO(pdf)),
            signers.PdfSignatureMetadata(field_name=FIELD_NAME, reason="ictguard evidence document"),
            signer=signer,
        )
        return bytes(out.getvalue())

    return sign


def signature_check(data: bytes, *, trusted_cert: Path | None = None) -> Check | None:
    """The signature check of a signed PDF; None for unsigned documents. ``trusted_cert`` (the organisation's
    own certificate, ``ICTGUARD_SIGN_CERT``) is the one trust anchor: nothing is fetched from the network."""
    if not data.startswith(b"%PDF-") or b"/ByteRange" not in data:
        return None
    try:
        from pyhanko.keys import load_cert_from_pemder
        from pyhanko.pdf_utils.reader import PdfFileReader
        from pyhanko.sign.validation import validate_pdf_signature
        from pyhanko.sign.validation.status import SignatureCoverageLevel
        from pyhanko_certvalidator import ValidationContext
    except ImportError:
        return Check("signature", False, "the PDF is signed but pyHanko is not installed to check it")
    signatures = PdfFileReader(io.BytesIO(data)).embedded_signatures
    if not signatures:
        return None
    anchored = trusted_cert is not None and trusted_cert.is_file()
    roots = [load_cert_from_pemder(str(trusted_cert))] if anchored else []  # type: ignore[no-untyped-call]
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    status = validate_pdf_signature(signatures[-1], signer_validation_context=context)
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    subject = status.signing_cert.subject.human_friendly
    ok = bool(status.intact and status.valid and whole)
    detail = (
        f"signed by {subject}; intact {status.intact}, cryptographically valid {status.valid}, covers the "
        f"whole file {whole}; certificate trusted (ICTGUARD_SIGN_CERT as the anchor): {status.trusted}"
    )
    return Check("signature", ok, detail)
