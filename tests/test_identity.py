"""People, directorates, members and boards resolved across the five sample documents."""

from __future__ import annotations

from collections import defaultdict

import pytest

from graphmodel.aliases import Aliases, AliasesError, load_aliases
from graphmodel.identity import directorate_family, is_post, member_kind, resolve
from graphmodel.schema import ItemRecord, Kind, Owner
from tests.conftest import SAMPLES, sample_result

# Hand count: every distinct person named as an owner, read off each document.
HAND_COUNT = {
    "000_ce323507d3fb21cd.txt": {  # 2012/13
        "Alan Finch", "Andy Bamber", "Andy Scott", "Ann Sutcliffe", "Chris Holme", "Claire Symonds", "Colin Cormack",
        "Deborah Cohen", "Diana Warne", "Jackie Odunoye", "Jamie Blake", "John Rutherford", "Kate Bingham",
        "Louise Russell", "Owen Whalley", "Robin Beattie", "Shazia Hussain", "Simon Kilbey", "Steve Liddicott"},
    "001_438444c0e1c0bfc6.txt": set(),  # 2007/08 names no owners
    "002_ec2567edfe30a260.txt": {  # 2017/18 ("Judith St John" / "Judith St. John" one person; one post)
        "Adrian Gorst", "Andreas Christophorou", "Andy Scott", "Ann Sutcliffe", "Asmat Hussain", "Christine McInnes",
        "Claire Belgarde", "David Jones", "Debbie Jones", "Denise Radley", "Divisional Director Community Safety",
        "Esther Trenchard Mabere", "Heather Daley", "Judith St John", "Karen Sugars", "Louise Stamp", "Mark Baigent",
        "Nancy Meehan", "Neville Murton", "Owen Whalley", "Rachael Sadegh", "Roger Jones", "Roy Ormsby", "Sharon Godman",
        "Shazia Hussain", "Somen Banerjee", "Steve Hill", "Zena Cooke"},
    "003_c6e6c3ba485f8380.txt": {  # 2014/15 ("Diana Warne" / "Dianna Warne" one person)
        "Andy Bamber", "Andy Scott", "Ann Sutcliffe", "Anne Canning", "Bozena Allen", "Chris Holme", "Colin Cormack",
        "Dave Clark", "Deborah Cohen", "Diana Warne", "Jackie Odunoye", "Jamie Blake", "John Jones", "Kate Bingham",
        "Keith Paulin", "Kevin Miles", "Louise Russell", "Minesh Jani", "Owen Whalley", "Richard Fradgley",
        "Richard Lungley", "Robin Beattie", "Roger Jones", "Shazia Hussain", "Shirley Hamilton", "Simon Kilbey",
        "Somen Banerjee", "Steve Liddicott", "Takki Sulaiman", "Zamil Ahmed"},
    "004_c06fa87f8ecacf20.txt": {  # 2019/20 ("Amanda Harcus" / "Amanda Marcus" one person)
        "Adrian Gorst", "Amanda Harcus", "Andreas Christophorou", "Ann Sutcliffe", "Asmat Hussain", "Debbie Jones",
        "Denise Radley", "Judith St John", "Neville Murton", "Paul Rock", "Sharon Godman", "Shazia Hussain",
        "Vicky Clark", "Will Tuckley"},
}


@pytest.fixture(scope="module")
def corpus():
    records = [item for layout in SAMPLES for item in sample_result(layout).items]
    return records, resolve(records)


def _people_by_document(records, res):
    out = defaultdict(set)
    for r in records:
        for o in r.owners:
            out[r.source].add(res.people[res.officer_of[o.name]].name)
    return out


@pytest.mark.parametrize("source", sorted(HAND_COUNT))
def test_distinct_people_per_document_match_the_hand_count(corpus, source):
    records, res = corpus
    assert _people_by_document(records, res).get(source, set()) == HAND_COUNT[source]


def test_distinct_people_across_all_five_documents(corpus):
    records, res = corpus
    expected = set().union(*HAND_COUNT.values())
    assert len(expected) == 59
    assert {p.name for p in res.people.values()} == expected
    assert len(res.people) == 59  # no person split, no two merged


def test_spelling_variants_are_one_person_with_evidence(corpus):
    _, res = corpus
    for a, b in [("Judith St. John", "Judith St John"), ("Amanda Marcus", "Amanda Harcus"),
                 ("Dianna Warne", "Diana Warne")]:
        assert res.officer_of[a] == res.officer_of[b]
    harcus = res.people[res.officer_of["Amanda Harcus"]]
    assert harcus.variants == ["Amanda Harcus", "Amanda Marcus"]
    assert any("one letter apart" in e for e in harcus.evidence)
    warne = res.people[res.officer_of["Diana Warne"]]
    assert warne.plans == ["2012/13", "2014/15"] and any("shared directorate ESW" in e for e in warne.evidence)


def test_similar_but_different_people_stay_apart(corpus):
    _, res = corpus
    ids = {res.officer_of[n] for n in ["Roger Jones", "John Jones", "David Jones", "Debbie Jones"]}
    assert len(ids) == 4
    assert res.officer_of["Shazia Hussain"] != res.officer_of["Asmat Hussain"]


def test_a_post_is_marked_and_never_merged(corpus):
    _, res = corpus
    post = res.people[res.officer_of["Divisional Director Community Safety"]]
    assert post.is_post and post.variants == ["Divisional Director Community Safety"]
    assert not res.people[res.officer_of["Andy Scott"]].is_post
    assert is_post("Head of Strategy") and not is_post("Esther Trenchard Mabere")


def test_one_person_keeps_one_node_across_reorganisations(corpus):
    _, res = corpus
    scott = res.people[res.officer_of["Andy Scott"]]
    assert scott.plans == ["2012/13", "2014/15", "2017/18"] and scott.directorates == ["D&R", "PLACE"]


def test_directorates_keep_printed_names_full_names_and_successors(corpus):
    _, res = corpus
    d = {n.name: n for n in res.directorates.values()}
    assert d["D&R"].full_name == "Development and Renewal" and d["ESW"].full_name.startswith("Education")
    name = {n.id: n.name for n in res.directorates.values()}
    assert name[d["D&R"].successor] == "PLACE"
    assert "Andy Scott" in d["D&R"].evidence[0] and "Owen Whalley" in d["D&R"].evidence[0]
    assert name[d["Resources"].successor] == "RES"
    assert name[d["CE's"].successor] == "LPG"
    assert name[d["LPG"].successor] == "GOV" and "known reorganisation" in d["LPG"].evidence[0]
    assert {name[s] for s in d["ESW"].successors} == {"CS", "HAC"}
    assert res.directorate_of["Place"] == res.directorate_of["PLACE"]  # case only: one node


def test_directorate_family_expands_predecessors(corpus):
    _, res = corpus
    assert directorate_family(res, "PLACE") == ["PLACE", "D&R"]
    assert set(directorate_family(res, "GOV")) == {"GOV", "LPG", "CE's", "CE"}
    assert set(directorate_family(res, "HAC")) >= {"HAC", "ESW", "Public Health"}
    assert directorate_family(res, "NOPE") == []


def test_members_portfolio_or_councillor_and_truncated_roles(corpus):
    _, res = corpus
    full = res.member_of["Cabinet Member for Strategic Development"]
    assert res.member_of["Cabinet Member for Strategic"] == full
    assert res.member_of["Cabinet Member Strategic Development"] == full
    assert res.member_of["Cabinet Member for Health and Adult"] == res.member_of[
        "Cabinet Member for Health and Adult Services"]
    assert res.members[full].evidence == ["'Cabinet Member for Strategic' is truncated: the only role starting with it"]
    assert res.members[full].member_kind == "portfolio"
    assert res.members[res.member_of["Cllr Rabina Khan"]].member_kind == "councillor"
    assert member_kind("Mayor Lutfur Rahman") == "councillor"
    assert member_kind("Executive Mayor") == "portfolio"
    assert member_kind("Deputy Mayor Education and Children's Services") == "portfolio"


def test_boards_one_node_per_normalised_name(corpus):
    _, res = corpus
    assert "CLT" in {b.name for b in res.boards.values()}
    recs = [ItemRecord(source="x.txt", line=1, plan="2019/20", kind=Kind.ACTIVITY, title="t",
                       boards=["General Purpose Committee", "General Purposes Committee",
                               "Crime & Anti-social Behaviour Board", "Crime and Anti-social Behaviour Board"])]
    r = resolve(recs)
    assert len(r.boards) == 2


def _rec(line, owners, source="a.txt", plan="2015/16", boards=()):
    return ItemRecord(source=source, line=line, plan=plan, kind=Kind.ACTIVITY, title=f"t{line}",
                      owners=[Owner(name=n, directorate=d) for n, d in owners], boards=list(boards))


def test_weak_pairs_become_candidates_not_merges():
    recs = [_rec(1, [("Andrew Price", "RES")], "a.txt"), _rec(2, [("Andrew Pride", "CS")], "b.txt"),
            _rec(3, [("Andy Price", "RES")], "c.txt")]
    res = resolve(recs)
    assert len(res.people) == 3
    pairs = {frozenset((c.a, c.b)) for c in res.candidates}
    assert frozenset(("Andrew Price", "Andrew Pride")) in pairs  # one letter, but different directorates
    assert frozenset(("Andrew Price", "Andy Price")) in pairs  # a possible nickname


def test_one_letter_slip_with_shared_co_owner_merges():
    recs = [_rec(1, [("Karen Lowe", None), ("Sam Oduya", None)], "a.txt"),
            _rec(2, [("Karen Lowes", None), ("Sam Oduya", None)], "b.txt")]
    res = resolve(recs)
    assert res.officer_of["Karen Lowe"] == res.officer_of["Karen Lowes"]
    assert "shared co-owners" in res.people[res.officer_of["Karen Lowe"]].evidence[0]


def test_names_run_together_are_split_into_known_people():
    recs = [_rec(1, [("Andy Scott", "PLACE")]), _rec(2, [("Ann Sutcliffe", "PLACE")]),
            _rec(3, [("Andy Scott Ann Sutcliffe", "PLACE")])]
    res = resolve(recs)
    assert res.split_names == {"Andy Scott Ann Sutcliffe": ["Andy Scott", "Ann Sutcliffe"]}
    assert [o.name for o in recs[2].owners] == ["Andy Scott", "Ann Sutcliffe"]
    assert len(res.people) == 2


def test_aliases_confirm_reject_and_rename():
    recs = [_rec(1, [("Andrew Price", "RES")], "a.txt"), _rec(2, [("Andrew Pride", "CS")], "b.txt"),
            _rec(3, [("Karen Lowe", None), ("Sam Oduya", None)]), _rec(4, [("Karen Lowes", None), ("Sam Oduya", None)])]
    aliases = Aliases(same={"Andrew Pride": "Andrew Price"}, different=[("Karen Lowe", "Karen Lowes")],
                      rename={"Sam Oduya": "Samuel Oduya"})
    res = resolve(recs, aliases)
    assert res.officer_of["Andrew Pride"] == res.officer_of["Andrew Price"]
    assert res.people[res.officer_of["Andrew Pride"]].name == "Andrew Price"
    assert res.officer_of["Karen Lowe"] != res.officer_of["Karen Lowes"]
    assert res.people[res.officer_of["Sam Oduya"]].name == "Samuel Oduya"
    assert not res.candidates or all({c.a, c.b} != {"Karen Lowe", "Karen Lowes"} for c in res.candidates)


def test_aliases_file_format_and_errors(tmp_path):
    path = tmp_path / "aliases.toml"
    path.write_text('[same]\n"Amanda Marcus" = "Amanda Harcus"\n[different]\n"Roger Jones" = ["John Jones"]\n'
                    '[rename]\n"Judith St John" = "Judith St. John"\n', encoding="utf-8")
    a = load_aliases(path)
    assert a.same == {"Amanda Marcus": "Amanda Harcus"} and a.different == [("Roger Jones", "John Jones")]
    assert load_aliases(tmp_path / "missing.toml").same == {}
    with pytest.raises(AliasesError):
        load_aliases(tmp_path / "missing.toml", required=True)
    path.write_text("[same\n", encoding="utf-8")
    with pytest.raises(AliasesError):
        load_aliases(path)
    path.write_text('[people]\n"a" = "b"\n', encoding="utf-8")
    with pytest.raises(AliasesError):
        load_aliases(path)


def test_role_cut_short_mid_phrase_is_no_member_but_a_review_item(corpus):
    """2017/18 line 171, activity 1.5.1 "Mitigate the impact of welfare reform ...": lead members
    "Statutory Deputy Mayor and Cabinet Member for Housing Management and Performance, Cabinet
    Member for" (the page cut the second role). Seven full roles in that report start with
    "Cabinet Member for" (Culture, Environment, Health and Adult Services, Health and Wellbeing,
    Resources, Strategic Development, Work and Economic Growth), so it is none of them: no Member
    node, and one review candidate per role it may be."""
    records, res = corpus
    item = next(r for r in records if r.source == "002_ec2567edfe30a260.txt" and r.line == 171)
    assert item.members == ["Statutory Deputy Mayor and Cabinet Member for Housing Management and Performance",
                            "Cabinet Member for"]  # kept as printed
    assert "Cabinet Member for" not in res.member_of
    assert all("Cabinet Member for" not in (m.name, *m.variants) for m in res.members.values())
    review = [c for c in res.candidates if c.kind == "member"]
    assert {c.b for c in review} == {"Cabinet Member for"}
    assert sorted(c.a for c in review) == [
        "Cabinet Member for Culture", "Cabinet Member for Environment", "Cabinet Member for Health and Adult Services",
        "Cabinet Member for Resources", "Cabinet Member for Strategic Development",
        "Cabinet Member for Work and Economic Growth", "Cabinet member for Health and Wellbeing"]
    assert "002_ec2567edfe30a260.txt:171" in review[0].evidence[0]
    assert "one of 7 roles in the same document" in review[0].evidence[1]
    assert not [c for c in res.candidates if c.kind == "person"]  # the samples' people all settle


def test_role_cut_short_settled_in_the_aliases_file(corpus):
    records, _ = corpus
    res = resolve(records, Aliases(same={"Cabinet Member for": "Cabinet Member for Resources"}))
    assert res.member_of["Cabinet Member for"] == res.member_of["Cabinet Member for Resources"]
    assert not [c for c in res.candidates if c.kind == "member"]
    node = res.members[res.member_of["Cabinet Member for"]]
    assert "'Cabinet Member for' is truncated: (aliases file)" in node.evidence


def test_role_cut_short_resolves_in_its_own_document_first():
    """A role cut short resolves to the one full role of its own document even when the corpus
    holds another role starting with it."""
    def rec(source, line, members):
        return ItemRecord(source=source, line=line, plan="2017/18", kind=Kind.ACTIVITY, title=f"t{line}",
                          members=members)
    res = resolve([rec("a.txt", 1, ["Cabinet Member for Resources"]), rec("a.txt", 2, ["Cabinet Member for"]),
                   rec("b.txt", 1, ["Cabinet Member for Culture"])])
    assert res.member_of["Cabinet Member for"] == res.member_of["Cabinet Member for Resources"]
    res = resolve([rec("a.txt", 2, ["Cabinet Member for"]), rec("b.txt", 1, ["Cabinet Member for Culture"]),
                   rec("c.txt", 1, ["Cabinet Member for Resources"])])
    assert "Cabinet Member for" not in res.member_of
    assert {c.a for c in res.candidates} == {"Cabinet Member for Culture", "Cabinet Member for Resources"}
    assert "in the corpus" in res.candidates[0].evidence[1]


def test_one_post_rule_on_sample_owner_cells():
    """``is_post`` (loaders.roles) is the one rule, for identity and for splitting owner cells.
    2017/18 line 314 prints "Roy Ormsby (PLACE) / Divisional Director Community Safety (HAC)": a
    post (kept whole, never split into two "names"); line 71 "Nancy Meehan Christine McInnes (CS)"
    is two people; "Esther Trenchard Mabere" (line 69) is a three-word name, not a post."""
    from loaders import cells, roles

    assert is_post is roles.is_post
    assert is_post("Divisional Director Community Safety")
    assert not is_post("Esther Trenchard Mabere") and not is_post("Nancy Meehan Christine McInnes")
    assert is_post("Head of Strategy") and is_post("Service Head") and is_post("Interim Co-ordinator")
    assert not is_post("Andy Lead")  # one post-like word in a short name: a person
    owners, _ = cells.split_people("Roy Ormsby (PLACE) / Divisional Director Community Safety (HAC)")
    assert [(o.name, o.directorate) for o in owners] == [
        ("Roy Ormsby", "PLACE"), ("Divisional Director Community Safety", "HAC")]
    owners, _ = cells.split_people("Nancy Meehan Christine McInnes (CS)")
    assert [o.name for o in owners] == ["Nancy Meehan", "Christine McInnes"]
    # a run of four words with a post word the old loader list lacked ("Community") stays whole
    assert [o.name for o in cells.split_people("Head Community Safety Team")[0]] == ["Head Community Safety Team"]


def test_one_rule_for_a_role_cut_short_mid_phrase():
    """``ends_mid_phrase`` (loaders.roles), used by the quarterly loader and identity alike: 2017/18
    line 171's "Cabinet Member for" ends mid-phrase; line 35's "Cabinet Member for Strategic" may be
    a whole role (it is cut short too, found by the longer role of the same report)."""
    from loaders.roles import ends_mid_phrase

    assert ends_mid_phrase("Cabinet Member for") and ends_mid_phrase("Cabinet Member for Health &")
    assert not ends_mid_phrase("Cabinet Member for Strategic") and not ends_mid_phrase("Executive Mayor")
    assert not ends_mid_phrase("")
