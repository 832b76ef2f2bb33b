"""Search: find articles in the page's language, forgiving of word forms, accents and typos."""
