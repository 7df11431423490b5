// name: chain
// answers: The accountability chain of one officer: each item they own, with the activity,
//   priority and theme above it, the lead members who own any of those, the boards that monitor
//   any of them, the directorates printed with the item and the one printed beside the officer.
// param: officer: officer -- the officer (any case, a unique part of the name), e.g. Andy Bamber
// param: plan: plan = "" -- only this plan year, e.g. 2012/13 (empty: every plan)
MATCH (o:Officer)-[r:`OWNS`]->(i)
WHERE o.name = $officer
  AND ($plan = '' OR i.plan = $plan)
RETURN DISTINCT i.plan AS plan, i.source AS source, i.line AS line, i.kind AS kind, i.code AS code,
       i.title AS item, i.status AS status, i.directorates AS directorates, r.directorate AS directorate,
       i.up_activity AS activity, i.up_priority_code AS priority_code, i.up_priority AS priority,
       i.up_theme AS theme, i.up_members AS members, i.up_boards AS boards
ORDER BY plan, source, line
