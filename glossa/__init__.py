"""glossa: offline Russian→English translation under an enforced term glossary."""

__version__ = "0.3.0"
