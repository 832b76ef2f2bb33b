"""Countries for the complaint form, named in the page's language, and the EEA."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale

# EU member states plus Iceland, Liechtenstein and Norway: partners here may ask for mediation.
EEA = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE "
    "IS LI NO".split()
)
NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "ZZ", "QO", "XA", "XB", "XK"})


@lru_cache(maxsize=4)
def country_choices(lang: str) -> tuple[tuple[str, str], ...]:
    """(code, name) for every country, sorted by name in ``lang``."""
    names = Locale.parse(lang).territories
    countries = [(code, name) for code, name in names.items()
                 if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES]
    return tuple(sorted(countries, key=lambda pair: pair[1].casefold()))


def in_eea(country: str | None) -> bool:
    """True for a country in the European Economic Area."""
    return country in EEA
