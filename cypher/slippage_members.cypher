// name: slippage_members
// answers: Which lead members' portfolios slip most? Per lead member (cabinet portfolio or
//   councillor), the items they lead and the milestones under those, counted out of the ones with
//   a reported status (n): late (overdue or delayed), rebaselined (comments report a moved
//   deadline) and slipped (either). Ranked by the LOWER bound of the 95% Wilson interval of slipped / n.
// param: plan: string = "" -- only this plan year, e.g. 2017/18 (empty: every plan)
// param: min_items: int = 5 -- leave out members with fewer than this many items with a status
MATCH (i)
WHERE i.kind IN ['activity', 'milestone']
  AND i.status_category <> 'unknown'
  AND ($plan = '' OR i.plan = $plan)
UNWIND i.lead_member_ids AS lead
WITH lead, count(i) AS n,
     count(CASE WHEN i.status_category = 'late' THEN 1 END) AS late,
     count(CASE WHEN i.rebaselined THEN 1 END) AS rebaselined,
     count(CASE WHEN i.status_category = 'late' OR i.rebaselined THEN 1 END) AS slipped
WHERE n >= $min_items
MATCH (m:Member)
WHERE m.id = lead
WITH m.id AS member_id, m.name AS member, n, late, rebaselined, slipped, 1.0 * slipped / n AS rate,
     1.959963984540054 AS z
WITH member_id, member, n, late, rebaselined, slipped, rate,
     (rate + z * z / (2.0 * n)) / (1.0 + z * z / n) AS centre,
     z * sqrt(rate * (1.0 - rate) / n + z * z / (4.0 * n * n)) / (1.0 + z * z / n) AS half
RETURN member_id, member, n, late, rebaselined, slipped, rate, centre - half AS lower, centre + half AS upper
ORDER BY lower DESC, n DESC, member
