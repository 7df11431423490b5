// name: dropped
// answers: Activities dropped unfinished: reported unfinished (a status other than completed or
//   cancelled, or under 100%), not carried into a loaded later plan year, and with no comment
//   saying they went to a plan that is not loaded (graphmodel/definitions.py). A plan document
//   that reports no status drops nothing.
// param: plan: plan = "" -- only this plan year, e.g. 2007/08 (empty: every plan)
// Each activity's outcome is derived at write time (graphmodel/store/derived.py).
MATCH (a:Activity)
WHERE a.outcome = 'dropped_unfinished'
  AND ($plan = '' OR a.plan = $plan)
RETURN a.plan AS plan, a.source AS source, a.line AS line, a.code AS code, a.title AS title,
       a.status AS status, a.percent AS percent, a.officer_names AS officers
ORDER BY plan, source, line
