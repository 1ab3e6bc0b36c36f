"""Stakeholder arguments: every quote is verbatim in its source document and sits with its speaker.

The five source documents live in ``../shared/seeds/`` beside the checkout (named in the
``file`` column of ``sources.csv``). Quotes are compared after normalising only whitespace and
typographic quote marks (‘’ → ', “” → "); nothing else (not case, not dashes, not spelling).

Attribution: a direct quote must be the speaker's own text (their own article or response) or
sit with the speaker's name in the document (see ``attribution_problem``). Readers' comments are
anonymous: each anonymous reader's quotes must come from that reader's comment, and no quote
given to a named person or organisation may come from the comments.

The checks are plain functions returning problems, so the tests at the end can feed them broken
rows and prove that they fail.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from helpers import data

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / ".." / "shared" / "seeds"

QUOTE_MARKS = "'\u2018\u2019\"\u201c\u201d"
ANONYMOUS_NAME = "reader comment (anonymous)"
COMMENTS_HEADING = "Readers' comments"
COMMENT_END = "Unsuitable or offensive? Report this comment"

# Attribution windows, in characters of the document.
# NEAR: a speaker named in the same paragraph within 600 characters before the quote (about
#   four lines of a news story) counts, whoever else is named; this covers joint attributions
#   such as "the Nuffield Trust and King's Fund said ... 'a named case manager ...'".
# TURN: otherwise the speaker must be the voice most recently named before the quote, and
#   named no more than 2,500 characters earlier. Pulse news stories name a speaker once and
#   carry on with "He said"/"He added" for several paragraphs: the longest such run in these
#   documents is Dr Geddes's in the co-commissioning story (his last quote starts about 2,000
#   characters after his name). Requiring that no other voice be named in between is what
#   makes the rule strict: a quote moved to the wrong speaker fails it.
NEAR = 600
TURN = 2500
# AFTER: a speaker named right after the quote (the closing mark, then at most a few words:
#   '," Keir Starmer stated'), in the same line, also counts.
AFTER = 20

# Names a voice goes by in the documents, where the stakeholder's own name is not enough.
# Matching is case-sensitive and on word boundaries. (The 'by 2018' story misspells
# "Government" once; the misspelling is how the document names it.)
ALIASES = {
    "department-of-health": ["Department of Health", "DH"],
    "government": ["Government", "Goverment"],
    "nhsei": ["NHS England and NHS Improvement", "NHSE/I"],
    "lmc-city": ["Local Medical Committee"],
    "patient-organisations": ["Patient organisations"],
    "dh-pilots-evaluation": ["official evaluation"],
}

# Arguments whose date differs from their document's date, and why (the README explains).
DATE_EXCEPTIONS = {
    "gerada-01": "spoke 'last year' in a 2012 article",
    "eval-01": "evaluation published 'last year' in a May 2013 story",
}


# ---------------------------------------------------------------- helpers

def quote_pattern(quote: str) -> re.Pattern:
    """A regex matching ``quote`` with any run of whitespace and any quote mark for each."""
    parts: list[str] = []
    for ch in quote:
        if ch.isspace():
            if not parts or parts[-1] != r"\s+":
                parts.append(r"\s+")
        elif ch in QUOTE_MARKS:
            parts.append("[" + re.escape(QUOTE_MARKS) + "]")
        else:
            parts.append(re.escape(ch))
    return re.compile("".join(parts))


def find_all(text: str, quote: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in quote_pattern(quote).finditer(text)]


def keys_for(stakeholder: pd.Series) -> list[str]:
    """The names that identify a voice in a document."""
    sid = stakeholder["stakeholder_id"]
    if sid in ALIASES:
        return ALIASES[sid]
    if stakeholder["kind"] == "person":
        return [stakeholder["name"].split()[-1]]  # surname
    return [re.sub(r"^the ", "", stakeholder["name"])]


def mentions(text: str, keys: list[str]) -> list[int]:
    found: list[int] = []
    for key in keys:
        found += [m.start() for m in re.finditer(r"(?<!\w)" + re.escape(key) + r"(?!\w)", text)]
    return sorted(found)


def comment_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each reader comment, in page order."""
    start = text.find(COMMENTS_HEADING)
    if start < 0:
        return []
    spans, pos = [], text.index("\n", start)
    while True:
        end = text.find(COMMENT_END, pos)
        if end < 0:
            return spans
        spans.append((pos, end))
        pos = end + len(COMMENT_END)


def own_document(stakeholder: pd.Series, source: pd.Series) -> bool:
    """True when the source is the stakeholder's own article or response."""
    if stakeholder["kind"] == "person":
        return stakeholder["name"].split()[-1] in str(source["author"] or "")
    if stakeholder["kind"] == "organisation":
        org = str(stakeholder["organisation"] or stakeholder["name"]).lower()
        return org == str(source["publisher"]).lower()
    return False


def load_texts(sources: pd.DataFrame, seeds: Path, excerpts: pd.DataFrame | None = None) -> dict[str, str]:
    """The text each quote is checked against: a seed document, or a web page's committed excerpts.

    A web page's text is its excerpts, each a paragraph after the words on the page that name its
    speaker where the paragraph does not (``speaker_line``), so the same attribution rules apply."""
    docs = sources[sources["file"].fillna("") != ""]
    texts = {row.source_id: (seeds / row.file).read_text(encoding="utf-8") for row in docs.itertuples()}
    excerpts = data.load_excerpts() if excerpts is None else excerpts
    for sid, group in excerpts.groupby("source_id", sort=False):
        assert sid not in texts, f"{sid}: a seed document needs no excerpt"
        texts[sid] = "\n\n".join((f"{r.speaker_line}\n" if r.speaker_line else "") + r.text
                                  for r in group.itertuples())
    return texts


def attribution_problem(arg, who: pd.Series, spans, text: str, others: dict[str, list[int]]) -> str | None:
    """None when some occurrence of the quote sits with its speaker, else the reason."""
    own = mentions(text, keys_for(who))
    for start, end in spans:
        para_start = text.rfind("\n\n", 0, start)
        if any(para_start < m <= start and start - m <= NEAR for m in own):
            return None
        # attribution straight after the quote, in the same sentence: '..." Keir Starmer stated.'
        if any(end <= m <= end + AFTER and "\n" not in text[end:m] for m in own):
            return None
        before = [m for m in own if m <= start and start - m <= TURN]
        if before:
            last_own = before[-1]
            interrupted = [sid for sid, ms in others.items() if any(last_own < m < start for m in ms)]
            if not interrupted:
                return None
    return (f"{arg.argument_id}: quote {arg.quote[:60]!r} is not near a mention of "
            f"{who['name']!r} ({', '.join(keys_for(who))}) and the document is not theirs")


def quote_problems(arguments: pd.DataFrame, stakeholders: pd.DataFrame, sources: pd.DataFrame,
                   seeds: Path, excerpts: pd.DataFrame | None = None) -> list[str]:
    """Every problem with the quotes in ``arguments``, each naming the argument_id."""
    texts = load_texts(sources, seeds, excerpts)
    people = stakeholders.set_index("stakeholder_id", drop=False)
    docs = sources.set_index("source_id", drop=False)
    problems: list[str] = []
    for arg in arguments.itertuples():
        if arg.speech != "direct":
            continue
        text = texts.get(arg.source_id)
        if text is None:
            problems.append(f"{arg.argument_id}: source {arg.source_id!r} has no document file and no excerpt")
            continue
        spans = find_all(text, arg.quote)
        if not spans:
            where = docs.loc[arg.source_id, "file"] or f"the excerpts of {arg.source_id}"
            problems.append(f"{arg.argument_id}: not found verbatim in {where}: {arg.quote!r}")
            continue
        who = people.loc[arg.stakeholder_id]
        comments = comment_spans(text)
        in_comment = [i for i, (s, e) in enumerate(comments, start=1)
                      if any(s <= a and b <= e for a, b in spans)]
        if who["kind"] == "anonymous":
            wanted = int(re.search(r"(\d+)$", who["stakeholder_id"]).group(1))
            if wanted not in in_comment:
                problems.append(f"{arg.argument_id}: quote is not in reader comment {wanted}: {arg.quote!r}")
            continue
        body = [(a, b) for a, b in spans if not any(s <= a < e for s, e in comments)]
        if not body:
            problems.append(f"{arg.argument_id}: quote given to {who['name']!r} comes from a reader comment")
            continue
        if own_document(who, docs.loc[arg.source_id]):
            continue
        speakers = arguments.loc[arguments["source_id"] == arg.source_id, "stakeholder_id"].unique()
        others = {sid: mentions(text, keys_for(people.loc[sid])) for sid in speakers
                  if sid != arg.stakeholder_id and people.loc[sid, "kind"] != "anonymous"}
        problem = attribution_problem(arg, who, body, text, others)
        if problem:
            problems.append(problem)
    return problems


# ---------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"the source documents are not beside this checkout ({SEEDS.resolve()} is absent)")
    return SEEDS


@pytest.fixture(scope="module")
def tables():
    data.clear_cache()
    return data.load_sources(), data.load_stakeholders(), data.load_themes(), data.load_arguments(), \
        data.load_positions()


# ---------------------------------------------------------------- the quotes

def test_every_quote_is_verbatim_and_attributed(tables, seeds):
    sources, stakeholders, _, arguments, _ = tables
    problems = quote_problems(arguments, stakeholders, sources, seeds)
    assert problems == [], "\n".join(problems)


def test_quotes_are_short(tables):
    *_, arguments, _ = tables
    long = [(a.argument_id, len(a.quote)) for a in arguments.itertuples() if len(a.quote) > 320]
    assert long == [], f"quotes longer than 320 characters (keep them to a sentence or two): {long}"


def test_stances_are_our_own_words(tables, seeds):
    """No stance repeats eight or more consecutive words of its document."""
    sources, _, _, arguments, _ = tables
    texts = load_texts(sources, seeds)

    def words(s: str) -> list[str]:
        s = s.translate(str.maketrans({c: "'" for c in "\u2018\u2019"}))
        return re.findall(r"[a-z0-9']+", s.lower())

    copied = []
    for a in arguments.itertuples():
        doc = " " + " ".join(words(texts[a.source_id])) + " "
        w = words(a.stance)
        for i in range(len(w) - 7):
            if " " + " ".join(w[i:i + 8]) + " " in doc:
                copied.append((a.argument_id, " ".join(w[i:i + 8])))
                break
    assert copied == [], f"stances copying the document's wording: {copied}"


def test_consultation_questions_are_worded_as_the_source_gives_them(tables, seeds):
    sources, _, themes, _, _ = tables
    texts = load_texts(sources, seeds)
    consult = themes[themes["origin"] == "nhse_consultation_2020"]
    assert len(consult) == 4
    for t in consult.itertuples():
        assert find_all(texts[t.source_id], t.question), f"{t.theme_id}: wording not in {t.source_id}"


# ---------------------------------------------------------------- coverage and consistency

def test_enough_arguments_covering_every_voice_and_document(tables):
    sources, stakeholders, themes, arguments, _ = tables
    assert len(arguments) >= 40
    silent = set(stakeholders["stakeholder_id"]) - set(arguments["stakeholder_id"])
    assert not silent, f"stakeholders with no argument: {sorted(silent)}"
    docs = set(sources.loc[sources["kind"] == "source_document", "source_id"])
    missing = docs - set(arguments["source_id"])
    assert not missing, f"source documents with no argument: {sorted(missing)}"
    unused = set(themes["theme_id"]) - set(arguments["theme_id"])
    assert not unused, f"themes no argument answers: {sorted(unused)}"


def test_stakeholder_sources_match_their_arguments(tables):
    _, stakeholders, _, arguments, _ = tables
    for s in stakeholders.itertuples():
        used = set(arguments.loc[arguments["stakeholder_id"] == s.stakeholder_id, "source_id"])
        assert set(s.source_ids) == used, f"{s.stakeholder_id}: source_ids {s.source_ids} but argues in {used}"


def test_reported_claims_have_no_quote_and_direct_ones_do(tables):
    *_, arguments, _ = tables
    bad = arguments[(arguments["speech"] == "reported") & (arguments["quote"] != "")]
    assert bad.empty, list(bad["argument_id"])
    bad = arguments[(arguments["speech"] == "direct") & (arguments["quote"] == "")]
    assert bad.empty, list(bad["argument_id"])


def test_readers_are_anonymous_one_per_comment(tables, seeds):
    sources, stakeholders, _, arguments, _ = tables
    anon = stakeholders[stakeholders["kind"] == "anonymous"]
    assert (anon["name"] == ANONYMOUS_NAME).all(), "anonymous readers must be named only 'reader comment (anonymous)'"
    assert (stakeholders.loc[stakeholders["kind"] != "anonymous", "name"] != ANONYMOUS_NAME).all()
    texts = load_texts(sources, seeds)
    with_comments = {sid: len(comment_spans(t)) for sid, t in texts.items() if comment_spans(t)}
    assert sum(with_comments.values()) == len(anon), (with_comments, list(anon["stakeholder_id"]))
    for a in arguments[arguments["stakeholder_id"].isin(anon["stakeholder_id"])].itertuples():
        assert a.speech == "direct" and a.source_id in with_comments, a.argument_id


def test_argument_dates_follow_their_documents(tables):
    sources, _, _, arguments, _ = tables
    docs = sources.set_index("source_id")
    anon = set(data.load_stakeholders().query("kind == 'anonymous'")["stakeholder_id"])
    for a in arguments.itertuples():
        doc_date, doc_prec = docs.loc[a.source_id, "date"], docs.loc[a.source_id, "date_precision"]
        if a.argument_id in DATE_EXCEPTIONS:
            assert a.date < doc_date[:4] or a.date[:4] < doc_date[:4], a.argument_id
            assert a.date_precision == "year", a.argument_id
        elif a.stakeholder_id in anon:
            # undated comments: on or after the story, up to when it was read
            assert a.date_precision == "range" and a.date.split("/")[0] == doc_date, a.argument_id
        else:
            assert (a.date, a.date_precision) == (doc_date, doc_prec), a.argument_id


def test_positions_rest_on_the_voices_own_arguments(tables):
    _, stakeholders, _, arguments, positions = tables
    by_id = arguments.set_index("argument_id")
    known = set(by_id.index)
    for p in positions.itertuples():
        cited = set(re.findall(r"[a-z0-9]+-[a-z0-9-]+", p.justification_x + " " + p.justification_y)) & known
        assert cited, f"{p.stakeholder_id}: justifications cite no argument_id"
        assert cited == set(p.argument_ids), f"{p.stakeholder_id}: argument_ids {p.argument_ids} vs cited {cited}"
        for aid in p.argument_ids:
            assert by_id.loc[aid, "stakeholder_id"] == p.stakeholder_id, f"{p.stakeholder_id}: {aid} is not theirs"
        assert set(by_id.loc[list(p.argument_ids), "source_id"]) == {p.source_id}, p.stakeholder_id
        assert -2 <= p.x <= 2 and -2 <= p.y <= 2


def test_position_axes_are_named():
    assert set(data.POSITION_AXES) == {"x", "y"}
    assert "practice/place (-2)" in data.POSITION_AXES["x"]
    assert "collaboration (-2)" in data.POSITION_AXES["y"]


# ---------------------------------------------------------------- the checks can fail

def _about(argument_id: str, problems: list[str]) -> list[str]:
    return [p for p in problems if p.startswith(argument_id + ":")]


def _broken(arguments: pd.DataFrame, argument_id: str, **changes) -> pd.DataFrame:
    broken = arguments.copy()
    row = broken.index[broken["argument_id"] == argument_id][0]
    for column, value in changes.items():
        broken.loc[row, column] = value
    return broken


def test_a_changed_quote_is_caught(tables, seeds):
    sources, stakeholders, _, arguments, _ = tables
    broken = _broken(arguments, "vautrey-01",
                     quote="There is already a great deal of flexibility in the contract")
    problems = _about("vautrey-01", quote_problems(broken, stakeholders, sources, seeds))
    assert len(problems) == 1
    assert problems[0].startswith("vautrey-01: not found verbatim")
    assert "a great deal of flexibility" in problems[0]


def test_whitespace_and_typographic_quotes_are_forgiven(tables, seeds):
    sources, stakeholders, _, arguments, _ = tables
    broken = _broken(arguments, "lamb-01",
                     quote="People  don\u2019t want health care or\nsocial care, they just want the best care.")
    assert _about("lamb-01", quote_problems(broken, stakeholders, sources, seeds)) == []


def test_a_quote_moved_to_another_speaker_is_caught(tables, seeds):
    sources, stakeholders, _, arguments, _ = tables
    broken = _broken(arguments, "vautrey-04", stakeholder_id="james-kingsland")
    problems = _about("vautrey-04", quote_problems(broken, stakeholders, sources, seeds))
    assert len(problems) == 1 and "Kingsland" in problems[0]


def test_a_reader_comment_given_to_a_named_person_is_caught(tables, seeds):
    sources, stakeholders, _, arguments, _ = tables
    broken = _broken(arguments, "reader4-01", stakeholder_id="norman-lamb")
    problems = _about("reader4-01", quote_problems(broken, stakeholders, sources, seeds))
    assert problems == ["reader4-01: quote given to 'Norman Lamb' comes from a reader comment"]


def test_a_comment_given_to_the_wrong_reader_is_caught(tables, seeds):
    sources, stakeholders, _, arguments, _ = tables
    broken = _broken(arguments, "reader3-01", stakeholder_id="reader-comment-2")
    problems = _about("reader3-01", quote_problems(broken, stakeholders, sources, seeds))
    assert len(problems) == 1 and problems[0].startswith("reader3-01: quote is not in reader comment 2")


def test_a_changed_web_quote_is_caught(tables, seeds):
    sources, stakeholders, _, arguments, _ = tables
    broken = _broken(arguments, "bma-2025-01", quote="we therefore agree that these contractual changes are safe")
    problems = _about("bma-2025-01", quote_problems(broken, stakeholders, sources, seeds))
    assert len(problems) == 1 and "not found verbatim in the excerpts of bma-dispute-2025-10-02" in problems[0]


def test_a_web_quote_moved_to_another_speaker_is_caught(tables, seeds):
    sources, stakeholders, _, arguments, _ = tables
    broken = _broken(arguments, "bramall-2026-01", stakeholder_id="wes-streeting")
    problems = _about("bramall-2026-01", quote_problems(broken, stakeholders, sources, seeds))
    assert len(problems) == 1 and "Streeting" in problems[0]


def test_a_web_quote_without_its_excerpt_is_caught(tables, seeds):
    sources, stakeholders, _, arguments, _ = tables
    excerpts = data.load_excerpts()
    problems = quote_problems(arguments, stakeholders, sources, seeds,
                              excerpts[excerpts["source_id"] != "pulse-doyle-contract-2025"])
    assert {p.split(":")[0] for p in problems} == {"doyle-01", "doyle-02"}
    assert all("no document file and no excerpt" in p for p in problems)


def test_every_quote_from_2022_on_comes_from_a_committed_excerpt(tables):
    sources, _, _, arguments, _ = tables
    excerpts = data.load_excerpts()
    files = sources.set_index("source_id")["file"]
    web = arguments[arguments["source_id"].map(lambda s: not files[s])]
    assert len(web) >= 30, f"only {len(web)} arguments from web pages"
    assert set(web["source_id"]) <= set(excerpts["source_id"])
    assert (web["date"].str[:4] >= "2022").all(), list(web.loc[web["date"].str[:4] < "2022", "argument_id"])
    assert (excerpts["read_on"] <= "2026-12-31").all() and (excerpts["read_on"] >= "2026-01-01").all()


def test_the_loader_rejects_a_reported_claim_with_a_quote(data_copy):
    path = data_copy / "arguments.csv"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    i = next(n for n, line in enumerate(lines) if line.startswith("kingsland-01,"))
    lines[i] = lines[i].replace(",,reported,", ",Some words,reported,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data.clear_cache()
    from helpers.data.schema import DataError
    with pytest.raises(DataError, match="reported claim is not a quote"):
        data.load_arguments(data_copy)
    data.clear_cache()
