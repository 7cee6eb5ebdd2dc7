"""Argos Translate packages driven through CTranslate2 and SentencePiece."""
