// name: slippage_officers
// answers: Whose items slip most? Per officer, out of the items they own that have a reported
//   status (n): how many are overdue or delayed (late), how many have comments reporting a moved
//   deadline (rebaselined), and how many are either (slipped). Ranked by the LOWER bound of the
//   95% Wilson interval of slipped / n, so one late item out of two does not outrank 10 out of 20.
// param: plan: plan = "" -- only this plan year, e.g. 2017/18 (empty: every plan)
// param: directorate: directorate = "" -- only items with this directorate printed beside the officer (empty: all)
// param: min_items: int = 5 -- leave out officers with fewer than this many items with a status
// The counts are kept per officer, plan year and directorate in the Tally table at write time
// (graphmodel/store/tallies.py; whether comments report a moved deadline is each item's stored
// i.rebaselined column): counting ~270k owned items on every call took ~250 ms.
MATCH (t:Tally)
WHERE t.owner_label = 'Officer'
  AND t.plan = $plan
  AND t.directorate = $directorate
  AND t.n_reported > 0
  AND t.n_reported >= $min_items
WITH t.owner_id AS officer_id, t.owner AS officer, t.n_reported AS n, t.n_late AS late,
     t.n_rebaselined AS rebaselined, t.n_slipped AS slipped
WITH officer_id, officer, n, late, rebaselined, slipped, 1.0 * slipped / n AS rate, 1.959963984540054 AS z
WITH officer_id, officer, n, late, rebaselined, slipped, rate,
     (rate + z * z / (2.0 * n)) / (1.0 + z * z / n) AS centre,
     z * sqrt(rate * (1.0 - rate) / n + z * z / (4.0 * n * n)) / (1.0 + z * z / n) AS half
RETURN officer_id, officer, n, late, rebaselined, slipped, rate,
       centre - half AS lower, centre + half AS upper
ORDER BY lower DESC, n DESC, officer, officer_id
