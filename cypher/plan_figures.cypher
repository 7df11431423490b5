// name: plan_figures
// answers: The headline figures per plan year, over its activities and milestones, each as
//   graphmodel/definitions.py defines it: items, open (neither completed nor cancelled), late
//   (overdue or delayed), completed (of which completed by percent: 100% with no status printed),
//   unowned (no officer, no lead member), sole-owned activities, carried forward (a later item
//   SUCCEEDS it), carried unfinished (carried while open) and dropped activities (reported
//   unfinished, not carried into a loaded later plan year).
// param: plan: plan = "" -- only this plan year, e.g. 2012/13 (empty: every plan)
// status_category is stored as the definitions give it (no status at 100% is 'completed'),
// sole_officer, owners, carried and outcome are derived at write time (graphmodel/store/derived.py).
// count(CASE ... END), not sum: a sum of whole numbers is a float on some servers (FalkorDB).
MATCH (i)
WHERE i.kind IN ['activity', 'milestone']
  AND ($plan = '' OR i.plan = $plan)
RETURN i.plan AS plan,
       count(*) AS items,
       count(CASE WHEN NOT (i.status_category IN ['completed', 'cancelled']) THEN 1 END) AS open,
       count(CASE WHEN i.status_category = 'late' THEN 1 END) AS late,
       count(CASE WHEN i.status_category = 'completed' THEN 1 END) AS completed,
       count(CASE WHEN i.status_category = 'completed' AND i.status IS NULL AND i.percent = 100 THEN 1 END)
         AS completed_by_percent,
       count(CASE WHEN i.owners = 0 THEN 1 END) AS unowned,
       count(CASE WHEN i.kind = 'activity' AND i.sole_officer IS NOT NULL THEN 1 END) AS sole_owned,
       count(CASE WHEN i.carried THEN 1 END) AS carried_forward,
       count(CASE WHEN i.carried AND NOT i.status_category IN ['completed', 'cancelled'] THEN 1 END)
         AS carried_unfinished,
       count(CASE WHEN i.outcome = 'dropped_unfinished' THEN 1 END) AS dropped
ORDER BY plan
