"""Glossary model, its YAML/PO/CSV stores and its checks."""
