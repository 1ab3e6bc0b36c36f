"""The stakeholder-argument widgets, driven from Python (no browser).

Most tests use a small synthetic data folder (tmp_path) whose text fields carry a hostile
string; a few check the widgets against the committed data.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest

from helpers import arguments as A
from helpers import data as D
from helpers import style
from helpers.display import plot_text
from helpers.plot_in_place import MIME

from .in_place import sent_figure

HOSTILE = "<script>alert(1)</script> & \" '"
HOSTILE_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot; &#x27;"
TODAY = dt.date(2026, 11, 22)

ARG_BLOCK = re.compile(r'<div class="juc-arg" data-argument="([^"]+)" data-speech="([^"]+)">(.*?)</div>', re.S)
ROW_BLOCK = re.compile(r'<tr data-argument="([^"]+)" data-speech="([^"]+)">(.*?)</tr>', re.S)
VOICE_CARD = re.compile(r'<div class="juc-card" data-voice="([^"]+)"')


# --------------------------------------------------------------------------
# A synthetic data folder
# --------------------------------------------------------------------------

def _write(folder: Path, name: str, rows: list[dict]) -> None:
    table = D.TABLES[name]
    with open(folder / table.file, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=table.column_names)
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in table.column_names})


def _src(sid, title, date, precision, url=""):
    return {"source_id": sid, "title": title, "publisher": "Pulse", "date": date,
            "date_precision": precision, "url": url, "kind": "source_document", "file": f"{sid}.txt"}


def _arg(aid, sid, tid, stance, quote, speech, source, date, precision):
    return {"argument_id": aid, "stakeholder_id": sid, "theme_id": tid, "stance": stance,
            "quote": quote, "speech": speech, "source_id": source, "date": date,
            "date_precision": precision}


def make_data(folder: Path, eras: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    _write(folder, "sources", [
        _src("s-a", f"Article {HOSTILE}", "2013-05", "month", f'https://example.org/a?x=<script>&y="1"'),
        _src("s-b", "A response", "2020-11-26/2021-01-08", "range"),
    ])
    if eras:
        common = {"gp_commissioner": "x", "community_commissioner": "y", "source_ids": "s-a"}
        _write(folder, "eras", [
            {"era_id": "pcgs_pcts", "label": "PCTs", "start": "1999-04-01", "start_precision": "day",
             "end": "2013-03-31", "end_precision": "day", **common},
            {"era_id": "ccgs", "label": "CCGs", "start": "2013-04-01", "start_precision": "day",
             "end": "2022-06-30", "end_precision": "day", **common},
            {"era_id": "icss", "label": "ICSs", "start": "2022-07-01", "start_precision": "day", **common},
        ])
    _write(folder, "stakeholders", [
        {"stakeholder_id": "v-hostile", "name": f"Dr {HOSTILE}", "role": f"Role {HOSTILE}",
         "organisation": f"Org {HOSTILE}", "group": "commissioners", "kind": "person", "source_ids": "s-a"},
        {"stakeholder_id": "v-lmc", "name": "a Local Medical Committee", "role": "", "organisation": "",
         "group": "gp_representatives", "kind": "organisation", "source_ids": "s-b"},
        {"stakeholder_id": "v-nat", "name": "National body", "role": "", "organisation": "",
         "group": "national_bodies", "kind": "organisation", "source_ids": "s-a;s-b"},
        {"stakeholder_id": "v-anon", "name": "reader comment (anonymous)", "role": "", "organisation": "",
         "group": "frontline_gps", "kind": "anonymous", "source_ids": "s-a"},
        {"stakeholder_id": "v-silent", "name": "Silent", "role": "", "organisation": "",
         "group": "government", "kind": "organisation", "source_ids": "s-a"},
    ])
    _write(folder, "themes", [
        {"theme_id": "t1", "label": f"Theme {HOSTILE}", "question": f"Question {HOSTILE}?", "origin": "debate"},
        {"theme_id": "t2", "label": "Second", "question": "Second question?", "origin": "debate"},
        {"theme_id": "t3", "label": "Third", "question": "Third question?", "origin": "debate"},
        {"theme_id": "q1", "label": "Consultation Q1", "question": f"Do you agree {HOSTILE}?",
         "origin": "nhse_consultation_2020", "source_id": "s-b"},
        {"theme_id": "q2", "label": "Consultation Q2", "question": "Do you agree with option 2?",
         "origin": "nhse_consultation_2020", "source_id": "s-b"},
    ])
    _write(folder, "arguments", [
        _arg("a1", "v-hostile", "t1", f"Stance {HOSTILE}", f"Quote {HOSTILE}", "direct", "s-a", "2013", "year"),
        _arg("a2", "v-lmc", "t1", "LMC on t1", "We say t1.", "direct", "s-b", "2020-11-26/2021-01-08", "range"),
        _arg("a3", "v-nat", "t1", f"Reported {HOSTILE}", "", "reported", "s-a", "2013-05", "month"),
        _arg("a4", "v-lmc", "t2", "LMC on t2", "We say t2.", "direct", "s-b", "2020-11-26/2021-01-08", "range"),
        _arg("a5", "v-nat", "t3", "National on t3", "", "reported", "s-b", "2020-11-26/2021-01-08", "range"),
        _arg("a6", "v-hostile", "t2", "Hostile voice on t2, reported", "", "reported", "s-a", "2013", "year"),
        _arg("a7", "v-lmc", "q1", "Answers no", "No.", "direct", "s-b", "2020-11-26/2021-01-08", "range"),
        _arg("a8", "v-nat", "q1", "Proposed it", "", "reported", "s-b", "2020-11-26/2021-01-08", "range"),
        _arg("a9", "v-anon", "t3", "Reader on t3", "Readers say t3.", "direct", "s-a", "2013-05/2026", "range"),
        _arg("a10", "v-hostile", "t3", "Hostile on t3", "Words on t3.", "direct", "s-a", "2013", "year"),
    ])
    _write(folder, "positions", [
        {"stakeholder_id": "v-hostile", "x": "-1", "y": "1", "justification_x": f"Because {HOSTILE} (a1)",
         "justification_y": "Joins up (a6)", "argument_ids": "a1;a6", "source_id": "s-a"},
        {"stakeholder_id": "v-lmc", "x": "-2", "y": "-2", "justification_x": "Local (a2)",
         "justification_y": "Collaborate (a4)", "argument_ids": "a2;a4", "source_id": "s-b"},
        {"stakeholder_id": "v-nat", "x": "1", "y": "1", "justification_x": "Central (a5)",
         "justification_y": "Integrate (a8)", "argument_ids": "a5;a8", "source_id": "s-b"},
        {"stakeholder_id": "v-anon", "x": "1", "y": "1", "justification_x": "Same spot (a9)",
         "justification_y": "Same spot (a9)", "argument_ids": "a9", "source_id": "s-a"},
    ])
    return folder


@pytest.fixture
def synth(tmp_path):
    D.clear_cache()
    folder = make_data(tmp_path / "data")
    yield folder
    D.clear_cache()


@pytest.fixture(autouse=True)
def _log_folder_in_tmp(tmp_path, monkeypatch):
    """The learning log (and its drafts) defaults to ``learning-log/`` in the current folder:
    keep every test's widgets writing under tmp_path, and out of the Binder-style warning."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for name in ("BINDER_LAUNCH_HOST", "BINDER_REPO_URL", "BINDER_REQUEST", "JUPYTERHUB_USER"):
        monkeypatch.delenv(name, raising=False)


def _no_raw_hostile(html: str) -> None:
    assert "<script>alert(1)" not in html
    assert "<script" not in html.replace("&lt;script", "")


# --------------------------------------------------------------------------
# Dates and eras
# --------------------------------------------------------------------------

def test_dates_are_never_more_precise_than_their_precision():
    assert A.format_date("2013", "year") == "2013"
    assert A.format_date("2013-05", "month") == "May 2013"
    assert A.format_date("2020-11-26", "day") == "26 November 2020"
    assert A.format_date("2020-11-26/2021-01-08", "range") == \
        "some time between 26 November 2020 and 8 January 2021"
    assert A.format_date("2013-05/2026", "range") == "some time between May 2013 and 2026"
    assert A.date_window("2012-02", "month") == (dt.date(2012, 2, 1), dt.date(2012, 2, 29))
    # a year is placed by its middle, a window by its start
    assert A.date_anchor("2013", "year") == dt.date(2013, 7, 2)
    assert A.date_anchor("2013-05/2026", "range") == dt.date(2013, 5, 1)


# --------------------------------------------------------------------------
# Explorer
# --------------------------------------------------------------------------

def test_choose_a_theme_shows_every_voice_on_it(synth):
    ex = A.ArgumentExplorer(data_dir=synth)
    ex.theme.value = "t1"
    html = ex.output.value
    assert set(VOICE_CARD.findall(html)) == {"v-hostile", "v-lmc", "v-nat"}
    assert {m[0] for m in ARG_BLOCK.findall(html)} == {"a1", "a2", "a3"}
    # who, role, date at its precision, stance, source with its link
    assert f"Role {HOSTILE_ESCAPED}" in html
    assert "Date: 2013<" in html and "Date: May 2013<" in html
    assert "some time between 26 November 2020 and 8 January 2021" in html
    assert '<a href="https://example.org/a?x=&lt;script&gt;&amp;y=&quot;1&quot;"' in html
    assert "A response (no public address)" in html
    assert "3 arguments from 3 voices" in html


def test_choose_a_voice_shows_all_its_arguments(synth):
    ex = A.ArgumentExplorer(data_dir=synth)
    ex.theme.value = A.ALL
    ex.voice.value = "v-lmc"
    assert {m[0] for m in ARG_BLOCK.findall(ex.output.value)} == {"a2", "a4", "a7"}
    ex.voice.value = "v-hostile"
    assert {m[0] for m in ARG_BLOCK.findall(ex.output.value)} == {"a1", "a6", "a10"}
    # a voice and a theme together narrow to that voice on that theme
    ex.theme.value = "t2"
    assert [m[0] for m in ARG_BLOCK.findall(ex.output.value)] == ["a6"]


def test_era_and_group_filters(synth):
    ex = A.ArgumentExplorer(theme=A.ALL, data_dir=synth)
    ex.period.value = "ccgs"
    # the 2013 (year) arguments sit mid-2013 and the reader comment at May 2013: CCG era
    assert {m[0] for m in ARG_BLOCK.findall(ex.output.value)} == {f"a{i}" for i in range(1, 11)}
    ex.period.value = "pcgs_pcts"
    assert "No voice in the source documents speaks to PCTs (1999–2013)" in ex.output.value
    assert "written between 2013 and 2021" in ex.output.value
    ex.period.value = "ccgs"
    ex.group.value = "national_bodies"
    assert {m[0] for m in ARG_BLOCK.findall(ex.output.value)} == {"a3", "a5", "a8"}
    ex.theme.value = "t2"  # the national body says nothing on t2: a clear message, not a blank
    out = ex.output.value
    assert "No argument in the sources matches this choice" in out
    assert "group: National bodies" in out and "Choose &#x27;All&#x27;" in out
    assert ex.rows() == []


def test_preset_era_and_year_window_with_one_call(synth):
    ex = A.ArgumentExplorer(years=(2020, 2026), data_dir=synth)
    assert ex.period.value == "years-2020-2026" and ex.theme.value == A.ALL
    assert {a["argument_id"] for a in ex.rows()} == {"a2", "a4", "a5", "a7", "a8"}
    ex = A.ArgumentExplorer(era="icss", data_dir=synth)
    assert ex.rows() == []
    assert "No voice in the source documents speaks to ICSs (2022 onwards)" in ex.output.value
    assert A.era_summary(era="icss", data_dir=synth).startswith("No voice in the source documents")
    assert A.era_summary(years=(2013, 2013), data_dir=synth) == \
        "2013: 5 arguments from 3 voices (3 direct quotes, 2 reported by the article)."
    with pytest.raises(ValueError, match="unknown era 'nope'"):
        A.ArgumentExplorer(era="nope", data_dir=synth)


def test_without_an_eras_table_the_filter_uses_years(synth):
    (synth / "eras.csv").unlink()
    D.clear_cache()
    ex = A.ArgumentExplorer(era="years-2013-2013", data_dir=synth)
    assert ex.period.description == "Year:"
    assert [label for label, _ in ex.period.options] == ["All years", "2013", "2020"]
    assert {a["argument_id"] for a in ex.rows()} == {"a1", "a3", "a6", "a9", "a10"}


def test_reported_claims_are_never_rendered_as_quotes(synth):
    ex = A.ArgumentExplorer(theme=A.ALL, data_dir=synth)
    blocks = ARG_BLOCK.findall(ex.output.value)
    assert len(blocks) == 10
    for aid, speech, body in blocks:
        if speech == "reported":
            assert "<blockquote" not in body and "“" not in body and "Direct quote" not in body
            assert "Reported by the article, not a direct quote." in body
        else:
            assert '<blockquote class="juc-quote"><span class="juc-label">Direct quote: </span>“' in body
    rows = ROW_BLOCK.findall(A.theme_table_html("t1", data_dir=synth))
    assert {r[1] for r in rows} == {"direct", "reported"}
    for _, speech, body in rows:
        if speech == "reported":
            assert "<blockquote" not in body and "“" not in body


# --------------------------------------------------------------------------
# Compare
# --------------------------------------------------------------------------

def test_compare_two_voices(synth):
    c = A.VoiceComparison("v-lmc", "v-nat", data_dir=synth)
    assert c.compare() == {"shared": ["t1", "q1"], "only_a": ["t2"], "only_b": ["t3"]}
    html = c.output.value
    # one fold per shared question, in theme order; only the first is open, each opens by its summary
    folds = re.findall(r'<details class="juc-fold" data-theme="([^"]+)"( open)?><summary>', html)
    assert folds == [("t1", " open"), ("q1", "")]
    assert re.findall(r'<table class="juc-table juc-shared" data-theme="([^"]+)">', html) == ["t1", "q1"]
    # the themes only one voice addresses are folded too, each under a line that counts them
    assert re.findall(r'<details class="juc-fold" data-only="([^"]+)"><summary><strong>Only [^<]+</strong>: '
                      r'(\d) question', html) == [("v-lmc", "1"), ("v-nat", "1")]
    assert "2 question(s) both address; 1 only a Local Medical Committee addresses" in html
    c.b.value = "v-hostile"
    assert c.compare() == {"shared": ["t1", "t2"], "only_a": ["q1"], "only_b": ["t3"]}
    assert HOSTILE_ESCAPED in c.output.value
    c.b.value = "v-lmc"
    assert "Choose two different voices" in c.output.value


def test_compare_against_the_committed_data():
    D.clear_cache()
    args = D.load_arguments()
    c = A.VoiceComparison("lmc-city", "hugh-reeve")
    ta = set(args[args.stakeholder_id == "lmc-city"].theme_id)
    tb = set(args[args.stakeholder_id == "hugh-reeve"].theme_id)
    got = c.compare()
    assert set(got["shared"]) == ta & tb
    assert set(got["only_a"]) == ta - tb and set(got["only_b"]) == tb - ta


# --------------------------------------------------------------------------
# Position map
# --------------------------------------------------------------------------

def test_position_map_hover_filter_and_style(synth):
    m = A.PositionMap(data_dir=synth)
    fig = m.figure
    assert style.check_figure(fig) == []
    assert fig.layout.xaxis.title.text.startswith("Where decisions should sit")
    assert fig.layout.yaxis.title.text.startswith("How services should join up")
    hovers = [h for t in fig.data for h in t.hovertext]
    # plotly shows &quot; literally, so hover and label text use the numeric entity for '"'
    assert plot_text(HOSTILE) == "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34; &#x27;"
    assert any(f"Because {plot_text(HOSTILE)} (a1)" in h for h in hovers)
    assert all("<script" not in h for h in hovers)
    assert all("<script" not in label for t in fig.data for label in t.text)
    # two voices share (1, 1): spread apart, deterministically
    pts = {t.customdata[i]: (t.x[i], t.y[i]) for t in fig.data for i in range(len(t.x))}
    assert pts["v-nat"] != pts["v-anon"]
    assert A.PositionMap(data_dir=synth).figure.data[0].x == fig.data[0].x
    assert "4 voices placed" in m.summary.value
    shown = m.out.outputs[0]["data"]["application/vnd.plotly.v1+json"]["data"]
    assert [t.get("visible") for t in shown] == [True] * len(fig.data)
    m.group.value = "national_bodies"
    assert m.figure is fig
    assert m.visible_voices() == ["v-nat"]
    # the plot drawn first is changed in place (Plotly.react) to show only that group
    drawn = m.out.outputs
    assert len(drawn) == 1 and [t.get("visible") for t in drawn[0]["data"][MIME]["data"]] == [True] * len(fig.data)
    shown = sent_figure(m.plot)["data"]
    assert [t["name"] for t in shown if t.get("visible")] == ["National bodies"]
    assert "1 voice (National bodies) placed" in m.summary.value
    m.set_group(A.ALL)
    assert m.figure is fig and sorted(m.visible_voices()) == ["v-anon", "v-hostile", "v-lmc", "v-nat"]


def test_position_map_with_the_committed_data():
    D.clear_cache()
    positions = D.load_positions()
    m = A.PositionMap()
    assert style.check_figure(m.figure) == []
    hovers = {t.customdata[i]: t.hovertext[i] for t in m.figure.data for i in range(len(t.x))}
    assert set(hovers) == set(positions.stakeholder_id)
    for row in positions.itertuples():
        plain = re.sub(r"<br>", " ", hovers[row.stakeholder_id])
        first_words = " ".join(row.justification_x.split()[:4])
        assert A.esc(first_words) in plain


# --------------------------------------------------------------------------
# Where do you stand
# --------------------------------------------------------------------------

def test_where_do_you_stand_compares_and_saves(synth, tmp_path):
    w = A.WhereDoYouStand(data_dir=synth, today=TODAY)
    assert [q["theme_id"] for q in w.questions] == ["q1", "q2"] and w.is_consultation
    w.answer("q1", "Disagree", comment=f"Too far {HOSTILE}")
    w.place(-2, -1.5)
    html = w.result.value
    q1 = re.search(r'<section data-theme="q1">(.*?)</section>', html, re.S).group(1)
    assert "<strong>You:</strong> Disagree" in q1
    # the LMC's answer comes first, then the other voices on the question
    assert VOICE_CARD.findall(q1) == ["v-lmc", "v-nat"]
    assert "“No.”" in q1
    assert "No voice in the sources answers this question." in html  # q2
    assert [p["stakeholder_id"] for p, _ in w.nearest()] == ["v-lmc", "v-hostile", "v-anon"]
    _no_raw_hostile(html)

    w.read.value = "Read the LMC response."
    w.think.value = f"I think {HOSTILE}"
    w.will.value = "Ask my trainer."
    folder = tmp_path / "log" / "nested"
    first = w.save(folder)
    assert first == folder / "2026-11-22-where-i-stand-stakeholder-arguments.md"
    text = first.read_text(encoding="utf-8")
    assert "- My answer: Disagree" in text and "- My answer: Not answered" in text
    assert "> “No.”" in text and "**a Local Medical Committee**" in text
    assert "Reported by the article, not a direct quote." in text
    assert "### What I read\n\nRead the LMC response." in text
    assert "### What I will do\n\nAsk my trainer." in text
    # Markdown text, not HTML entities: the characters are backslash-escaped, shown as typed
    assert "I think \\<script\\>alert(1)\\</script\\> \\& \" '" in text
    assert "&lt;" not in text and "&amp;" not in text and not re.search(r"(?<!\\)<script", text)
    assert "## Sources cited" in text and "[s-b]" in text and "https://example.org/a" in text
    assert "(-2, -1.5)" not in text and "+-2" not in text
    # never overwrites: a second save gets a suffix and leaves the first untouched
    w.will.value = "Something else."
    second = w.save(folder)
    assert second.name == "2026-11-22-where-i-stand-stakeholder-arguments-2.md"
    assert first.read_text(encoding="utf-8") == text
    assert w.save(folder).name.endswith("-3.md")


def test_save_button_uses_the_folder_field_and_expands_home(synth, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    w = A.WhereDoYouStand(data_dir=synth, today=TODAY)
    assert w.folder.value == "learning-log"  # beside the notebooks: the current folder
    assert f"<code>{tmp_path / 'learning-log'}</code>" in w.status.value
    w.save_button.click()
    saved = tmp_path / "learning-log" / "2026-11-22-where-i-stand-stakeholder-arguments.md"
    assert saved.exists()
    assert "Saved and checked" in w.status.value and "Nothing was sent anywhere" in w.status.value
    assert f"<code>{saved}</code>" in w.status.value
    w.folder.value = "~/learning-log"
    w.save_button.click()
    assert (tmp_path / "home" / "learning-log" / saved.name).exists()
    (tmp_path / "blocker").write_text("a file, not a folder")
    w.folder.value = str(tmp_path / "blocker")
    w.save_button.click()
    assert "Not saved" in w.status.value


def test_where_do_you_stand_with_the_committed_data(tmp_path):
    D.clear_cache()
    themes = D.load_themes()
    consultation = list(themes[themes.origin == "nhse_consultation_2020"].theme_id)
    w = A.WhereDoYouStand(today=TODAY)
    assert [q["theme_id"] for q in w.questions] == consultation
    if consultation:
        assert len(consultation) == 4
        first = re.search(rf'<section data-theme="{consultation[0]}">(.*?)</section>', w.result.value, re.S).group(1)
        assert VOICE_CARD.findall(first)[0] == "lmc-city"
    text = w.save(tmp_path).read_text(encoding="utf-8")
    assert "## Reflection" in text


def test_fallback_questions_without_consultation_themes(synth):
    rows = list(csv.DictReader(open(synth / "themes.csv", encoding="utf-8")))
    for r in rows:
        r["origin"], r["source_id"] = "debate", ""
    _write(synth, "themes", rows)
    D.clear_cache()
    w = A.WhereDoYouStand(data_dir=synth, today=TODAY)
    assert not w.is_consultation
    assert [q["theme_id"] for q in w.questions] == ["t1", "t2", "t3", "q1"]
    assert "My answers to questions from the debate" in w.markdown()


# --------------------------------------------------------------------------
# Hostile text everywhere; the committed data end to end
# --------------------------------------------------------------------------

def test_hostile_strings_render_as_text_in_every_widget(synth):
    ex = A.ArgumentExplorer(theme=A.ALL, data_dir=synth)
    ex.voice.value = "v-hostile"
    c = A.VoiceComparison("v-hostile", "v-nat", data_dir=synth)
    w = A.WhereDoYouStand(data_dir=synth, today=TODAY)
    outputs = {
        "explorer": ex.output.value, "compare": c.output.value, "stand": w.result.value,
        "theme table": A.theme_table_html("t1", data_dir=synth),
        "voices table": A.voices_table_html(data_dir=synth),
        "question labels": "".join(x.value for x in w.widget.children if hasattr(x, "value") and isinstance(x.value, str)),
    }
    for name, html in outputs.items():
        _no_raw_hostile(html)
    for name in ("explorer", "compare", "theme table", "voices table"):
        assert HOSTILE_ESCAPED in outputs[name], name
    question_html = [x for box in w.widget.children if hasattr(box, "children") for x in box.children
                     if hasattr(x, "value") and isinstance(x.value, str) and "Do you agree" in x.value]
    assert question_html and HOSTILE_ESCAPED in question_html[0].value


def test_committed_data_every_theme_shows_every_voice_and_every_voice_all_arguments():
    D.clear_cache()
    args = D.load_arguments()
    ex = A.ArgumentExplorer()
    for tid in D.load_themes().theme_id:
        ex.theme.value = tid
        want = set(args[args.theme_id == tid].stakeholder_id)
        assert set(VOICE_CARD.findall(ex.output.value)) == want, tid
    ex.theme.value = A.ALL
    for sid in set(args.stakeholder_id):
        ex.voice.value = sid
        want = set(args[args.stakeholder_id == sid].argument_id)
        assert {m[0] for m in ARG_BLOCK.findall(ex.output.value)} == want, sid
    ex.voice.value = A.ALL
    speech = dict(zip(args.argument_id, args.speech))
    for aid, shown, body in ARG_BLOCK.findall(ex.output.value):
        assert shown == speech[aid]
        if shown == "reported":
            assert "<blockquote" not in body and "“" not in body
    ex.period.value = "before_1991"
    assert "No voice in the source documents speaks to" in ex.output.value


def test_limits_are_counted_from_the_data(synth):
    lines = A.limits_lines(data_dir=synth)
    assert lines[0] == "Documents: 2 (2 from Pulse), written 2013 to 2021."
    assert lines[1] == "Voices: 4 (1 named person, 2 organisations speaking as such, 1 anonymous reader comment)."
    assert lines[2] == "Arguments: 10 on 4 of 5 questions (6 direct quotes, 4 reported by the article)."
    assert lines[4] == "Questions only one voice addresses: none."
    assert A.cited_source_ids(data_dir=synth) == ["s-a", "s-b"]


def test_point_labels_are_short_and_escaped():
    assert A.point_label("a Local Medical Committee (city, not named)") == "a Local Medical<br>Committee"
    assert A.point_label("Dr Hugh Reeve") == "Dr Hugh Reeve"
    label = A.point_label(f"Dr {HOSTILE}")
    assert "<script" not in label and label.count("<br>") <= 1


def test_voices_quotes_and_consultation_tables(synth):
    html = A.quotes_html(["a1", "a7"], data_dir=synth)
    assert [m[0] for m in ARG_BLOCK.findall(html)] == ["a1", "a7"]
    assert f"Quote {HOSTILE_ESCAPED}" in html
    _no_raw_hostile(html)
    with pytest.raises(ValueError, match="reported claim"):
        A.quotes_html(["a3"], data_dir=synth)
    with pytest.raises(KeyError, match="nope"):
        A.quotes_html(["nope"], data_dir=synth)
    table = A.consultation_table_html(data_dir=synth)
    assert {r[0] for r in ROW_BLOCK.findall(table)} == {"a7", "a8"}
    assert f"Do you agree {HOSTILE_ESCAPED}?" in table
    voices = A.voices_table_html(data_dir=synth)
    assert re.findall(r'<tr data-voice="([^"]+)">', voices) == ["v-lmc", "v-hostile", "v-nat", "v-anon"]


def test_without_positions_the_map_and_comparison_say_so(synth):
    (synth / "positions.csv").unlink()
    D.clear_cache()
    m = A.PositionMap(data_dir=synth)
    assert len(m.figure.data) == 0 and "No voices are placed on the map." in m.summary.value
    w = A.WhereDoYouStand(data_dir=synth, today=TODAY)
    assert w.nearest() == [] and "No voice is placed on the map yet." in w.result.value
    assert "The voices nearest to me" not in w.markdown()
