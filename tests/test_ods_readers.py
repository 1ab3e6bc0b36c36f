"""helpers.data.ods readers: good input is read, malformed input is rejected with a precise message."""

from __future__ import annotations

import json

import pytest

from helpers.data import ods
from helpers.data.schema import DataError

# ---------------------------------------------------------------------------
# helpers to build small files


def ods_row(code="00C", name="NHS DARLINGTON CCG", ng="Y63", hl="QHM", open_="20130401", close="",
            sub="", amended="1", n=27, **overrides):
    fields = [code, name, ng, hl, "ADDR1", "", "", "TOWN", "", "DL1 1AA", open_, close, "", sub] + [""] * 7 \
        + [amended] + [""] * 5
    for i, v in overrides.items():
        fields[int(i[1:])] = v
    fields = fields[:n] + [""] * max(0, n - len(fields))
    return ",".join(f'"{f}"' for f in fields)


def write(tmp_path, name, text, encoding="utf-8"):
    p = tmp_path / name
    if isinstance(text, bytes):
        p.write_bytes(text)
    else:
        p.write_bytes(text.encode(encoding))
    return p


def problems(exc_info):
    return [str(p) for p in exc_info.value.problems]


# ---------------------------------------------------------------------------
# ODS standard files


def test_eccg_good_rows_are_read_with_iso_dates(tmp_path):
    p = write(tmp_path, "eccg.csv", ods_row() + "\r\n" + ods_row("00D", close="20200331") + "\r\n")
    df = ods.read_ods_standard(p)
    assert list(df["code"]) == ["00C", "00D"]
    assert list(df["open_date"]) == ["2013-04-01", "2013-04-01"]
    assert list(df["close_date"]) == ["", "2020-03-31"]
    assert "null_13" not in df.columns and len(df.columns) == 14


def test_eccg_wrong_field_count_names_file_row_and_line(tmp_path):
    p = write(tmp_path, "eccg.csv", ods_row() + "\n" + ods_row("00D", n=26) + "\n")
    with pytest.raises(DataError) as e:
        ods.read_ods_standard(p)
    (msg,) = problems(e)
    assert "eccg.csv" in msg and "row 2 (line 2)" in msg and "has 26 fields; this layout has 27" in msg


def test_eccg_bad_date_and_bad_code_are_both_reported(tmp_path):
    p = write(tmp_path, "eccg.csv", ods_row(open_="20130231") + "\n" + ods_row("00c") + "\n")
    with pytest.raises(DataError) as e:
        ods.read_ods_standard(p)
    msgs = problems(e)
    assert any("row 1" in m and "column 'open_date'" in m and "'20130231' is not a date in the form YYYYMMDD" in m
               for m in msgs)
    assert any("row 2" in m and "column 'code'" in m and "'00c' is not a valid" in m for m in msgs)


def test_eccg_close_before_open_and_filled_null_column(tmp_path):
    p = write(tmp_path, "eccg.csv", ods_row(open_="20200401", close="20150331") + "\n"
              + ods_row(c12="X") + "\n")
    with pytest.raises(DataError) as e:
        ods.read_ods_standard(p)
    msgs = problems(e)
    assert any("close_date" in m and "closes (2015-03-31) before it opens (2020-04-01)" in m for m in msgs)
    assert any("row 2" in m and "null_13" in m and "should be empty" in m for m in msgs)


def test_eccg_amended_indicator_must_be_0_or_1(tmp_path):
    p = write(tmp_path, "eccg.csv", ods_row(amended="2") + "\n")
    with pytest.raises(DataError, match="amended_record_indicator.*'2' is not one of '0', '1'"):
        ods.read_ods_standard(p)


def test_not_utf8_empty_and_missing_files(tmp_path):
    bad = write(tmp_path, "eccg.csv", ods_row(name="NHS QUEEN’S PARK").encode("cp1252"))
    with pytest.raises(DataError, match=r"eccg.csv: is not UTF-8 text: byte 0x92 at line 1"):
        ods.read_ods_standard(bad)
    empty = write(tmp_path, "empty.csv", "\r\n  \n")
    with pytest.raises(DataError, match="empty.csv: is empty"):
        ods.read_ods_standard(empty)
    with pytest.raises(DataError, match="file not found"):
        ods.read_ods_standard(tmp_path / "nope.csv")


def test_unterminated_quote_is_a_csv_error(tmp_path):
    p = write(tmp_path, "eccg.csv", ods_row() + "\n" + '"00D,"NHS X\n')
    with pytest.raises(DataError, match="eccg.csv: line 2 cannot be parsed as CSV"):
        ods.read_ods_standard(p)


def test_eauth_codes_may_be_one_letter(tmp_path):
    p = write(tmp_path, "eauth.csv", ods_row("A", ng="", hl="", open_="19940401") + "\n")
    assert ods.read_ods_standard(p, "eauth")["code"].tolist() == ["A"]
    with pytest.raises(ValueError):
        ods.read_ods_standard(p, "ebogus")


# ---------------------------------------------------------------------------
# successor file


def test_successors_good_and_bad(tmp_path):
    good = write(tmp_path, "succ.csv", '"00F","13T","","20150401","0"\r\n"QMJ","Z9B2Z","","20260401","0"\r\n')
    df = ods.read_successors(good)
    assert df.to_dict("records")[0] == {"predecessor_code": "00F", "successor_code": "13T", "reason": "",
                                         "effective_date": "2015-04-01", "indicator": "0"}
    bad = write(tmp_path, "succ_bad.csv", '"00F","13T","","2015-04-01","0"\n"00G","00G","","20150401","7"\n'
                '"00H","13T",""\n')
    with pytest.raises(DataError) as e:
        ods.read_successors(bad)
    msgs = problems(e)
    assert any("row 1" in m and "effective_date" in m and "YYYYMMDD" in m for m in msgs)
    assert any("row 2" in m and "indicator" in m for m in msgs)
    assert any("row 2" in m and "cannot succeed itself" in m for m in msgs)
    assert any("row 3 (line 3)" in m and "has 3 fields; this layout has 5" in m for m in msgs)


# ---------------------------------------------------------------------------
# ONS files


def test_icb_names_with_bom_and_bad_codes(tmp_path):
    text = "\ufeffICB24CD,ICB24CDH,ICB24NM,ObjectId\nE54000008,QYG,NHS Cheshire and Merseyside Integrated Care Board,1\n"
    assert ods.read_icb_names(write(tmp_path, "icb.csv", text))["icb_code"].tolist() == ["QYG"]
    bad = "ICB24CD,ICB24CDH,ICB24NM,ObjectId\nE5400008,qyg,NHS X,one\n"
    with pytest.raises(DataError) as e:
        ods.read_icb_names(write(tmp_path, "icb2.csv", bad))
    msgs = problems(e)
    assert any("column 'ICB24CD'" in m and "E54" in m for m in msgs)
    assert any("column 'ICB24CDH'" in m for m in msgs)
    assert any("column 'ObjectId'" in m and "not a whole number" in m for m in msgs)


def test_icb_names_wrong_header(tmp_path):
    p = write(tmp_path, "icb.csv", "ICB23CD,ICB24CDH,ICB24NM,ObjectId\nE54000008,QYG,NHS X,1\n")
    with pytest.raises(DataError, match=r"icb.csv: line 1: header is not the expected one \(missing 'ICB24CD'; unexpected 'ICB23CD'\)"):
        ods.read_icb_names(p)


def test_ons_ccg_2013_is_read_as_cp1252_others_must_be_utf8(tmp_path):
    ccg = write(tmp_path, "CCG_APR_2013.csv",
                "CCG13CD,CCG13CDH,CCG13NM\r\nE38000200,08W,NHS Queen\x92s Park \r\n".replace("\x92", "’"),
                encoding="cp1252")
    df = ods.read_ons_lookup(ccg, "ccg_2013")
    assert df["ccg_name"].tolist() == ["NHS Queen’s Park"]  # surrounding space stripped from free text
    sha = write(tmp_path, "SHA_2012.csv", '"SHA12CD","SHA12CDO","SHA12NM"\n"E18000001","Q30","North ’East"\n',
                encoding="cp1252")
    with pytest.raises(DataError, match="is not UTF-8 text"):
        ods.read_ons_lookup(sha, "sha_2012")


def test_ons_cr_only_line_endings_and_code_checks(tmp_path):
    at = write(tmp_path, "at.csv", 'ons_code,hscic_code,name\rE39000001,Q44,"Cheshire, Warrington and Wirral"\rE39000002,Q4,X')
    with pytest.raises(DataError) as e:
        ods.read_ons_lookup(at, "area_team_ods_codes_2013")
    (msg,) = problems(e)
    assert "row 2 (line 3)" in msg and "column 'hscic_code'" in msg and "'Q4'" in msg
    pco = write(tmp_path, "PCO.csv", '"PCO12CD","PCO12CDO","PCO12NM"\n"E17000001","TAC","Care Trust"\n"E16000001","5A3","S Glos"\n')
    assert ods.read_ons_lookup(pco, "pco_2012")["pct_code"].tolist() == ["TAC", "5A3"]
    with pytest.raises(ValueError):
        ods.read_ons_lookup(pco, "nonsense")


def test_ons_header_only_file_has_no_rows(tmp_path):
    p = write(tmp_path, "SHA_2012.csv", '"SHA12CD","SHA12CDO","SHA12NM"\n')
    with pytest.raises(DataError, match="has a header but no rows"):
        ods.read_ons_lookup(p, "sha_2012")


# ---------------------------------------------------------------------------
# list sizes and the practice map

LS_HEADER = "PUBLICATION,EXTRACT_DATE,TYPE,CCG_CODE,ONS_CCG_CODE,CODE,POSTCODE,SEX,AGE,NUMBER_OF_PATIENTS\n"


def test_gp_list_size_good(tmp_path):
    p = write(tmp_path, "ls.csv", LS_HEADER + "GP_PRAC_PAT_LIST,01May2022,GP,00L,E38000130,A84002,NE65 7UW,ALL,ALL,5983\n")
    df = ods.read_gp_list_size(p)
    assert df.iloc[0]["extract_date"] == "2022-05-01" and df.iloc[0]["patients"] == "5983"


@pytest.mark.parametrize("row, expect", [
    ("GP_PRAC_PAT_LIST,31FEB2022,GP,00L,E38000130,A84002,X,ALL,ALL,1", "not a date like 01JAN2021"),
    ("GP_PRAC_PAT_LIST,01May2022,GP,00L,E38000130,A84002,X,ALL,ALL,-5", "'-5' is not a whole number"),
    ("GP_PRAC_PAT_LIST,01May2022,GP,00L,E38000130,A84002,X,MALE,ALL,5", "'MALE' is not one of 'ALL'"),
    ("GP_PRAC_PAT_LIST,01May2022,GP,00L,E38000130,A8400,X,ALL,ALL,5", "'A8400' is not a valid GP practice code"),
    ("GP_PRAC_PAT_LIST,01May2022,GP,00L,E3800013,A84002,X,ALL,ALL,5", "ONS CCG code"),
])
def test_gp_list_size_bad_rows(tmp_path, row, expect):
    p = write(tmp_path, "ls.csv", LS_HEADER + row + "\n")
    with pytest.raises(DataError) as e:
        ods.read_gp_list_size(p)
    assert any("ls.csv, row 1 (line 2)" in m and expect in m for m in problems(e))


def test_gp_list_size_mixed_dates_and_duplicates(tmp_path):
    rows = ("GP_PRAC_PAT_LIST,01May2022,GP,00L,E38000130,A84002,X,ALL,ALL,5\n"
            "GP_PRAC_PAT_LIST,01Jan2022,GP,00L,E38000130,A84003,X,ALL,ALL,5\n")
    with pytest.raises(DataError, match="more than one extract date"):
        ods.read_gp_list_size(write(tmp_path, "a.csv", LS_HEADER + rows))
    dup = ("GP_PRAC_PAT_LIST,01May2022,GP,00L,E38000130,A84002,X,ALL,ALL,5\n" * 2)
    with pytest.raises(DataError, match="'A84002' appears more than once"):
        ods.read_gp_list_size(write(tmp_path, "b.csv", LS_HEADER + dup))


def test_gp_practice_map_allows_unallocated(tmp_path):
    header = ",".join(ods.GP_MAP_HEADER) + "\n"
    row = ("GP_PRAC_PAT_LIST,01Jan2022,A84035,RIVERSDALE SURGERY,NE42 5DQ,{pcn},Unallocated,E38000130,00L,"
           "NHS Northumberland CCG,E54000050,QHM,Cumbria and North East,E40000009,Y63,North East and Yorkshire\n")
    df = ods.read_gp_practice_map(write(tmp_path, "map.csv", header + row.format(pcn="U")))
    assert df.iloc[0]["pcn_code"] == "U"
    with pytest.raises(DataError, match="PCN code"):
        ods.read_gp_practice_map(write(tmp_path, "map2.csv", header + row.format(pcn="U123")))


def test_nhsbsa_bands_must_be_numbers(tmp_path):
    header = ",".join(ods.NHSBSA_HEADER) + "\n"
    good = "LONDON,Y56,NORTH EAST LONDON AREA TEAM,Q61,NHS BARKING CCG,07L00,A SURGERY,F82001," + ",".join(["10"] * 18)
    df = ods.read_nhsbsa_list_size(write(tmp_path, "bsa.csv", header + good + "\n"))
    assert int(df.iloc[0]["patients"]) == 180
    bad = good.rsplit(",", 1)[0] + ",lots"
    with pytest.raises(DataError, match="column 'Female 75\\+': 'lots' is not a whole number"):
        ods.read_nhsbsa_list_size(write(tmp_path, "bsa2.csv", header + bad + "\n"))


# ---------------------------------------------------------------------------
# ePCN workbooks

DET_HEAD = ["PCN Code", "PCN Name", "Current Sub ICB Loc Code", "Sub ICB Location", "Open Date", "Close Date",
            "Address Line 1", "Address Line 2", "Address Line 3", "Address Line 4", "Address Line 5", "Postcode"]
MEM_HEAD = ["Partner\nOrganisation\nCode", "Partner\nName", "Practice\nParent\nSub ICB Loc Code",
            "Practice\nParent\nSub ICB Loc Name", "PCN Code", "PCN Name", "PCN Parent\nSub ICB Loc Code",
            "PCN Parent\nSub ICB Loc Name", "Practice to PCN\nRelationship\nStart Date",
            "Practice to PCN\nRelationship\nEnd Date", "Practice Sub ICB Loc and PCN Sub ICB Loc Match "]


def make_epcn(path, details=None, members=None, details_sheet="PCNDetails"):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = details_sheet
    ws.append(DET_HEAD)
    for r in details if details is not None else [["U00070", "WEST MERTON PCN", "36L", "NHS SWL ICB - 36L",
                                                   "20191001", "", "1 ROAD", "", "", "LONDON", "", "SW17 0RT"]]:
        ws.append(r)
    ws2 = wb.create_sheet("PCN Core Partner Details")
    ws2.append(MEM_HEAD)
    for r in members if members is not None else [["H85026", "A SURGERY", "36L", "X", "U00070", "WEST MERTON PCN",
                                                   "36L", "X", "20191001", None, True]]:
        ws2.append(r)
    wb.save(path)
    return path


def test_epcn_good_workbook(tmp_path):
    e = ods.read_epcn(make_epcn(tmp_path / "ePCN.xlsx"))
    assert e.details.iloc[0]["open_date"] == "2019-10-01"
    assert e.members.iloc[0].to_dict()["practice_code"] == "H85026"
    assert e.members.iloc[0]["end_date"] == "" and e.members.iloc[0]["parent_match"] == "True"


def test_epcn_numeric_dates_as_in_2019(tmp_path):
    det = [["U00070", "WEST MERTON PCN", "08R", "NHS MERTON CCG", 20191001, None, "1 ROAD", None, None, "LONDON", None, "SW17"]]
    e = ods.read_epcn(make_epcn(tmp_path / "ePCN.xlsx", details=det, details_sheet="PCN Details"))
    assert e.details.iloc[0]["open_date"] == "2019-10-01"


def test_epcn_bad_cells_name_sheet_row_and_column(tmp_path):
    det = [["U0007", "X PCN", "36L", "N", "20191301", "", "", "", "", "", "", ""]]
    mem = [["H85026", "A", "36L", "X", "U99999", "Y", "36L", "X", "20191001", "20180101", "maybe"]]
    with pytest.raises(DataError) as e:
        ods.read_epcn(make_epcn(tmp_path / "ePCN.xlsx", details=det, members=mem))
    msgs = problems(e)
    assert any("row 1 (line 2), column 'PCNDetails: pcn_code': 'U0007' is not a PCN code" in m for m in msgs)
    assert any("PCNDetails: open_date" in m and "'20191301' is not a date" in m for m in msgs)
    assert any("PCN Core Partner Details: end_date" in m and "ends (2018-01-01) before it starts (2019-10-01)" in m
               for m in msgs)
    assert any("parent_match" in m and "'maybe'" in m for m in msgs)


def test_epcn_member_of_unknown_pcn(tmp_path):
    mem = [["H85026", "A", "36L", "X", "U99999", "Y", "36L", "X", "20191001", None, True]]
    with pytest.raises(DataError, match="'U99999' is not in the 'PCNDetails' sheet"):
        ods.read_epcn(make_epcn(tmp_path / "ePCN.xlsx", members=mem))


def test_epcn_missing_sheet_wrong_header_not_xlsx_and_empty(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "Something else"
    wb.save(tmp_path / "one.xlsx")
    with pytest.raises(DataError, match="has no 'pcn details' sheet"):
        ods.read_epcn(tmp_path / "one.xlsx")
    p = make_epcn(tmp_path / "hdr.xlsx")
    wb = openpyxl.load_workbook(p)
    wb["PCNDetails"]["A1"] = "Code of PCN"
    wb.save(p)
    with pytest.raises(DataError, match="unexpected header \\(expected 'pcn code'\\)"):
        ods.read_epcn(p)
    with pytest.raises(DataError, match="is not a readable .xlsx workbook"):
        ods.read_epcn(write(tmp_path, "fake.xlsx", "PCN Code,PCN Name\n"))
    with pytest.raises(DataError, match="is empty"):
        ods.read_epcn(write(tmp_path, "empty.xlsx", b""))


# ---------------------------------------------------------------------------
# ORD JSON

MINIMAL_ORD = {"Organisation": {
    "Name": "NHS EXAMPLE ICB", "Status": "Active", "LastChangeDate": "2026-04-10",
    "OrgId": {"extension": "QMJ"}, "Date": [{"Type": "Legal", "Start": "2022-07-01"}],
    "Rels": {"Rel": [{"id": "RE5", "Status": "Active", "Date": [{"Type": "Operational", "Start": "2022-07-01"}],
                      "Target": {"OrgId": {"extension": "Y56"}, "PrimaryRoleId": {"id": "RO209"}}}]},
    "Succs": {"Succ": [{"Type": "Successor", "Date": [{"Type": "Legal", "Start": "2026-04-01"}],
                        "Target": {"OrgId": {"extension": "Z9B2Z"}}}]},
}}


def test_ord_minimal_response_is_summarised(tmp_path):
    o = ods.read_ord_json(json.dumps(MINIMAL_ORD))
    assert (o["code"], o["name"], o["status"], o["start"], o["end"]) == ("QMJ", "NHS EXAMPLE ICB", "Active", "2022-07-01", "")
    assert o["rels"][0]["target"] == "Y56" and o["succs"] == [{"type": "Successor", "target": "Z9B2Z", "date": "2026-04-01"}]
    p = write(tmp_path, "ord.json", json.dumps(MINIMAL_ORD))
    assert ods.read_ord_json(p)["code"] == "QMJ"


def test_ord_malformed_json_names_line_and_column(tmp_path):
    p = write(tmp_path, "bad.json", '{\n  "Organisation": {\n    "Name": "X",,\n  }\n}')
    with pytest.raises(DataError, match=r"bad.json: is not valid JSON: .* at line 3, column 17"):
        ods.read_ord_json(p)


@pytest.mark.parametrize("body, expect", [
    (b"", "is empty"),
    (b"\xff\xfe{}", "is not UTF-8"),
    (b'{"errorCode": 404, "errorText": "Not Found"}', "no 'Organisation' object"),
    (b"[1, 2]", "no 'Organisation' object"),
])
def test_ord_bad_bodies(body, expect):
    with pytest.raises(DataError, match=expect):
        ods.read_ord_json(body, label="response for QXX")


def test_ord_bad_fields_are_all_reported():
    bad = json.loads(json.dumps(MINIMAL_ORD))
    org = bad["Organisation"]
    org["Status"] = "Sleeping"
    org["Date"] = [{"Type": "Legal", "Start": "01/07/2022"}]
    org["OrgId"] = {"extension": "q mj"}
    del org["Name"]
    with pytest.raises(DataError) as e:
        ods.read_ord_json(json.dumps(bad), label="resp")
    msgs = " ".join(problems(e))
    for part in ("Name is missing", "'q mj' is not an ODS code", "'Sleeping' is not Active or Inactive",
                 "Start '01/07/2022' is not an ISO date"):
        assert part in msgs


# ---------------------------------------------------------------------------
# the real raw files (skipped when ../shared/data-raw is absent)

RAW = ods.raw_dir()
needs_raw = pytest.mark.skipif(not RAW.is_dir(), reason=f"raw data folder {RAW} not present")


@needs_raw
def test_real_csv_files_read_cleanly():
    assert len(ods.read_ods_standard(RAW / "ods-commissioners/eccg_2024.csv")) == 320
    assert len(ods.read_ods_standard(RAW / "ods-commissioners/eauth_2018-11.csv", "eauth")) == 36
    assert len(ods.read_successors(RAW / "ods-commissioners/succ_2026.csv")) == 11537
    assert len(ods.read_icb_names(RAW / "ods-commissioners/icb_names_codes_dec_2024.csv")) == 42
    sizes = {k: len(ods.read_ons_lookup(RAW / "ons-lookups-2012-2013" / f, k)) for k, f in ods.ONS_LOOKUP_FILES.items()}
    assert sizes == {"pco_2012": 151, "pco_sha_2012": 155, "sha_2012": 10, "ccg_2013": 211,
                     "ccg_area_team_region_2013": 211, "area_teams_2013": 25, "area_team_ods_codes_2013": 25}
    ls = ods.read_gp_list_size(RAW / "gp-registered-patients/gp-reg-pat-prac-all_2022-05.csv")
    assert ls["patients"].astype(int).sum() == 61_654_788  # PROVENANCE.md England total
    assert len(ods.read_gp_practice_map(RAW / "gp-registered-patients/gp-reg-pat-prac-map_2022-01.csv")) == 6527
    assert len(ods.read_nhsbsa_list_size(RAW / "gp-registered-patients/nhsbsa_Patient_List_Size_2014_04-06.csv")) == 9475


@needs_raw
def test_real_ord_examples_read_cleanly():
    files = sorted((RAW / "ods-api-examples").glob("*.json"))
    assert len(files) == 6
    got = {ods.read_ord_json(f)["code"]: ods.read_ord_json(f) for f in files}
    assert got["RJY"]["ref_only"] is True and got["RJY"]["rels"] == []
    assert got["R1G"]["succs"] == [{"type": "Successor", "target": "RA9", "date": "2015-10-01"}]
    assert {r["target"] for r in got["G6V2S"]["rels"]} >= {"QMJ", "Z9B2Z"}
