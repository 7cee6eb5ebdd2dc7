"""Term enforcement on an MT output: where each term's rendering stands (``finders``, from the
output's ``words``, ``names`` and the model's ``attention``), what to do about each occurrence
(``decisions``), and how a lost term is brought in with the model (``forcing``, from
``candidates`` that pass the ``checks``)."""
