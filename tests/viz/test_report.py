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
