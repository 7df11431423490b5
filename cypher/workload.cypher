// name: workload
// answers: For each plan year and officer, how many items (activities and milestones) they own,
//   how many are still open (neither completed nor cancelled) and how many are overdue or delayed
//   (status category 'late'). An item with two owners counts once for each.
// param: plan: plan = "" -- only this plan year, e.g. 2012/13 (empty: every plan)
// param: directorate: directorate = "" -- only items with this directorate printed beside the officer, e.g. PLACE (empty: all)
// The counts are kept per officer, plan year and directorate in the Tally table at write time
// (graphmodel/store/tallies.py): counting ~270k owned items on every call took ~250 ms.
MATCH (t:Tally)
WHERE t.owner_label = 'Officer'
  AND t.plan <> ''
  AND ($plan = '' OR t.plan = $plan)
  AND t.directorate = $directorate
RETURN t.plan AS plan, t.owner_id AS officer_id, t.owner AS officer,
       t.n_total AS total, t.n_open AS open, t.n_late AS late
ORDER BY plan, total DESC, officer, officer_id
