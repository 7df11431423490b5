// name: sole_owned
// answers: Single points of failure: activities for which exactly one officer owns the activity
//   and every milestone under it that has an owner, with that officer and the activity's status.
// param: plan: string = "" -- only this plan year, e.g. 2012/13 (empty: every plan)
// param: officer: string = "" -- only this officer's activities (empty: everyone)
MATCH (a:Activity)
WHERE a.kind = 'activity'
  AND ($plan = '' OR a.plan = $plan)
OPTIONAL MATCH (o:Officer)-[:`OWNS`]->(a)
WITH a, min(o.id) AS lo1, max(o.id) AS hi1, min(o.name) AS name1
OPTIONAL MATCH (a)<-[:`PART_OF`]-(x:Milestone)<-[:`OWNS`]-(o:Officer)
WHERE x.kind = 'milestone'
WITH a, lo1, hi1, name1, min(o.id) AS lo2, max(o.id) AS hi2, min(o.name) AS name2
WITH a, coalesce(name1, name2) AS officer,
     CASE WHEN lo2 IS NULL OR lo1 < lo2 THEN lo1 ELSE lo2 END AS lo,
     CASE WHEN hi2 IS NULL OR hi1 > hi2 THEN hi1 ELSE hi2 END AS hi
WHERE lo = hi AND ($officer = '' OR officer = $officer)
RETURN a.plan AS plan, officer, a.source AS source, a.line AS line, a.code AS code,
       a.title AS activity, a.status AS status
ORDER BY plan, officer, source, line
