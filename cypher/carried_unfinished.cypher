// name: carried_unfinished
// answers: For each officer, how many of the items they own were carried forward into a later
//   plan year (a later item SUCCEEDS them) while not completed.
// param: plan: plan = "" -- only items of this plan year, e.g. 2012/13 (empty: every plan)
// The counts are kept per officer and plan year in the Tally table at write time
// (graphmodel/store/tallies.py): joining officers to ~270k owned items took ~50-100 ms a call.
MATCH (t:Tally)
WHERE t.owner_label = 'Officer'
  AND t.plan = $plan
  AND t.directorate = ''
  AND t.n_carried_unfinished > 0
RETURN t.owner_id AS officer_id, t.owner AS officer, t.n_carried_unfinished AS carried_unfinished
ORDER BY carried_unfinished DESC, officer, officer_id
