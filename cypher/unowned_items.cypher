// name: unowned_items
// answers: Which activities and milestones have no owner at all (no officer and no lead member)?
// param: plan: plan = "" -- only this plan year, e.g. 2017/18 (empty: every plan)
MATCH (i)
WHERE i.kind IN ['activity', 'milestone']
  AND i.owners = 0
  AND ($plan = '' OR i.plan = $plan)
RETURN i.plan AS plan, i.source AS source, i.line AS line, i.kind AS kind, i.code AS code,
       i.title AS title, i.status AS status
ORDER BY plan, source, line
