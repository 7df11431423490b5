// name: board_items
// answers: What a board (monitoring group) monitors: each item, its status and % complete,
//   and the officers who own it.
// param: board: board -- the board (any case, a unique part of the name), e.g. CLT
// param: plan: plan = "" -- only this plan year, e.g. 2019/20 (empty: every plan)
MATCH (b:Board)-[:`MONITORS`]->(i)
WHERE b.name = $board
  AND ($plan = '' OR i.plan = $plan)
RETURN DISTINCT i.plan AS plan, i.source AS source, i.line AS line, i.kind AS kind, i.code AS code,
       i.title AS title, i.status AS status, i.percent AS percent, i.officer_names AS owners
ORDER BY plan, source, line
