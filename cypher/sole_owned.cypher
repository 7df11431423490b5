// name: sole_owned
// answers: Single points of failure: activities for which exactly one officer owns the activity
//   and every milestone under it that has an owner, with that officer and the activity's status.
// param: plan: string = "" -- only this plan year, e.g. 2012/13 (empty: every plan)
// param: officer: string = "" -- only this officer's activities (empty: everyone)
MATCH (o:Officer)-[:`OWNS`]->(x)-[:`PART_OF`*0..1]->(a)
WHERE a.kind = 'activity'
  AND x.kind IN ['activity', 'milestone']
  AND ($plan = '' OR a.plan = $plan)
WITH a, count(DISTINCT o.id) AS officers, min(o.name) AS officer
WHERE officers = 1 AND ($officer = '' OR officer = $officer)
RETURN a.plan AS plan, officer, a.source AS source, a.line AS line, a.code AS code,
       a.title AS activity, a.status AS status
ORDER BY plan, officer, source, line
