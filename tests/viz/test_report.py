"""graph report: offline, and the same numbers as graph workload --json and graph slippage --json."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from cli.app import app

runner = CliRunner()


@pytest.fixture(scope="module")
def report_html(sample_store, tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "report.html"
    result = runner.invoke(app, ["report", "--out", str(out), "--store", str(sample_store)])
    assert result.exit_code == 0, result.output
    return out.read_text()


def _data(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" id="report-data">(.*?)</script>', html, re.S).group(1))


def test_numbers_match_graph_workload_and_slippage(report_html, sample_store):
    data = _data(report_html)
    workload = json.loads(runner.invoke(app, ["workload", "--json", "--store", str(sample_store)]).stdout)
    slippage = json.loads(runner.invoke(app, ["slippage", "--json", "--store", str(sample_store)]).stdout)
    assert data["workload"] == workload
    assert data["slippage"] == slippage
    # and the tables a reader sees show those numbers
    for c in workload["concentration"]:
        assert f"<td>{c['plan']}</td><td class=\"num\">{c['holders']}</td><td class=\"num\">{c['assignments']}</td>" \
               f"<td class=\"num\">{c['gini']:.3f}</td>" in report_html
    top = slippage["officer"]["rows"][0]
    assert f"{top['officer']} (n={top['n']})" in report_html  # the chart's label
    assert f"{100 * top['lower']:.1f}% – {100 * top['upper']:.1f}%" in report_html


def test_every_section_has_a_sentence_a_chart_and_the_items_behind_it(report_html):
    for sid in ("headline", "workload", "slippage", "overloaded", "carry"):
        section = re.search(rf'<section id="{sid}">(.*?)</section>', report_html, re.S).group(1)
        assert "<p>" in section and "<details>" in section
        assert "<svg" in section
    assert "Andy Bamber" in report_html


def test_report_is_offline(report_html):
    assert not re.search(r'<(script|link|img|iframe)[^>]+(src|href)=', report_html)
    assert not re.search(r'(src|href)="https?:', report_html)
    assert "default-src 'none'" in report_html


def test_the_documents_note_says_what_the_samples_are(report_html):
    # the 2007/08 sample lists overdue activities only; 2014/15 is a plan with no status column
    assert ("Note what the documents are: the 2007/08 report lists overdue items only and 2014/15 is a plan that "
            "reports no status.") in report_html
    assert 'class="as-of"' not in report_html


def test_the_documents_note_follows_the_reports():
    from viz.report import documents_note

    def report(plan, kind):
        return {"plan": plan, "report_kind": kind}

    assert documents_note({"2012/13": [report("2012/13", "quarterly")]}) == ""
    # an overdue-only report beside a full one: the plan year's figures are not overdue-only
    assert documents_note({"2012/13": [report("2012/13", "overdue"), report("2012/13", "quarterly")]}) == ""
    assert documents_note({"2007/08": [report("2007/08", "overdue")], "2008/09": [report("2008/09", "overdue")]}) \
        == " Note what the documents are: the 2007/08, 2008/09 reports list overdue items only."


def _as_json(*args) -> dict | list:
    result = runner.invoke(app, [*map(str, args), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_report_as_of_a_date_has_the_numbers_of_the_commands_then(quarterly, tmp_path):
    """On a generated council reported on every quarter, the report as it stood on a report date
    and on the day before it carries the workload, slippage, carry-forward and figures that graph
    workload / slippage / carry / figures --as-of give for that date."""
    from tests.test_tallied import valid_date_before

    path, dates = quarterly
    seen = []
    for date in (valid_date_before(dates[len(dates) // 2]), dates[len(dates) // 2]):
        out = tmp_path / f"report-{date}.html"
        result = runner.invoke(app, ["report", "--as-of", date, "--out", str(out), "--store", str(path)])
        assert result.exit_code == 0, result.output
        html = out.read_text(encoding="utf-8")
        data = _data(html)
        assert data["as_of"] == date and f'<p class="as-of">As it stood on {date}:' in html
        assert data["workload"] == _as_json("workload", "--as-of", date, "--store", path)
        assert data["slippage"] == _as_json("slippage", "--as-of", date, "--store", path)
        assert data["figures"] == _as_json("figures", "--as-of", date, "--store", path)
        assert data["carry_summary"] == _as_json("carry", "--as-of", date, "--store", path)["summary"]
        seen.append(data["figures"])
    assert seen[0] != seen[1]  # the report's date matters


def test_report_before_any_report_is_refused(dated, tmp_path):
    out = tmp_path / "early.html"
    result = runner.invoke(app, ["report", "--as-of", "2017-09-29", "--out", str(out), "--store", str(dated)])
    assert result.exit_code == 1
    assert result.stderr == ("Error: no item had been reported by 2017-09-29 (hint: graph reports lists the reports "
                             "and their dates)\n")
    assert not out.exists()
