// name: overdue_by_directorate
// answers: Overdue or delayed items by directorate and plan year: per plan year and directorate
//   printed on the item (an item with two counts for both; '(none)' when none is printed), how
//   many items have a reported status and how many of those are overdue or delayed.
// param: plan: string = "" -- only this plan year, e.g. 2017/18 (empty: every plan)
MATCH (i)
WHERE i.kind IN ['activity', 'milestone']
  AND i.status_category <> 'unknown'
  AND ($plan = '' OR i.plan = $plan)
UNWIND CASE WHEN size(coalesce(i.directorates, [])) = 0 THEN ['(none)'] ELSE i.directorates END AS directorate
RETURN i.plan AS plan, directorate, count(i) AS reported,
       count(CASE WHEN i.status_category = 'late' THEN 1 END) AS late
ORDER BY plan, late DESC, directorate
