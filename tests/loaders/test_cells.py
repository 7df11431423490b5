"""The shared cell helpers, on cells copied from the sample documents."""

from __future__ import annotations

import pytest

from loaders.cells import (
    financial_year,
    parse_date,
    parse_deadlines,
    parse_percent,
    plan_from_dates,
    plan_years_in,
    split_people,
    split_roles,
    strip_html,
)


@pytest.mark.parametrize(
    ("cell", "people", "directorates"),
    [
        ("Owen Whalley and Jackie Odunoye (D&R)", [("Owen Whalley", "D&R"), ("Jackie Odunoye", "D&R")], ["D&R"]),
        ("Jackie Odunoye & Colin Cormack (D&R)", [("Jackie Odunoye", "D&R"), ("Colin Cormack", "D&R")], ["D&R"]),
        ("Andy Scott, Mark Baigent, Ann Sutcliffe, Owen Whalley (PLACE)",
         [("Andy Scott", "PLACE"), ("Mark Baigent", "PLACE"), ("Ann Sutcliffe", "PLACE"), ("Owen Whalley", "PLACE")],
         ["PLACE"]),
        ("Christine McInnes (CS) / Andy Scott (PLACE)", [("Christine McInnes", "CS"), ("Andy Scott", "PLACE")],
         ["CS", "PLACE"]),
        ("Nancy Meehan (CS) Andy Scott (PLACE)", [("Nancy Meehan", "CS"), ("Andy Scott", "PLACE")], ["CS", "PLACE"]),
        ("Nancy Meehan Christine McInnes (CS)", [("Nancy Meehan", "CS"), ("Christine McInnes", "CS")], ["CS"]),
        ("Amanda Harcus; Debbie Jones", [("Amanda Harcus", None), ("Debbie Jones", None)], []),
        ("Andy Scott (D&R), Bozena Allen, Deborah Cohen (ESW)",
         [("Andy Scott", "D&R"), ("Bozena Allen", "ESW"), ("Deborah Cohen", "ESW")], ["D&R", "ESW"]),
        ("Esther Trenchard Mabere (HAC)", [("Esther Trenchard Mabere", "HAC")], ["HAC"]),
        ("Judith St. John (CS)", [("Judith St. John", "CS")], ["CS"]),
        ("Divisional Director Community Safety (HAC)", [("Divisional Director Community Safety", "HAC")], ["HAC"]),
        ("Heather Daley (RES) (RES)", [("Heather Daley", "RES")], ["RES"]),
        # 2017/18 line 392: two names, two directorates printed after them: one each, in order (the
        # quarterly loader then pairs them by the directorate each is printed with elsewhere)
        ("Sharon Godman / Neville Murton (RES) (GOV)", [("Sharon Godman", "RES"), ("Neville Murton", "GOV")],
         ["RES", "GOV"]),
        # 2012/13 line 366: each owner the directorate printed beside them
        ("Louise Russell (CE's) and Jackie Odunoye (D&R)", [("Louise Russell", "CE's"), ("Jackie Odunoye", "D&R")],
         ["CE's", "D&R"]),
        # 2014/15 line 447: one directorate after two names is both's
        ("Jackie Odunoye, Colin Cormack (D&R)", [("Jackie Odunoye", "D&R"), ("Colin Cormack", "D&R")], ["D&R"]),
        # 2017/18 line 314: a post in a two-owner cell stays whole
        ("Roy Ormsby (PLACE) / Divisional Director Community Safety (HAC)",
         [("Roy Ormsby", "PLACE"), ("Divisional Director Community Safety", "HAC")], ["PLACE", "HAC"]),
    ],
)
def test_split_people(cell, people, directorates):
    owners, found = split_people(cell)
    assert [(o.name, o.directorate) for o in owners] == people
    assert found == directorates


def test_split_people_uses_known_names_for_runs_without_separators():
    owners, _ = split_people("Esther Trenchard Mabere Nancy Meehan (CS)", {"Esther Trenchard Mabere", "Nancy Meehan"})
    assert [o.name for o in owners] == ["Esther Trenchard Mabere", "Nancy Meehan"]


def test_split_roles():
    assert split_roles("Cabinet Member for Work and Economic Growth, Cabinet Member for Strategic Development") == [
        "Cabinet Member for Work and Economic Growth", "Cabinet Member for Strategic Development"]
    assert split_roles("Cllr Rabina Khan / Deputy Mayor, Cllr Oliur Rahman") == [
        "Cllr Rabina Khan", "Deputy Mayor, Cllr Oliur Rahman"]


def test_dates_that_do_not_exist_are_kept_as_printed():
    assert parse_date("31/03/18") == ("2018-03-31", True)
    assert parse_date("31/04/17") == ("31/04/17", False)
    assert parse_date("24/02/0045") == ("24/02/0045", False)
    assert parse_deadlines("30/09/17 31/03/2018") == (["2017-09-30", "2018-03-31"], [])
    assert parse_deadlines("31/02/2015") == (["31/02/2015"], ["31/02/2015"])
    assert parse_deadlines("") == ([], [])


def test_percent_and_html():
    assert parse_percent('<input type="text" value="30%"/>') == 30
    assert parse_percent(" 100%") == 100
    assert parse_percent("") is None
    assert strip_html("<p>New hoardings &amp; gardens</p> <p>done</p>") == "New hoardings & gardens done"


def test_plan_years():
    assert plan_years_in("Appendix 3b Strategic Plan 2007/08 End of Year Monitoring") == ["2007/08"]
    assert plan_years_in("2012-13, 2012/2013, 2011-2020, 2012/15") == ["2012/13", "2012/13"]
    assert financial_year("2013-03-31") == "2012/13"
    assert financial_year("2013-04-01") == "2013/14"
    assert plan_from_dates(["31/03/18", "30/09/17", "31/04/17", "30/06/18"]) == "2017/18"
    assert plan_from_dates(["31/04/17"]) is None
