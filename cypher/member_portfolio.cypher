// name: member_portfolio
// answers: A lead member's portfolio: the activities they lead, with each one's status, how many
//   milestones sit under it and how many of those are overdue or delayed, and the officers who
//   own the activity or its milestones.
// param: member: member -- the lead member (any case, a unique part of the name), e.g. Cabinet Member for Work and Economic Growth
// param: plan: plan = "" -- only this plan year, e.g. 2017/18 (empty: every plan)
MATCH (m:Member)-[:`OWNS`]->(a)
WHERE m.name = $member
  AND ($plan = '' OR a.plan = $plan)
RETURN DISTINCT a.plan AS plan, a.source AS source, a.line AS line, a.kind AS kind, a.code AS code,
       a.title AS title, a.status AS status, a.percent AS percent,
       a.under AS milestones, a.late_under AS late_milestones, a.team AS officers
ORDER BY plan, source, line
