// name: carry_forward
// answers: Carry-forward chains across plan years: every item that carries forward an earlier
//   one (SUCCEEDS), chains followed to their start, with the first and last plan year, how many
//   links the chain has, and whether the earliest item was finished.
// param: min_links: int = 1 -- only chains with at least this many links (2 or more: perennial activities)
MATCH (last)-[:`SUCCEEDS`]->(n1)
WHERE last.kind IN ['theme', 'priority', 'activity', 'milestone']
OPTIONAL MATCH (n1)-[r2:`SUCCEEDS`]->(n2)
OPTIONAL MATCH (n2)-[r3:`SUCCEEDS`]->(n3)
OPTIONAL MATCH (n3)-[r4:`SUCCEEDS`]->(n4)
OPTIONAL MATCH (n4)-[r5:`SUCCEEDS`]->(n5)
OPTIONAL MATCH (n5)-[r6:`SUCCEEDS`]->(n6)
OPTIONAL MATCH (n6)-[r7:`SUCCEEDS`]->(n7)
OPTIONAL MATCH (n7)-[r8:`SUCCEEDS`]->(n8)
OPTIONAL MATCH (n8)-[r9:`SUCCEEDS`]->(n9)
OPTIONAL MATCH (n9)-[r10:`SUCCEEDS`]->(n10)
OPTIONAL MATCH (n10)-[r11:`SUCCEEDS`]->(n11)
WITH last, r11, CASE WHEN r2 IS NULL THEN 1 WHEN r3 IS NULL THEN 2 WHEN r4 IS NULL THEN 3 WHEN r5 IS NULL THEN 4 WHEN r6 IS NULL THEN 5 WHEN r7 IS NULL THEN 6 WHEN r8 IS NULL THEN 7 WHEN r9 IS NULL THEN 8 WHEN r10 IS NULL THEN 9 ELSE 10 END AS links,
     coalesce(n10.id, n9.id, n8.id, n7.id, n6.id, n5.id, n4.id, n3.id, n2.id, n1.id) AS first_id
WHERE r11 IS NULL AND links >= $min_links
WITH DISTINCT last, first_id, links
OPTIONAL MATCH (newer)-[:`SUCCEEDS`]->(last)
WITH last, first_id, links, count(newer) AS n_newer
WHERE n_newer = 0
MATCH (first)
WHERE first.id = first_id
RETURN first.plan AS first_plan, first.code AS first_code, first.title AS first_title,
       first.status AS first_status, last.plan AS last_plan, last.code AS last_code,
       last.title AS last_title, last.status AS last_status, links
ORDER BY links DESC, first_plan, first_title
