// name: overdue_by_directorate
// answers: Overdue or delayed items by directorate and plan year: per plan year and directorate
//   printed on the item (an item with two counts for both; '(none)' when none is printed), how
//   many items have a reported status and how many of those are overdue or delayed.
// param: plan: plan = "" -- only this plan year, e.g. 2017/18 (empty: every plan)
// The counts are kept per plan year and directorate in the Tally table at write time (its rows
// with no officer count every item; graphmodel/store/tallies.py): scanning ~230k items took ~80 ms.
MATCH (t:Tally)
WHERE t.owner_label = ''
  AND t.plan <> ''
  AND ($plan = '' OR t.plan = $plan)
  AND t.directorate <> ''
  AND t.n_reported > 0
RETURN t.plan AS plan, t.directorate AS directorate, t.n_reported AS reported, t.n_late AS late
ORDER BY plan, late DESC, directorate
