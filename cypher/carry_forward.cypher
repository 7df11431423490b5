// name: carry_forward
// answers: Carry-forward chains across plan years: every item that carries forward an earlier
//   one (SUCCEEDS), chains followed to their start, with the first and last plan year, how many
//   links the chain has, and whether the earliest item was finished.
// param: min_links: int = 1 -- only chains with at least this many links (2 or more: perennial activities)
MATCH p = (last)-[:`SUCCEEDS`*1..10]->(first)
WHERE last.kind IN ['theme', 'priority', 'activity', 'milestone']
WITH last, first, length(p) AS links
OPTIONAL MATCH (newer)-[:`SUCCEEDS`]->(last)
WITH last, first, links, count(newer) AS n_newer
OPTIONAL MATCH (first)-[:`SUCCEEDS`]->(older)
WITH last, first, links, n_newer, count(older) AS n_older
WHERE n_newer = 0 AND n_older = 0 AND links >= $min_links
RETURN first.plan AS first_plan, first.code AS first_code, first.title AS first_title,
       first.status AS first_status, last.plan AS last_plan, last.code AS last_code,
       last.title AS last_title, last.status AS last_status, links
ORDER BY links DESC, first_plan, first_title
