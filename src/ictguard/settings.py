"""The one typed settings object. Every value can be set by an ``ICTGUARD_*`` environment variable."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from platformdirs import user_data_dir
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

OFFICIAL_CSL_URL = "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv"
OFFICIAL_OFAC_BASE = "https://www.treasury.gov/ofac/downloads"


def _default_data_dir() -> Path:
    return Path(user_data_dir("ictguard", appauthor=False))


class Settings(BaseSettings):
    """Runtime configuration (env prefix ``ICTGUARD_``)."""

    model_config = SettingsConfigDict(env_prefix="ICTGUARD_", extra="ignore")

    data_dir: Path = Field(default_factory=_default_data_dir, description="Where ictguard keeps its files")
    db: str = Field(default="", description="SQLAlchemy URL; default: SQLite file in data_dir")
    lists: str = Field(default="", description="Default source for `lists update` (dir or URL)")
    csl_url: str = Field(default=OFFICIAL_CSL_URL, description="Official trade.gov CSL CSV download")
    ofac_base_url: str = Field(default=OFFICIAL_OFAC_BASE, description="Official OFAC legacy CSV folder")
    list_max_shrink: float = Field(
        default=0.10,
        ge=0.0,
        le=1.0,
        description="`lists update` refuses a source where a list or file lost more than this share of the "
        "active version's entries (and more than 5); `--allow-shrink` accepts it",
    )
    http_timeout: float = Field(default=60.0, description="Seconds for one list download")
    screening_threshold: float | None = Field(default=None, description="Override of the tuned operating threshold")
    word_list: Path = Field(
        default=Path("/usr/share/dict/words"),
        description="English word list (Debian wamerican): one-word list names that are ordinary words weigh less",
    )
    macau_is_foreign_adversary: bool = Field(
        default=False, description="R-ICTS-FA-LIST: treat Macau as part of the PRC (unverified, default off)"
    )
    end_dates_inclusive: bool = Field(
        default=True, description="Treat 'through D' end dates as inclusive (regime_rules.md conventions)"
    )

    audit_key: str = Field(
        default="",
        description="Secret that keys the audit-log hashes (kept outside the database); empty: the "
        "key file audit_key_file, created on first use",
    )
    audit_key_file: Path | None = Field(
        default=None, description="File holding the audit key (default: data_dir/audit/audit.key, mode 0600)"
    )
    audit_receipts: Path | None = Field(
        default=None,
        description="Append-only file of signed audit-log receipts (default: data_dir/audit/"
        "receipts-<database>.jsonl); put it where the database writer cannot rewrite it (chattr +a, another host)",
    )
    audit_legacy_rows: int = Field(
        default=0, ge=0, description="Audit rows (1..N) written before keyed hashing that verify still accepts"
    )
    four_eyes: bool = Field(
        default=True,
        description="The actor who decides (licence application, alert clearance) must differ from "
        "the one who created it; false = single-user mode, recorded in the audit log with each such decision",
    )

    list_poll_seconds: float = Field(
        default=2.0,
        gt=0,
        le=3600,
        description="Seconds between a service node's checks of the active list version (one small query): a "
        "version activated by another node or a `lists update` run is built in the background, then served",
    )

    max_upload_mb: int = Field(default=100, ge=1, description="Largest upload (multipart body) the service reads")
    login_failures: int = Field(
        default=10,
        ge=1,
        description="Failed sign-ins (wrong keys) one client may make per login_window seconds before it gets 429",
    )
    login_window: int = Field(default=300, ge=1, description="Seconds over which failed sign-ins are counted")

    session_secret: str = Field(default="", description="Key that signs web session cookies; empty: random per process")
    session_max_age: int = Field(default=8 * 3600, description="Seconds a web sign-in lasts")
    web_ui: bool = Field(default=True, description="Serve the web UI under /ui on the API's port (false: API only)")

    # Evidence PDFs are signed with the organisation's key when both are set (docs/evidence.md; pyHanko).
    sign_key: Path | None = Field(default=None, description="PEM private key that signs evidence PDFs")
    sign_cert: Path | None = Field(default=None, description="PEM certificate of sign_key")
    sign_passphrase: str = Field(default="", description="Passphrase of sign_key, if it has one")

    def database_url(self) -> str:
        if self.db:
            return self.db
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{self.data_dir / 'ictguard.sqlite'}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
