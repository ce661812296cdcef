"""Pure case-management logic of the service: roles, audit hash chain, licences, shipments, alert suppression.

Nothing here imports web, CLI or database code; the store and API adapters wrap these functions.
"""
