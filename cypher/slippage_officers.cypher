// name: slippage_officers
// answers: Whose items slip most? Per officer, out of the items they own that have a reported
//   status (n): how many are overdue or delayed (late), how many have comments reporting a moved
//   deadline (rebaselined), and how many are either (slipped). Ranked by the LOWER bound of the
//   95% Wilson interval of slipped / n, so one late item out of two does not outrank 10 out of 20.
// param: plan: string = "" -- only this plan year, e.g. 2017/18 (empty: every plan)
// param: directorate: string = "" -- only items printed with this directorate (empty: all)
// param: min_items: int = 5 -- leave out officers with fewer than this many items with a status
MATCH (o:Officer)-[:`OWNS`]->(i)
WHERE i.kind IN ['activity', 'milestone']
  AND i.status_category <> 'unknown'
  AND ($plan = '' OR i.plan = $plan)
  AND ($directorate = '' OR $directorate IN i.directorates)
WITH o, i, i.status_category = 'late' AS is_late,
     i.rebaselined AS is_moved
WITH o.id AS officer_id, o.name AS officer, count(i) AS n,
     count(CASE WHEN is_late THEN 1 END) AS late,
     count(CASE WHEN is_moved THEN 1 END) AS rebaselined,
     count(CASE WHEN is_late OR is_moved THEN 1 END) AS slipped
WHERE n >= $min_items
WITH officer_id, officer, n, late, rebaselined, slipped, 1.0 * slipped / n AS rate, 1.959963984540054 AS z
WITH officer_id, officer, n, late, rebaselined, slipped, rate,
     (rate + z * z / (2.0 * n)) / (1.0 + z * z / n) AS centre,
     z * sqrt(rate * (1.0 - rate) / n + z * z / (4.0 * n * n)) / (1.0 + z * z / n) AS half
RETURN officer_id, officer, n, late, rebaselined, slipped, rate,
       centre - half AS lower, centre + half AS upper
ORDER BY lower DESC, n DESC, officer
