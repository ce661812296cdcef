"""The covered corporate families: one cited knowledge base (``data/families/<id>.yaml``) of each covered
company's legal names in every script, its brands, subsidiaries and affiliates with ownership and dates.

``load`` validates the files (errors name file, line and field); ``entities`` turns members into screenable
``FAMILY`` entities and parent names into cited aliases; ``coverage`` says which regime reaches a member on a
date and why. Screening, ``decide`` and the device audit consult the same base through these.
"""

from ictguard.families.load import default_families, families_fingerprint, load_families
from ictguard.families.model import Family, Member, NameFact

__all__ = ["Family", "Member", "NameFact", "default_families", "families_fingerprint", "load_families"]
