// name: chain
// answers: The accountability chain of one officer: each item they own, with the activity,
//   priority and theme above it, the lead members who own any of those, the boards that monitor
//   any of them, and the directorates printed with the item.
// param: officer: string -- the officer's name as stored (see graph workload), e.g. Andy Bamber
// param: plan: string = "" -- only this plan year, e.g. 2012/13 (empty: every plan)
MATCH (o:Officer)-[:`OWNS`]->(i)
WHERE o.name = $officer
  AND ($plan = '' OR i.plan = $plan)
OPTIONAL MATCH (i)-[:`PART_OF`*0..3]->(up)
OPTIONAL MATCH (m:Member)-[:`OWNS`]->(up)
OPTIONAL MATCH (b:Board)-[:`MONITORS`]->(up)
RETURN i.plan AS plan, i.source AS source, i.line AS line, i.kind AS kind, i.code AS code,
       i.title AS item, i.status AS status, i.directorates AS directorates,
       max(CASE WHEN up.kind = 'activity' AND up.id <> i.id THEN up.title END) AS activity,
       max(CASE WHEN up.kind = 'priority' THEN up.code END) AS priority_code,
       max(CASE WHEN up.kind = 'priority' THEN up.title END) AS priority,
       max(CASE WHEN up.kind = 'theme' THEN up.title END) AS theme,
       collect(DISTINCT m.name) AS members,
       collect(DISTINCT b.name) AS boards
ORDER BY plan, source, line
