// name: workload
// answers: For each plan year and officer, how many items (activities and milestones) they own,
//   how many are still open (neither completed nor cancelled) and how many are overdue or delayed
//   (status category 'late'). An item with two owners counts once for each.
// param: plan: string = "" -- only this plan year, e.g. 2012/13 (empty: every plan)
// param: directorate: string = "" -- only items printed with this directorate, e.g. PLACE (empty: all)
MATCH (o:Officer)-[:`OWNS`]->(i)
WHERE i.kind IN ['activity', 'milestone']
  AND ($plan = '' OR i.plan = $plan)
  AND ($directorate = '' OR $directorate IN i.directorates)
RETURN i.plan AS plan, o.id AS officer_id, o.name AS officer,
       count(i) AS total,
       count(CASE WHEN NOT (i.status_category IN ['completed', 'cancelled']) THEN 1 END) AS open,
       count(CASE WHEN i.status_category = 'late' THEN 1 END) AS late
ORDER BY plan, total DESC, officer
