// name: carried_unfinished
// answers: For each officer, how many of the items they own were carried forward into a later
//   plan year (a later item SUCCEEDS them) while not completed.
// param: plan: string = "" -- only items of this plan year, e.g. 2012/13 (empty: every plan)
MATCH (o:Officer)-[:`OWNS`]->(i)
WHERE i.carried
  AND i.kind IN ['activity', 'milestone']
  AND i.status_category <> 'completed'
  AND ($plan = '' OR i.plan = $plan)
RETURN o.id AS officer_id, o.name AS officer, count(DISTINCT i.id) AS carried_unfinished
ORDER BY carried_unfinished DESC, officer
