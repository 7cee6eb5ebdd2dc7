"""Renderers: terminal views and file formats."""
