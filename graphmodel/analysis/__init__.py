"""The accountability analyses, one module per family, all on the NetworkX graph.

- ``workload``: items per officer, shares, Gini, Herfindahl, effective owners, sole-owned.
- ``slippage``: overdue, delayed and rebaselined items per officer, directorate, lead member,
  ranked by the lower bound of the Wilson interval.
- ``carry``: SUCCEEDS chains across plan years, perennial activities, carried-unfinished items.
- ``structure``: betweenness on the officer-item-board graph; an officer's accountability chain.
"""
