"""The MDN HTTP Observatory's score, computed from one response, so a regression fails CI.

The rules are those of the Observatory's second version (the "tests and scoring" page,
https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring, implemented in the
repository mdn/mdn-http-observatory):

* scoring (``src/scanner/index.js``, ``src/grader/charts.js``): every site starts at 100; each
  of the ten tests adds its modifier (``MODIFIERS`` below, the ``SCORE_TABLE``); the positive
  modifiers (bonuses) only count when the score with the penalties alone is at least 90;
  grades by steps of 5, 100 or more is A+.
* the ten tests (``src/analyzer/tests/*.js``): Content-Security-Policy (parsed as in
  ``cspParser.js``: a repeated directive makes the policy invalid; ``default-src 'none'``
  without unsafe sources is the best result), cookies (every cookie Secure, session cookies,
  whose names contain "sess" or "login", HttpOnly, all with SameSite), CORS (a credentialed
  ``Access-Control-Allow-Origin`` that echoes the asking origin), redirection (HTTP → HTTPS
  on the same host), Referrer-Policy (the last valid value counts), HSTS (at least six months,
  15552000 s; only over HTTPS), Subresource Integrity (scripts from other sites need
  ``integrity``), X-Content-Type-Options (``nosniff``), X-Frame-Options (or CSP
  ``frame-ancestors``, which earns a bonus) and Cross-Origin-Resource-Policy.

What a single response cannot show is passed in: ``redirection`` (what ``http://`` does: our
nginx redirects it to ``https://`` on the same host, ``deploy/nginx.conf``) and the response
to the same URL asked with the Observatory's ``Origin`` (for CORS; by default the response
itself). The HSTS preload list is not consulted (we are not on it). When several CSP headers
are sent, a directive keeps the sources every policy that names it allows (the Observatory
also matches path prefixes; our site sends one policy).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from urllib.parse import urlsplit

OBSERVATORY_ORIGIN = "https://http-observatory.security.mozilla.org"

MODIFIERS = {
    # Content Security Policy
    "csp-implemented-with-no-unsafe-default-src-none": 10,
    "csp-implemented-with-no-unsafe": 5,
    "csp-implemented-with-unsafe-inline-in-style-src-only": 0,
    "csp-implemented-but-duplicate-directives": 0,
    "csp-implemented-with-insecure-scheme-in-passive-content-only": -10,
    "csp-implemented-with-unsafe-eval": -10,
    "csp-implemented-with-unsafe-inline": -20,
    "csp-implemented-with-insecure-scheme": -20,
    "csp-header-invalid": -25,
    "csp-not-implemented": -25,
    "csp-not-implemented-but-reporting-enabled": -25,
    # Cookies
    "cookies-secure-with-httponly-sessions-and-samesite": 5,
    "cookies-secure-with-httponly-sessions": 0,
    "cookies-not-found": 0,
    "cookies-without-secure-flag-but-protected-by-hsts": -5,
    "cookies-session-without-secure-flag-but-protected-by-hsts": -10,
    "cookies-without-secure-flag": -20,
    "cookies-samesite-flag-invalid": -20,
    "cookies-anticsrf-without-samesite-flag": -20,
    "cookies-session-without-httponly-flag": -30,
    "cookies-session-without-secure-flag": -40,
    # Cross-origin resource sharing
    "cross-origin-resource-sharing-not-implemented": 0,
    "cross-origin-resource-sharing-implemented-with-public-access": 0,
    "cross-origin-resource-sharing-implemented-with-restricted-access": 0,
    "cross-origin-resource-sharing-implemented-with-universal-access": -50,
    # Redirection
    "redirection-all-redirects-preloaded": 0,
    "redirection-to-https": 0,
    "redirection-not-needed-no-http": 0,
    "redirection-off-host-from-http": -5,
    "redirection-not-to-https-on-initial-redirection": -10,
    "redirection-not-to-https": -20,
    "redirection-missing": -20,
    "redirection-invalid-cert": -20,
    # Referrer Policy
    "referrer-policy-private": 5,
    "referrer-policy-not-implemented": 0,
    "referrer-policy-unsafe": -5,
    "referrer-policy-header-invalid": -5,
    # Strict Transport Security
    "hsts-preloaded": 5,
    "hsts-implemented-max-age-at-least-six-months": 0,
    "hsts-implemented-max-age-less-than-six-months": -10,
    "hsts-not-implemented": -20,
    "hsts-header-invalid": -20,
    "hsts-not-implemented-no-https": -20,
    "hsts-invalid-cert": -20,
    # Subresource Integrity
    "sri-implemented-and-all-scripts-loaded-securely": 5,
    "sri-implemented-and-external-scripts-loaded-securely": 5,
    "sri-not-implemented-response-not-html": 0,
    "sri-not-implemented-but-no-scripts-loaded": 0,
    "sri-not-implemented-but-all-scripts-loaded-from-secure-origin": 0,
    "sri-not-implemented-but-external-scripts-loaded-securely": -5,
    "sri-implemented-but-external-scripts-not-loaded-securely": -20,
    "sri-not-implemented-and-external-scripts-not-loaded-securely": -50,
    # X-Content-Type-Options
    "x-content-type-options-nosniff": 0,
    "x-content-type-options-not-implemented": -5,
    "x-content-type-options-header-invalid": -5,
    # X-Frame-Options
    "x-frame-options-implemented-via-csp": 5,
    "x-frame-options-sameorigin-or-deny": 0,
    "x-frame-options-allow-from-origin": 0,
    "x-frame-options-not-implemented": -20,
    "x-frame-options-header-invalid": -20,
    # Cross-Origin-Resource-Policy
    "corp-implemented-with-same-origin": 10,
    "corp-implemented-with-same-site": 10,
    "corp-implemented-with-cross-origin": 0,
    "corp-not-implemented": 0,
    "corp-header-invalid": -5,
}
GRADES = ((100, "A+"), (90, "A"), (85, "A-"), (80, "B+"), (70, "B"), (65, "B-"), (60, "C+"),
          (50, "C"), (45, "C-"), (40, "D+"), (30, "D"), (25, "D-"), (0, "F"))
MINIMUM_SCORE_FOR_EXTRA_CREDIT = 90
SIX_MONTHS = 15_552_000
BROAD = {"ftp:", "http:", "https:", "*", "http://*", "http://*.*", "https://*", "https://*.*"}
UNSAFE_INLINE = {"'unsafe-inline'", "data:"}
NONCE_OR_HASH = ("'sha256-", "'sha384-", "'sha512-", "'nonce-")
HTML_TYPES = {"text/html", "application/xhtml+xml"}


@dataclass
class Score:
    """The outcome: the score, its grade and each test's result with its modifier."""

    score: int
    grade: str
    results: dict[str, str] = field(default_factory=dict)  # test → result

    def modifiers(self) -> dict[str, int]:
        """Each test's result and what it added or took away, for a failure message."""
        return {result: MODIFIERS[result] for result in self.results.values()}


class InvalidPolicy(ValueError):
    """A CSP the Observatory would not parse."""


def score(headers, body: str = "", url: str = "https://help.example.com/",
          redirection: str = "redirection-to-https", cors_headers=None) -> Score:
    """The Observatory score of a response with ``headers`` (Werkzeug ``Headers``) and ``body``.

    ``url`` is where it was fetched (its scheme decides the HTTPS tests).
    """
    https = urlsplit(url).scheme == "https"
    page = PageParser.parse(body) if is_html(headers) else PageParser()
    csp_result, csp = content_security_policy(headers, page, https)
    hsts = strict_transport_security(headers, https)
    results = {
        "content-security-policy": csp_result,
        "cookies": cookies(headers, hsts_passes=hsts in (
            "hsts-implemented-max-age-at-least-six-months", "hsts-preloaded")),
        "cross-origin-resource-sharing": cors(cors_headers if cors_headers is not None
                                              else headers),
        "redirection": redirection,
        "referrer-policy": referrer_policy(headers, page),
        "strict-transport-security": hsts,
        "subresource-integrity": subresource_integrity(headers, page, url),
        "x-content-type-options": x_content_type_options(headers),
        "x-frame-options": x_frame_options(headers, csp),
        "cross-origin-resource-policy": cross_origin_resource_policy(headers),
    }
    with_bonuses = 100 + sum(MODIFIERS[r] for r in results.values())
    penalties_only = 100 + sum(min(MODIFIERS[r], 0) for r in results.values())
    total = max(with_bonuses if penalties_only >= MINIMUM_SCORE_FOR_EXTRA_CREDIT
                else penalties_only, 0)
    grade = next(letter for floor, letter in GRADES if total >= floor)
    return Score(total, grade, results)


def is_html(headers) -> bool:
    """Whether the response is HTML (a missing Content-Type is treated as HTML, as there)."""
    mime = (headers.get("Content-Type") or "").split(";")[0].strip().lower()
    return not mime or mime in HTML_TYPES


class PageParser(HTMLParser):
    """What the tests read from the HTML: scripts and ``<meta http-equiv>`` values."""

    def __init__(self):
        super().__init__()
        self.scripts: list[dict] = []
        self.http_equiv: dict[str, list[str]] = {}

    @classmethod
    def parse(cls, body: str) -> PageParser:
        """Parse ``body``."""
        parser = cls()
        parser.feed(body)
        parser.close()
        return parser

    def handle_starttag(self, tag, attrs):
        """Collect ``<script>`` attributes and ``<meta http-equiv>`` values."""
        attributes = dict(attrs)
        if tag == "script":
            self.scripts.append(attributes)
        elif tag == "meta" and attributes.get("http-equiv"):
            name = attributes["http-equiv"].lower()
            self.http_equiv.setdefault(name, []).append(attributes.get("content") or "")


def parse_csp(policies: list[str]) -> dict[str, set[str]]:
    """Directives and their (lower-case) sources; raises ``InvalidPolicy`` as the Observatory.

    A source list left empty means ``'none'``. A directive named by several policies keeps
    the sources all of them allow.
    """
    merged: dict[str, set[str]] = {}
    for policy in (p.replace("\r", "").replace("\n", "").strip() for p in policies):
        if len(policy) < len("img-src") - 1:
            raise InvalidPolicy(policy)
        seen: set[str] = set()
        for entry in policy.split(";"):
            directive, *sources = entry.strip().split() or [""]
            if not directive:
                continue
            directive = directive.lower()
            if directive in seen and directive not in ("report-uri", "report-to"):
                raise InvalidPolicy(f"{directive} repeated")
            seen.add(directive)
            values = {s.lower() for s in sources}
            if not values and directive.endswith("-src"):
                values = {"'none'"}
            merged[directive] = merged[directive] & values if directive in merged else values
    return {d: (s or {"'none'"}) for d, s in merged.items()}


def content_security_policy(headers, page: PageParser, https: bool):
    """The CSP test's result and the parsed policy (None when there is none to read)."""
    header_policies = split_policies(headers.getlist("Content-Security-Policy"))
    meta_policies = split_policies(page.http_equiv.get("content-security-policy", []))
    try:
        csp = parse_csp(header_policies + meta_policies)
    except InvalidPolicy:
        return "csp-header-invalid", None
    if not csp:
        if headers.get("Content-Security-Policy-Report-Only"):
            return "csp-not-implemented-but-reporting-enabled", None
        return "csp-not-implemented", None
    default = csp.get("default-src")
    script_src = set(csp.get("script-src") or default or {"*"})
    style_src = set(csp.get("style-src") or default or {"*"})
    object_src = csp.get("object-src") or default or {"*"}
    for sources in (script_src, style_src):
        if any(s.startswith(NONCE_OR_HASH) for s in sources):
            sources.discard("'unsafe-inline'")
    result = None
    if "'strict-dynamic'" in script_src:
        if any(s.startswith(NONCE_OR_HASH) for s in script_src):
            script_src = {s for s in script_src if s not in ("'self'", "'unsafe-inline'")
                          and not any(s.startswith(b) for b in BROAD)}
        else:
            result = "csp-header-invalid"
    passive = {"img-src", "media-src"}
    active_sources = [s for d, sources in csp.items() if d not in passive | {"script-src"}
                      for s in sources] + sorted(script_src)
    passive_sources = [s for d in passive for s in (csp.get(d) or default or ())]
    insecure = ("http:", "ftp:")
    checks = (
        (script_src & (BROAD | UNSAFE_INLINE) or object_src & BROAD,
         "csp-implemented-with-unsafe-inline"),
        (https and any(s.startswith(insecure) for s in active_sources),
         "csp-implemented-with-insecure-scheme"),
        ("'unsafe-eval'" in script_src | style_src, "csp-implemented-with-unsafe-eval"),
        (https and any(s.startswith(insecure) for s in passive_sources),
         "csp-implemented-with-insecure-scheme-in-passive-content-only"),
        (style_src & (BROAD | UNSAFE_INLINE),
         "csp-implemented-with-unsafe-inline-in-style-src-only"),
        (default == {"'none'"}, "csp-implemented-with-no-unsafe-default-src-none"),
        (True, "csp-implemented-with-no-unsafe"),
    )
    if result is None:
        result = next(outcome for failed, outcome in checks if failed)
    return result, csp


def split_policies(values: list[str]) -> list[str]:
    """Several policies may come as one comma-separated value."""
    return [p.strip() for value in values for p in value.split(",")]


def cookie_attributes(raw: str) -> tuple[str, dict[str, str]]:
    """The name and lower-cased attributes of a ``Set-Cookie`` value."""
    first, *rest = raw.split(";")
    attributes = {}
    for part in rest:
        key, _, value = part.strip().partition("=")
        attributes[key.strip().lower()] = value.strip()
    return first.split("=", 1)[0].strip(), attributes


def is_deletion(attributes: dict[str, str]) -> bool:
    """A cookie that expires at once is removed from the jar, not kept in it."""
    if "max-age" in attributes:
        try:
            return int(attributes["max-age"]) <= 0
        except ValueError:
            return False
    if "expires" in attributes:
        try:
            return parsedate_to_datetime(attributes["expires"]) <= dt.datetime.now(dt.UTC)
        except (TypeError, ValueError):
            return False
    return False


def cookies(headers, hsts_passes: bool) -> str:
    """The cookies test over every cookie the response sets; the worst finding wins."""
    order = ["cookies-without-secure-flag-but-protected-by-hsts", "cookies-without-secure-flag",
             "cookies-session-without-secure-flag-but-protected-by-hsts",
             "cookies-samesite-flag-invalid", "cookies-anticsrf-without-samesite-flag",
             "cookies-session-without-httponly-flag", "cookies-session-without-secure-flag"]
    findings = set()
    jar = []
    for raw in headers.getlist("Set-Cookie"):
        name, attributes = cookie_attributes(raw)
        if "samesite" in attributes and attributes["samesite"].lower() not in (
                "lax", "strict", "none"):
            findings.add("cookies-samesite-flag-invalid")
        if not is_deletion(attributes):
            jar.append((name.lower(), attributes))
    if not jar:
        return "cookies-not-found"
    for name, attributes in jar:
        secure, samesite = "secure" in attributes, attributes.get("samesite", "").lower()
        session = "login" in name or "sess" in name
        if not secure and samesite == "none":
            findings.add("cookies-samesite-flag-invalid")
        if not secure:
            findings.add("cookies-without-secure-flag-but-protected-by-hsts" if hsts_passes
                         else "cookies-without-secure-flag")
        if "csrf" in name and not samesite:
            findings.add("cookies-anticsrf-without-samesite-flag")
        if session and not secure:
            findings.add("cookies-session-without-secure-flag-but-protected-by-hsts"
                         if hsts_passes else "cookies-session-without-secure-flag")
        if session and "httponly" not in attributes:
            findings.add("cookies-session-without-httponly-flag")
    if findings:
        return max(findings, key=order.index)
    if all(attributes.get("samesite") for _, attributes in jar):
        return "cookies-secure-with-httponly-sessions-and-samesite"
    return "cookies-secure-with-httponly-sessions"


def cors(headers) -> str:
    """CORS as seen by a request from the Observatory's origin."""
    allowed = (headers.get("Access-Control-Allow-Origin") or "").strip().lower()
    if not allowed:
        return "cross-origin-resource-sharing-not-implemented"
    if allowed == "*":
        return "cross-origin-resource-sharing-implemented-with-public-access"
    credentials = (headers.get("Access-Control-Allow-Credentials") or "").strip().lower()
    if allowed == OBSERVATORY_ORIGIN and credentials == "true":
        return "cross-origin-resource-sharing-implemented-with-universal-access"
    return "cross-origin-resource-sharing-implemented-with-restricted-access"


def referrer_policy(headers, page: PageParser) -> str:
    """The last valid Referrer-Policy value (header, then ``<meta http-equiv>``) decides."""
    private = ("no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin")
    unsafe = ("origin", "origin-when-cross-origin", "unsafe-url", "no-referrer-when-downgrade")
    values = headers.getlist("Referrer-Policy") + page.http_equiv.get("referrer-policy", [])
    if not values:
        return "referrer-policy-not-implemented"
    valid = [v.strip().lower() for value in values for v in value.split(",")
             if v.strip().lower() in private + unsafe]
    if valid and valid[-1] in private:
        return "referrer-policy-private"
    if valid:
        return "referrer-policy-unsafe"
    return "referrer-policy-header-invalid"


def strict_transport_security(headers, https: bool) -> str:
    """HSTS: only an HTTPS response can carry it; at least six months passes."""
    if not https:
        return "hsts-not-implemented-no-https"
    values = headers.getlist("Strict-Transport-Security")
    if not values:
        return "hsts-not-implemented"
    value = values[0][:1024]
    if "," in value:
        return "hsts-header-invalid"
    max_age = None
    for parameter in (p.strip().lower() for p in value.split(";")):
        if parameter.startswith("max-age="):
            digits = parameter[8:128]
            try:
                max_age = int(digits)
            except ValueError:
                return "hsts-header-invalid"
    if max_age is None:
        return "hsts-header-invalid"
    if max_age < SIX_MONTHS:
        return "hsts-implemented-max-age-less-than-six-months"
    return "hsts-implemented-max-age-at-least-six-months"


def registrable_domain(host: str) -> str:
    """The last two labels of ``host`` (enough for the domains these tests meet)."""
    return ".".join(host.lower().split(".")[-2:])


def subresource_integrity(headers, page: PageParser, url: str) -> str:
    """Scripts from elsewhere need ``integrity`` and HTTPS; same-origin ones may earn a bonus."""
    if not is_html(headers):
        return "sri-not-implemented-response-not-html"
    if not page.scripts:
        return "sri-not-implemented-but-no-scripts-loaded"
    order = ["sri-implemented-and-all-scripts-loaded-securely",
             "sri-implemented-and-external-scripts-loaded-securely",
             "sri-implemented-but-external-scripts-not-loaded-securely",
             "sri-not-implemented-but-external-scripts-loaded-securely",
             "sri-not-implemented-and-external-scripts-not-loaded-securely",
             "sri-not-implemented-response-not-html"]
    site = urlsplit(url)
    result = None
    foreign = False

    def worse(new: str) -> str:
        return new if result is None or order.index(new) > order.index(result) else result

    for script in page.scripts:
        src = script.get("src")
        if not src:
            continue
        integrity = script.get("integrity")
        protocol_relative = src.startswith("//") and not src.startswith("///")
        absolute = src.lower().startswith(("http://", "https://"))
        relative = not protocol_relative and not absolute
        same_domain = protocol_relative or relative or (
            registrable_domain(urlsplit(src).hostname or "") == registrable_domain(
                site.hostname or ""))
        secure_origin = relative or (same_domain and not protocol_relative)
        secure_scheme = (absolute and src.lower().startswith("https://")) or (
            relative and site.scheme == "https")
        if not secure_origin:
            foreign = True
            if integrity and not secure_scheme:
                result = worse("sri-implemented-but-external-scripts-not-loaded-securely")
            elif not integrity and secure_scheme:
                result = worse("sri-not-implemented-but-external-scripts-loaded-securely")
            elif not integrity:
                result = worse("sri-not-implemented-and-external-scripts-not-loaded-securely")
        elif integrity and secure_scheme and result is None:
            result = "sri-implemented-and-all-scripts-loaded-securely"
    if result is None:
        result = ("sri-implemented-and-external-scripts-loaded-securely" if foreign
                  else "sri-not-implemented-but-all-scripts-loaded-from-secure-origin")
    return result


def x_content_type_options(headers) -> str:
    """``nosniff`` or a penalty."""
    value = headers.get("X-Content-Type-Options")
    if value is None:
        return "x-content-type-options-not-implemented"
    if value[:256].strip().lower() == "nosniff":
        return "x-content-type-options-nosniff"
    return "x-content-type-options-header-invalid"


def x_frame_options(headers, csp) -> str:
    """Framing: CSP ``frame-ancestors`` (a bonus) overrides X-Frame-Options."""
    if csp is not None and "frame-ancestors" in csp:
        return "x-frame-options-implemented-via-csp"
    value = headers.get("X-Frame-Options")
    if value is None:
        return "x-frame-options-not-implemented"
    value = value[:1024].strip().lower()
    if value in ("deny", "sameorigin"):
        return "x-frame-options-sameorigin-or-deny"
    if value.startswith("allow-from"):
        return "x-frame-options-allow-from-origin"
    return "x-frame-options-header-invalid"


def cross_origin_resource_policy(headers) -> str:
    """CORP: same-origin or same-site earn a bonus."""
    value = headers.get("Cross-Origin-Resource-Policy")
    if not value:
        return "corp-not-implemented"
    return {"same-origin": "corp-implemented-with-same-origin",
            "same-site": "corp-implemented-with-same-site",
            "cross-origin": "corp-implemented-with-cross-origin"}.get(
        value[:256].strip().lower(), "corp-header-invalid")
