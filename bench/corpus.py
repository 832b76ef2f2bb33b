"""Generate a synthetic help-centre corpus: many article pairs in the shape of ``content/``.

The benchmarks need far more articles than the site ships. This writes ``pairs`` articles, each
in English and Dutch (``<section>/<slug>.en.md`` and ``.nl.md``), spread over ``sections``
sections that each get ``_index.en.md``/``_index.nl.md``, and copies ``content/topics.yaml``.
Every file follows the content contract: YAML front matter (``title``, ``summary``,
``updated``, ``order``, ``tags``, ``related``; ``source_updated`` on the Dutch file, equal to the
English ``updated``) and a CommonMark body of about ``words`` words with ``##`` headings, a
bulleted and a numbered list, a table and links to other generated articles
(``other-slug.md`` in the same section, ``../section/other-slug.md`` across sections).

The output depends only on the arguments (``seed`` included), so two runs give the same files.
Words are drawn with Zipf-like weights, so a search benchmark sees common and rare terms.

Usage::

    .venv/bin/python bench/corpus.py /tmp/corpus --pairs 5000
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TOPICS = ROOT / "content" / "topics.yaml"
LANGS = ("en", "nl")

# (slug, English title, Dutch title) for up to 20 sections; more repeat with a number.
SECTIONS = [
    ("account", "Your account", "Uw account"),
    ("payments", "Payments", "Betalingen"),
    ("reservations", "Reservations", "Reserveringen"),
    ("reviews", "Reviews", "Beoordelingen"),
    ("complaints", "Complaints and disputes", "Klachten en geschillen"),
    ("technical-issues", "Technical issues", "Technische problemen"),
    ("calendar", "Calendar and availability", "Kalender en beschikbaarheid"),
    ("rates", "Rates and pricing", "Prijzen en tarieven"),
    ("property-page", "Your property page", "Uw accommodatiepagina"),
    ("photos", "Photos and descriptions", "Foto's en beschrijvingen"),
    ("guests", "Guests and messages", "Gasten en berichten"),
    ("invoices", "Invoices and commission", "Facturen en commissie"),
    ("taxes", "Taxes and legal", "Belastingen en wetgeving"),
    ("ranking", "Ranking and visibility", "Positie en zichtbaarheid"),
    ("promotions", "Promotions and deals", "Acties en aanbiedingen"),
    ("policies", "Policies and house rules", "Voorwaarden en huisregels"),
    ("extranet", "The extranet", "Het extranet"),
    ("pulse-app", "The Pulse app", "De Pulse-app"),
    ("security", "Security and privacy", "Beveiliging en privacy"),
    ("getting-started", "Getting started", "Aan de slag"),
]

# (slug part, English verb, Dutch verb) and (slug part, English object, Dutch object).
ACTIONS = [
    ("change", "Change", "wijzigen"),
    ("check", "Check", "controleren"),
    ("set-up", "Set up", "instellen"),
    ("understand", "Understand", "begrijpen"),
    ("cancel", "Cancel", "annuleren"),
    ("export", "Export", "exporteren"),
    ("review", "Review", "bekijken"),
    ("fix", "Fix problems with", "problemen oplossen met"),
    ("request", "Request", "aanvragen"),
    ("update", "Update", "bijwerken"),
    ("manage", "Manage", "beheren"),
    ("find", "Find", "vinden"),
]
OBJECTS = [
    ("payout-details", "your payout details", "uw uitbetalingsgegevens"),
    ("bank-account", "your bank account", "uw bankrekening"),
    ("house-rules", "your house rules", "uw huisregels"),
    ("room-types", "your room types", "uw kamertypes"),
    ("minimum-stay", "the minimum stay", "het minimum aantal nachten"),
    ("cancellation-policy", "your cancellation policy", "uw annuleringsvoorwaarden"),
    ("guest-messages", "guest messages", "berichten van gasten"),
    ("login-details", "your login details", "uw inloggegevens"),
    ("user-roles", "user roles", "gebruikersrollen"),
    ("commission-invoice", "the commission invoice", "de commissiefactuur"),
    ("city-tax", "city tax", "toeristenbelasting"),
    ("opening-dates", "opening dates", "openingsdata"),
    ("property-photos", "property photos", "accommodatiefoto's"),
    ("facilities", "facilities", "faciliteiten"),
    ("review-replies", "review replies", "reacties op beoordelingen"),
    ("no-show-charges", "no-show charges", "no-showkosten"),
    ("weekly-rates", "weekly rates", "weekprijzen"),
    ("early-booker-deal", "an early booker deal", "een vroegboekkorting"),
    ("two-step-login", "two-step login", "inloggen in twee stappen"),
    ("data-export", "a data export", "een gegevensexport"),
    ("contact-person", "the contact person", "de contactpersoon"),
    ("virtual-card", "virtual card payments", "betalingen met een virtuele kaart"),
    ("group-booking", "a group booking", "een groepsboeking"),
    ("channel-manager", "the channel manager connection", "de koppeling met de channelmanager"),
]

# (slug part, English, Dutch) narrowing a title down; the empty one is the plain title.
QUALIFIERS = [
    ("", "", ""),
    ("in-the-extranet", "in the extranet", "in het extranet"),
    ("in-the-app", "in the Pulse app", "in de Pulse-app"),
    ("for-groups", "for groups", "voor groepen"),
    ("for-long-stays", "for long stays", "voor lange verblijven"),
    ("for-several-properties", "for several properties", "voor meerdere accommodaties"),
    ("after-a-booking", "after a booking", "na een boeking"),
    ("in-high-season", "in high season", "in het hoogseizoen"),
]

HEADINGS = {
    "en": ["Before you start", "What you need", "Step by step", "What happens next",
           "Good to know", "Fees and limits", "If something goes wrong", "Common questions",
           "Who can do this", "Deadlines"],
    "nl": ["Voordat u begint", "Wat u nodig heeft", "Stap voor stap", "Wat er daarna gebeurt",
           "Goed om te weten", "Kosten en limieten", "Als er iets misgaat", "Veelgestelde vragen",
           "Wie dit kan doen", "Termijnen"],
}
TABLE_HEADERS = {
    "en": ("Situation", "What to do", "When"),
    "nl": ("Situatie", "Wat u doet", "Wanneer"),
}

# Content words, most common first (drawn with Zipf-like weights).
WORDS = {
    "en": (
        "your property guest reservation extranet payment account partner booking date "
        "invoice commission page message rate room review payout amount policy setting "
        "change request case handler complaint team status period night stay calendar "
        "availability price tax report overview screen button menu form field document "
        "screenshot number email address phone contract term condition deadline week month "
        "year country currency bank transfer card refund charge fee discount deal promotion "
        "ranking visibility search result photo description facility rule pet parking "
        "breakfast check-in check-out arrival departure cancellation modification no-show "
        "deposit damage cleaning linen key host owner manager user role permission login "
        "password code device app notification reminder confirmation receipt acknowledgement "
        "mediation ground topic subtopic regulation transparency data export connection "
        "channel provider error fault outage update version browser cache cookie session "
        "language translation summary history decision outcome resolution appeal evidence"
    ).split(),
    "nl": (
        "uw accommodatie gast reservering extranet betaling account partner boeking datum "
        "factuur commissie pagina bericht prijs kamer beoordeling uitbetaling bedrag beleid "
        "instelling wijziging verzoek zaak behandelaar klacht team status periode nacht "
        "verblijf kalender beschikbaarheid tarief belasting verslag overzicht scherm knop menu "
        "formulier veld document schermafbeelding nummer e-mailadres telefoon contract "
        "voorwaarde termijn week maand jaar land valuta bank overboeking kaart terugbetaling "
        "kosten toeslag korting aanbieding actie positie zichtbaarheid zoekresultaat foto "
        "beschrijving faciliteit regel huisdier parkeerplaats ontbijt inchecken uitchecken "
        "aankomst vertrek annulering aanpassing no-show borg schade schoonmaak beddengoed "
        "sleutel gastheer eigenaar beheerder gebruiker rol rechten inloggen wachtwoord code "
        "apparaat app melding herinnering bevestiging ontvangstbewijs ontvangstbevestiging "
        "bemiddeling grond onderwerp subonderwerp verordening transparantie gegevens export "
        "koppeling kanaal aanbieder foutmelding storing update versie browser cache cookie "
        "sessie taal vertaling samenvatting geschiedenis besluit uitkomst oplossing bezwaar "
        "bewijs"
    ).split(),
}
FILLERS = {
    "en": "the a of to and in for on with you we is are can when if this that it your".split(),
    "nl": "de het een van naar en in voor op met u we is zijn kunt als dit dat er uw".split(),
}
LINK_TEXT = {"en": "read more", "nl": "lees meer"}
SUMMARY_TEMPLATE = {
    "en": "How to {what}, what you need for it and what happens afterwards.",
    "nl": "Zo kunt u {what}: wat u daarvoor nodig heeft en wat er daarna gebeurt.",
}


@dataclass(frozen=True)
class Article:
    """One generated article pair: its section, slug and titles in both languages."""

    section: str
    slug: str
    titles: dict[str, str]

    def path(self, lang: str) -> str:
        """The article page's URL path in ``lang``: ``/<lang>/<section>/<slug>``."""
        return f"/{lang}/{self.section}/{self.slug}"


@dataclass
class Corpus:
    """What :func:`generate` wrote: the folder, the section slugs and every article."""

    root: Path
    sections: list[str]
    articles: list[Article] = field(default_factory=list)

    def sample(self) -> Article:
        """An article from the middle of the corpus (not the first file a loader reads)."""
        return self.articles[len(self.articles) // 2]


class _Writer:
    """Deterministic text generator for one corpus (one ``random.Random`` for everything)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - reproducible text, not secrets
        self.weights = {
            lang: [1.0 / (rank + 1) for rank in range(len(words))] for lang, words in WORDS.items()
        }

    def content_words(self, lang: str, count: int) -> list[str]:
        """``count`` content words drawn with Zipf-like weights (repeats possible)."""
        return self.rng.choices(WORDS[lang], weights=self.weights[lang], k=count)

    def words(self, lang: str, count: int) -> list[str]:
        """``count`` words: content words mixed with short filler words."""
        content = self.content_words(lang, count)
        fillers = FILLERS[lang]
        return [w if self.rng.random() < 0.6 else self.rng.choice(fillers) for w in content]

    def sentence(self, lang: str, low: int = 8, high: int = 16) -> str:
        """One sentence of ``low``..``high`` words, capitalised, ending in a full stop."""
        text = " ".join(self.words(lang, self.rng.randint(low, high)))
        return text[0].upper() + text[1:] + "."

    def paragraph(self, lang: str, sentences: int) -> str:
        """A paragraph of ``sentences`` sentences."""
        return " ".join(self.sentence(lang) for _ in range(sentences))

    def phrase(self, lang: str) -> str:
        """A short list item or table cell, capitalised, no full stop."""
        text = " ".join(self.words(lang, self.rng.randint(3, 7)))
        return text[0].upper() + text[1:]


def plan_articles(rng: random.Random, pairs: int, sections: list[str]) -> list[Article]:
    """Choose a unique slug and titles for each article, dealt round-robin over the sections.

    Slugs combine an action, an object and a qualifier; once a combination is taken, the next
    one gets a number (``change-house-rules-2``, title "... (2)").
    """
    seen: set[str] = set()
    articles = []
    for index in range(pairs):
        action, obj, qualifier = rng.choice(ACTIONS), rng.choice(OBJECTS), rng.choice(QUALIFIERS)
        base = "-".join(part for part in (action[0], obj[0], qualifier[0]) if part)
        slug, number = base, 1
        while slug in seen:
            number += 1
            slug = f"{base}-{number}"
        seen.add(slug)
        suffix = f" ({number})" if number > 1 else ""
        en = " ".join(part for part in (action[1], obj[1], qualifier[1]) if part)
        nl = " ".join(part for part in (obj[2], qualifier[2], action[2]) if part)
        titles = {"en": en + suffix, "nl": nl[0].upper() + nl[1:] + suffix}
        articles.append(Article(sections[index % len(sections)], slug, titles))
    return articles


def section_slugs(count: int) -> list[str]:
    """``count`` section slugs: the 20 named ones, then the same names with a number."""
    names = [slug for slug, _, _ in SECTIONS]
    return [
        names[i % len(names)] + (f"-{i // len(names) + 1}" if i >= len(names) else "")
        for i in range(count)
    ]


def section_title(index: int, lang: str) -> str:
    """The title of section number ``index`` in ``lang``."""
    base = SECTIONS[index % len(SECTIONS)][1 if lang == "en" else 2]
    return base if index < len(SECTIONS) else f"{base} {index // len(SECTIONS) + 1}"


def link(article: Article, target: Article, lang: str) -> str:
    """A Markdown link from ``article`` to ``target`` as editors write them (``slug.md``)."""
    href = f"{target.slug}.md"
    if target.section != article.section:
        href = f"../{target.section}/{href}"
    return f"[{target.titles[lang]}]({href})"


def body(writer: _Writer, article: Article, lang: str, targets: list[Article], words: int) -> str:
    """A CommonMark body of about ``words`` words: headings, lists, a table, links."""
    rng = writer.rng
    headings = rng.sample(HEADINGS[lang], 4)
    header = TABLE_HEADERS[lang]
    links = [link(article, target, lang) for target in targets]
    blocks = [
        writer.paragraph(lang, 2) + f" {LINK_TEXT[lang].capitalize()}: {links[0]}.",
        f"## {headings[0]}",
        writer.paragraph(lang, 2),
        "\n".join(f"- {writer.phrase(lang)}" for _ in range(rng.randint(3, 5))),
        f"## {headings[1]}",
        "\n".join(
            f"{n}. **{writer.phrase(lang)}**: {writer.sentence(lang, 5, 10)}"
            for n in range(1, rng.randint(3, 5) + 1)
        ),
        f"## {headings[2]}",
        f"| {header[0]} | {header[1]} | {header[2]} |\n|---|---|---|\n"
        + "\n".join(
            f"| {writer.phrase(lang)} | {writer.phrase(lang)} | {rng.randint(1, 30)} "
            + ("days |" if lang == "en" else "dagen |")
            for _ in range(4)
        ),
        f"## {headings[3]}",
    ]
    closing = [writer.sentence(lang)]
    closing.append(" ".join(f"{LINK_TEXT[lang].capitalize()}: {target}." for target in links[1:]))
    while count_words(blocks) + count_words(closing) < words:
        closing.insert(-1, writer.sentence(lang))
    blocks.append(" ".join(closing))
    return "\n\n".join(blocks) + "\n"


def lowercase_first(text: str) -> str:
    """``text`` with its first letter in lower case, to use a title inside a sentence."""
    return text[:1].lower() + text[1:]


def count_words(blocks: list[str]) -> int:
    """How many whitespace-separated words ``blocks`` hold (markup included, roughly)."""
    return sum(len(block.split()) for block in blocks)


def front_matter(fields: dict) -> str:
    """A YAML front matter block; strings and lists are written as JSON, which YAML reads."""
    lines = ["---"]
    for key, value in fields.items():
        if isinstance(value, dt.date):
            lines.append(f"{key}: {value.isoformat()}")
        elif isinstance(value, int):
            lines.append(f"{key}: {value}")
        else:
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def write_article(writer: _Writer, root: Path, article: Article, order: int,
                  all_articles: list[Article], words: int) -> None:
    """Write the English and Dutch file of ``article``."""
    rng = writer.rng
    others = [a for a in rng.sample(all_articles, min(6, len(all_articles))) if a != article]
    targets = others[:3] or [article]
    related = [a.slug for a in others[3:5]]
    en_updated = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 600))
    nl_updated = en_updated + dt.timedelta(days=rng.randint(0, 14))
    tags = {lang: sorted(set(writer.content_words(lang, 3))) for lang in LANGS}
    folder = root / article.section
    for lang in LANGS:
        fields: dict = {
            "title": article.titles[lang],
            "summary": SUMMARY_TEMPLATE[lang].format(what=lowercase_first(article.titles[lang])),
            "updated": en_updated if lang == "en" else nl_updated,
        }
        if lang == "nl":
            fields["source_updated"] = en_updated
        fields.update(order=order, tags=tags[lang], related=related)
        text = front_matter(fields) + "\n" + body(writer, article, lang, targets, words)
        (folder / f"{article.slug}.{lang}.md").write_text(text, encoding="utf-8")


def write_section_index(root: Path, index: int, slug: str) -> None:
    """Write ``_index.en.md`` and ``_index.nl.md`` for section number ``index``."""
    folder = root / slug
    folder.mkdir(parents=True, exist_ok=True)
    descriptions = {
        "en": "Guidance for partners on {title}.",
        "nl": "Uitleg voor partners over {title}.",
    }
    for lang in LANGS:
        title = section_title(index, lang)
        fields = {
            "title": title,
            "description": descriptions[lang].format(title=title.lower()),
            "order": index + 1,
        }
        (folder / f"_index.{lang}.md").write_text(front_matter(fields), encoding="utf-8")


def generate(dest: Path | str, pairs: int = 1000, sections: int = 20, words: int = 400,
             seed: int = 1, topics: Path | None = DEFAULT_TOPICS) -> Corpus:
    """Write a corpus of ``pairs`` article pairs over ``sections`` sections into ``dest``.

    ``dest`` must not exist or be empty. ``topics`` (the shipped ``topics.yaml`` by default) is
    copied in when given and present. Returns what was written.
    """
    root = Path(dest)
    if root.exists() and any(root.iterdir()):
        raise FileExistsError(f"{root} is not empty")
    if pairs < 1 or sections < 1:
        raise ValueError("pairs and sections must be at least 1")
    root.mkdir(parents=True, exist_ok=True)
    writer = _Writer(seed)
    slugs = section_slugs(min(sections, pairs))
    corpus = Corpus(root, slugs, plan_articles(writer.rng, pairs, slugs))
    for index, slug in enumerate(slugs):
        write_section_index(root, index, slug)
    orders: dict[str, int] = {}
    for article in corpus.articles:
        orders[article.section] = orders.get(article.section, 0) + 1
        write_article(writer, root, article, orders[article.section], corpus.articles, words)
    if topics is not None and Path(topics).exists():
        shutil.copyfile(topics, root / "topics.yaml")
    return corpus


def main(argv: list[str] | None = None) -> int:
    """Command line: generate a corpus into a folder and say what was written."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path, help="folder to write (must not exist or be empty)")
    parser.add_argument("--pairs", type=int, default=1000, help="article pairs (default 1000)")
    parser.add_argument("--sections", type=int, default=20, help="sections (default 20)")
    parser.add_argument("--words", type=int, default=400, help="words per body (default 400)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args(argv)
    try:
        corpus = generate(args.dest, args.pairs, args.sections, args.words, args.seed)
    except (FileExistsError, ValueError) as error:
        print(f"corpus: {error}", file=sys.stderr)
        return 2
    print(f"wrote {len(corpus.articles)} article pairs in {len(corpus.sections)} sections "
          f"to {corpus.root}; e.g. {corpus.sample().path('en')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
