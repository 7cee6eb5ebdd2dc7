"""Finding glossary terms in source text, in every inflected form."""
