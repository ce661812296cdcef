"""The application layer: each capability the CLI, the API and the web offer, written once.

``batch`` (one batch-screening pipeline: one typed row, one decision vocabulary, N worker processes),
``screen_file`` (a file screened to CSV, resumable), ``jobs`` (the service's background batch jobs and uploads),
``active`` (the active list version's screener, one holder), ``decisions`` (decide and save), ``questions``
(the §889 representation draft), ``keys`` (API keys
and their revocation, one cache), ``gc_policy`` (the long-running callers' garbage-collector policy),
``schemas`` (request bodies). It imports the core and the store, never an adapter (``tests/test_layers.py``).
"""
