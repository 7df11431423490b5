// name: sole_owned
// answers: Single points of failure: activities for which exactly one officer owns the activity
//   and every milestone under it that has an owner, with that officer and the activity's status.
// param: plan: plan = "" -- only this plan year, e.g. 2012/13 (empty: every plan)
// param: officer: officer = "" -- only this officer's activities (empty: everyone)
MATCH (a:Activity)
WHERE a.kind = 'activity'
  AND a.sole_officer IS NOT NULL
  AND ($plan = '' OR a.plan = $plan)
  AND ($officer = '' OR a.sole_officer = $officer)
RETURN a.plan AS plan, a.sole_officer AS officer, a.source AS source, a.line AS line, a.code AS code,
       a.title AS activity, a.status AS status
ORDER BY plan, officer, source, line
