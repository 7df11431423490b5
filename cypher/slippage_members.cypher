// name: slippage_members
// answers: Which lead members' portfolios slip most? Per lead member (cabinet portfolio or
//   councillor), the items they lead and the milestones under those, counted out of the ones with
//   a reported status (n): late (overdue or delayed), rebaselined (comments report a moved
//   deadline) and slipped (either). Ranked by the LOWER bound of the 95% Wilson interval of slipped / n.
// param: plan: plan = "" -- only this plan year, e.g. 2017/18 (empty: every plan)
// param: min_items: int = 5 -- leave out members with fewer than this many items with a status
// The counts are kept per lead member and plan year in the Tally table at write time
// (graphmodel/store/tallies.py, from each item's stored lead_member_ids and rebaselined columns):
// counting ~230k items on every call took ~60 ms.
MATCH (t:Tally)
WHERE t.owner_label = 'Member'
  AND t.plan = $plan
  AND t.directorate = ''
  AND t.n_reported > 0
  AND t.n_reported >= $min_items
WITH t.owner_id AS member_id, t.owner AS member, t.n_reported AS n, t.n_late AS late,
     t.n_rebaselined AS rebaselined, t.n_slipped AS slipped
WITH member_id, member, n, late, rebaselined, slipped, 1.0 * slipped / n AS rate, 1.959963984540054 AS z
WITH member_id, member, n, late, rebaselined, slipped, rate,
     (rate + z * z / (2.0 * n)) / (1.0 + z * z / n) AS centre,
     z * sqrt(rate * (1.0 - rate) / n + z * z / (4.0 * n * n)) / (1.0 + z * z / n) AS half
RETURN member_id, member, n, late, rebaselined, slipped, rate, centre - half AS lower, centre + half AS upper
ORDER BY lower DESC, n DESC, member, member_id
