"""The loader rejects bad data with a message naming file, row, column and problem."""

from __future__ import annotations

import csv
import io

import pytest

from helpers import data
from helpers.data.schema import DataError

HEADER = "source_id,title,publisher,author,date,date_precision,url,kind,file,note\n"
GOOD = "a-1,A title,A publisher,,2013-04-01,day,https://example.org/a,government,,\n"


def write(folder, name, text, encoding="utf-8"):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return folder


def problems(folder, table="sources"):
    data.clear_cache()
    with pytest.raises(DataError) as info:
        data.load(table, folder)
    return info.value


def test_good_minimal_sources_load(tmp_path):
    write(tmp_path, "sources.csv", HEADER + GOOD)
    df = data.load_sources(tmp_path)
    assert list(df["source_id"]) == ["a-1"]
    assert df.loc[0, "date"] == "2013-04-01"


def test_missing_column(tmp_path):
    write(tmp_path, "sources.csv", HEADER.replace(",kind", "") + GOOD.replace(",government", ""))
    err = problems(tmp_path)
    assert "sources.csv" in str(err)
    assert "column 'kind'" in str(err)
    assert "missing" in str(err)


def test_unknown_category(tmp_path):
    write(tmp_path, "sources.csv", HEADER + GOOD.replace("government", "blog"))
    err = problems(tmp_path)
    (p,) = err.problems
    assert (p.row, p.line, p.column) == (1, 2, "kind")
    assert "'blog' is not an allowed value" in p.message
    assert "sources.csv, row 1 (line 2), column 'kind'" in str(err)


@pytest.mark.parametrize("date,precision", [
    ("2013-13-01", "day"),     # no 13th month
    ("2013-02-30", "day"),     # no 30 February
    ("01/04/2013", "day"),     # not ISO
    ("2013-04", "day"),        # less precise than its precision says
    ("2013-04-01", "month"),   # more precise than its precision says
    ("2021-01-08/2020-11-26", "range"),  # ends before it starts
])
def test_malformed_date(tmp_path, date, precision):
    write(tmp_path, "sources.csv", HEADER + GOOD.replace("2013-04-01,day", f"{date},{precision}"))
    err = problems(tmp_path)
    (p,) = err.problems
    assert p.column == "date" and p.row == 1
    assert repr(date) in p.message


def test_unknown_precision(tmp_path):
    write(tmp_path, "sources.csv", HEADER + GOOD.replace(",day,", ",week,"))
    err = problems(tmp_path)
    assert any(p.column == "date_precision" and "'week'" in p.message for p in err.problems)


def test_duplicate_id(tmp_path):
    write(tmp_path, "sources.csv", HEADER + GOOD + GOOD.replace("A title", "Another"))
    err = problems(tmp_path)
    (p,) = err.problems
    assert (p.row, p.column) == (2, "source_id")
    assert "duplicate id 'a-1' (first used in row 1)" in p.message


def test_dangling_source_id(data_copy):
    with open(data_copy / "glossary.csv", "w", encoding="utf-8", newline="") as f:
        f.write("term_id,term,expansion,definition,years,source_id\n")
        f.write("ccg,CCG,clinical commissioning group,A GP-led commissioning body.,2013-2022,no-such-source\n")
    err = problems(data_copy, "glossary")
    (p,) = err.problems
    assert (p.file.endswith("glossary.csv"), p.row, p.column) == (True, 1, "source_id")
    assert "'no-such-source' is not a sources id" in p.message


def test_dangling_id_in_a_list_of_refs(data_copy):
    with open(data_copy / "themes.csv", "w", encoding="utf-8") as f:
        f.write("theme_id,label,question,origin,source_id\nt1,Label,Who?,debate,\n")
    with open(data_copy / "stakeholders.csv", "w", encoding="utf-8") as f:
        f.write("stakeholder_id,name,role,organisation,group,kind,source_ids,role_source_ids\n"
                "x,X,,,government,organisation,seed-reeve-2013;missing-one,\n")
    err = problems(data_copy, "stakeholders")
    (p,) = err.problems
    assert p.column == "source_ids" and "'missing-one'" in p.message


def test_empty_file(tmp_path):
    write(tmp_path, "sources.csv", "")
    err = problems(tmp_path)
    assert "sources.csv" in str(err) and "is empty" in str(err)


def test_header_only_file(tmp_path):
    write(tmp_path, "sources.csv", HEADER)
    assert "has a header but no rows" in str(problems(tmp_path))


def test_not_utf8(tmp_path):
    text = HEADER + GOOD.replace("A publisher", "Caf\u00e9 publisher")
    write(tmp_path, "sources.csv", text.encode("latin-1"))
    err = problems(tmp_path)
    assert "is not UTF-8" in str(err) and "line 2" in str(err) and "0xe9" in str(err)


def test_extra_unexpected_column(tmp_path):
    write(tmp_path, "sources.csv", HEADER.strip() + ",colour\n" + GOOD.strip() + ",red\n")
    err = problems(tmp_path)
    (p,) = err.problems
    assert p.column == "colour" and "unexpected column" in p.message


def test_wrong_field_count_names_the_row(tmp_path):
    write(tmp_path, "sources.csv", HEADER + GOOD + "b-2,Short row\n")
    err = problems(tmp_path)
    (p,) = err.problems
    assert (p.row, p.line) == (2, 3) and "has 2 fields but the header has 10" in p.message


def test_required_value_empty(tmp_path):
    write(tmp_path, "sources.csv", HEADER + GOOD.replace("A title", ""))
    (p,) = problems(tmp_path).problems
    assert p.column == "title" and "empty but required" in p.message


def test_all_problems_reported_together(tmp_path):
    bad = GOOD.replace("government", "blog").replace("https://example.org/a", "ftp://x")
    write(tmp_path, "sources.csv", HEADER + bad + bad.replace("a-1", "a-2"))
    err = problems(tmp_path)
    assert {(p.row, p.column) for p in err.problems} == {(1, "kind"), (1, "url"), (2, "kind"), (2, "url")}


def test_quote_with_commas_quotes_and_newline_round_trips(data_copy):
    quote = 'He said, "integration, not competition",\nand then: \u2018we\u2019ll see\u2019 & <b>bold</b>'
    with open(data_copy / "themes.csv", "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["theme_id", "label", "question", "origin", "source_id"],
                                  ["t1", "L", "Q?", "debate", ""]])
    with open(data_copy / "stakeholders.csv", "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([
            ["stakeholder_id", "name", "role", "organisation", "group", "kind", "source_ids", "role_source_ids"],
            ["s1", "Someone", "", "", "government", "person", "seed-reeve-2013", ""],
        ])
    cols = ["argument_id", "stakeholder_id", "theme_id", "stance", "quote", "speech",
            "source_id", "date", "date_precision", "quoted_by", "sic"]
    row = ["a1", "s1", "t1", "A stance, in our words.", quote, "direct", "seed-reeve-2013", "2013", "year", "", ""]
    with open(data_copy / "arguments.csv", "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([cols, row, ["a2", "s1", "t1", "Second", "x", "direct",
                                             "seed-reeve-2013", "2013", "year", "", ""]])
    data.clear_cache()
    df = data.load_arguments(data_copy)
    assert df.loc[0, "quote"] == quote
    # and back out again, byte for byte
    out = io.StringIO()
    df[cols].to_csv(out, index=False, lineterminator="\r\n")
    assert out.getvalue() == (data_copy / "arguments.csv").read_bytes().decode("utf-8")


def test_reported_claim_cannot_carry_a_quote(data_copy):
    with open(data_copy / "themes.csv", "w", encoding="utf-8") as f:
        f.write("theme_id,label,question,origin,source_id\nt1,L,Q?,debate,\n")
    with open(data_copy / "stakeholders.csv", "w", encoding="utf-8") as f:
        f.write("stakeholder_id,name,role,organisation,group,kind,source_ids,role_source_ids\n"
                "s1,S,,,government,person,seed-reeve-2013,\n")
    with open(data_copy / "arguments.csv", "w", encoding="utf-8") as f:
        f.write("argument_id,stakeholder_id,theme_id,stance,quote,speech,source_id,date,date_precision,quoted_by,sic\n"
                "a1,s1,t1,Stance,Some words,reported,seed-reeve-2013,2013,year,,\n"
                "a2,s1,t1,Stance,,direct,seed-reeve-2013,2013,year,,\n")
    err = problems(data_copy, "arguments")
    assert {(p.row, p.column) for p in err.problems} == {(1, "quote"), (2, "quote")}
    assert "a reported claim is not a quote" in str(err)


def test_loader_caches_and_returns_copies(tmp_path):
    write(tmp_path, "sources.csv", HEADER + GOOD)
    data.clear_cache()
    first = data.load_sources(tmp_path)
    first.loc[0, "title"] = "changed by a caller"
    (tmp_path / "sources.csv").write_text(HEADER + GOOD.replace("A title", "Edited on disk"))
    again = data.load_sources(tmp_path)
    assert again.loc[0, "title"] == "A title"  # cached, and the caller's change did not leak
    data.clear_cache()
    assert data.load_sources(tmp_path).loc[0, "title"] == "Edited on disk"


def test_unknown_table_name():
    with pytest.raises(KeyError, match="no table called 'nope'"):
        data.load("nope")


def test_missing_file_is_named(tmp_path):
    err = problems(tmp_path)
    assert "sources.csv" in str(err) and "file not found" in str(err)
