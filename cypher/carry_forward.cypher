// name: carry_forward
// answers: Carry-forward chains across plan years: every item that carries forward an earlier
//   one (SUCCEEDS), chains followed to their start, with the first and last plan year, how many
//   links the chain has, and whether the earliest item was finished.
// param: min_links: int = 1 -- only chains with at least this many links (2 or more: perennial activities)
// Each chain's latest item stores its chain (chain_links, first_*) and its place in this order
// (chain_rank: most links first, then first plan and title, then last plan, code, title) at write
// time (graphmodel/store/derived.py).
MATCH (last)
WHERE last.chain_links >= $min_links
  AND last.kind IN ['theme', 'priority', 'activity', 'milestone']
RETURN last.first_plan AS first_plan, last.first_code AS first_code, last.first_title AS first_title,
       last.first_status AS first_status, last.plan AS last_plan, last.code AS last_code,
       last.title AS last_title, last.status AS last_status, last.chain_links AS links
ORDER BY last.chain_rank
