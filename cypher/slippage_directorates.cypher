// name: slippage_directorates
// answers: Which directorates' items slip most? Per directorate printed on an item (an item
//   printed with two counts for both), out of the items with a reported status (n): late
//   (overdue or delayed), rebaselined (comments report a moved deadline) and slipped (either).
//   Ranked by the LOWER bound of the 95% Wilson interval of slipped / n.
// param: plan: plan = "" -- only this plan year, e.g. 2017/18 (empty: every plan)
// param: min_items: int = 5 -- leave out directorates with fewer than this many items with a status
// The counts are kept per directorate and plan year in the Tally table at write time (its rows
// with no owner count every item; graphmodel/store/tallies.py): counting ~230k items on every
// call took ~50 ms. Items printed with no directorate ('(none)' there) are in no directorate's n.
MATCH (t:Tally)
WHERE t.owner_label = ''
  AND t.plan = $plan
  AND t.directorate <> ''
  AND t.directorate <> '(none)'
  AND t.n_reported > 0
  AND t.n_reported >= $min_items
WITH t.directorate AS directorate, t.n_reported AS n, t.n_late AS late, t.n_rebaselined AS rebaselined,
     t.n_slipped AS slipped
WITH directorate, n, late, rebaselined, slipped, 1.0 * slipped / n AS rate, 1.959963984540054 AS z
WITH directorate, n, late, rebaselined, slipped, rate,
     (rate + z * z / (2.0 * n)) / (1.0 + z * z / n) AS centre,
     z * sqrt(rate * (1.0 - rate) / n + z * z / (4.0 * n * n)) / (1.0 + z * z / n) AS half
RETURN directorate, n, late, rebaselined, slipped, rate, centre - half AS lower, centre + half AS upper
ORDER BY lower DESC, n DESC, directorate
