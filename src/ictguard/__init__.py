"""ictguard: compliance engine for US restrictions on foreign-adversary ICT."""

__version__ = "0.1.0"
