// name: slippage_members
// answers: Which lead members' portfolios slip most? Per lead member (cabinet portfolio or
//   councillor), the items they lead and the milestones under those, counted out of the ones with
//   a reported status (n): late (overdue or delayed), rebaselined (comments report a moved
//   deadline) and slipped (either). Ranked by the LOWER bound of the 95% Wilson interval of slipped / n.
// param: plan: string = "" -- only this plan year, e.g. 2017/18 (empty: every plan)
// param: min_items: int = 5 -- leave out members with fewer than this many items with a status
MATCH (m:Member)
OPTIONAL MATCH (m)-[:`OWNS`]->(i)
WHERE i.kind IN ['activity', 'milestone']
  AND i.status_category <> 'unknown'
  AND ($plan = '' OR i.plan = $plan)
WITH m, collect({id: i.id, late: i.status_category = 'late', comments: i.comments}) AS led
OPTIONAL MATCH (m)-[:`OWNS`]->(a)<-[:`PART_OF`]-(i)
WHERE i.kind IN ['activity', 'milestone']
  AND i.status_category <> 'unknown'
  AND ($plan = '' OR i.plan = $plan)
WITH m, led, collect({id: i.id, late: i.status_category = 'late', comments: i.comments}) AS under
UNWIND led + under AS i
WITH DISTINCT m.id AS member_id, m.name AS member, i.id AS item, i.late AS is_late, i.comments AS comments
WHERE item IS NOT NULL
WITH member_id, member, item, is_late,
     coalesce(comments, '') =~ '(?is).*((deadline|timetable|timeline|timescale|target date|completion date)s?( date)?( (has|have|had|been|was|were|is|are|now|being|will|need|needs|to|be))* (revised|moved|extended|changed|amended|put back|pushed back|delayed)|(revised|new) (target |completion |delivery )?(deadline|date|timescale|timetable)|now due|re-?profil|postpon|deferred (to|until)|(delayed|slipped|put back|pushed back|moved back) (to|until|from)|reschedul).*' AS is_moved
WITH member_id, member, count(item) AS n,
     count(CASE WHEN is_late THEN 1 END) AS late,
     count(CASE WHEN is_moved THEN 1 END) AS rebaselined,
     count(CASE WHEN is_late OR is_moved THEN 1 END) AS slipped
WHERE n >= $min_items
WITH member_id, member, n, late, rebaselined, slipped, 1.0 * slipped / n AS rate, 1.959963984540054 AS z
WITH member_id, member, n, late, rebaselined, slipped, rate,
     (rate + z * z / (2.0 * n)) / (1.0 + z * z / n) AS centre,
     z * sqrt(rate * (1.0 - rate) / n + z * z / (4.0 * n * n)) / (1.0 + z * z / n) AS half
RETURN member_id, member, n, late, rebaselined, slipped, rate, centre - half AS lower, centre + half AS upper
ORDER BY lower DESC, n DESC, member
