"""Betweenness of an undirected, unweighted graph from a sample of source nodes, in numpy.

Brandes' algorithm, one breadth-first search per source, each level of it done for the whole
frontier at once with array operations: NetworkX does the same work node by node in Python,
which takes about a second per source on the quarter-million-node accountability graph of the
benchmark corpus; here a source takes tens of milliseconds. The sources are the ones
``networkx.betweenness_centrality(h, k, seed=seed)`` samples and the scaling is the one it
applies (endpoints excluded, normalised), so both give the same estimate.
"""

from __future__ import annotations

import random

import networkx as nx
import numpy as np


def _csr(h: nx.Graph, index: dict) -> tuple[np.ndarray, np.ndarray]:
    """Both directions of every edge of ``h`` as (indptr, indices) over the node numbers ``index``."""
    n = len(index)
    src = np.fromiter((index[u] for u, v in h.edges() if u != v), dtype=np.int64)
    dst = np.fromiter((index[v] for u, v in h.edges() if u != v), dtype=np.int64)
    src, dst = np.concatenate([src, dst]), np.concatenate([dst, src])
    order = np.argsort(src, kind="stable")
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(src, minlength=n), out=indptr[1:])
    return indptr, dst[order]


def _dependencies(indptr: np.ndarray, indices: np.ndarray, s: int) -> np.ndarray:
    """Brandes' dependency of ``s`` on every node (0 for ``s`` itself)."""
    n = len(indptr) - 1
    dist = np.full(n, -1, dtype=np.int64)
    sigma = np.zeros(n)
    dist[s], sigma[s] = 0, 1.0
    frontier = np.array([s], dtype=np.int64)
    levels: list[tuple[np.ndarray, np.ndarray]] = []  # per level, the edges (u, v) on shortest paths
    depth = 0
    while frontier.size:
        starts, counts = indptr[frontier], indptr[frontier + 1] - indptr[frontier]
        total = int(counts.sum())
        if not total:
            break
        u = np.repeat(frontier, counts)
        offsets = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
        v = indices[np.repeat(starts, counts) + offsets]
        fresh = v[dist[v] == -1]
        dist[fresh] = depth + 1
        on_path = dist[v] == depth + 1
        u, v = u[on_path], v[on_path]
        np.add.at(sigma, v, sigma[u])
        levels.append((u, v))
        # the nodes first reached at this depth (np.unique of ``fresh`` costs far more: a hash per edge)
        frontier = np.flatnonzero(dist == depth + 1) if fresh.size else fresh
        depth += 1
    delta = np.zeros(n)
    for u, v in reversed(levels):
        np.add.at(delta, u, sigma[u] / sigma[v] * (1.0 + delta[v]))
    delta[s] = 0.0
    return delta


def sampled_betweenness(h: nx.Graph, k: int, seed: int = 0) -> dict:
    """Normalised betweenness of every node of ``h`` estimated from ``k`` sources sampled with
    ``seed`` (all nodes when ``k`` >= the number of nodes): node -> value, as
    ``networkx.betweenness_centrality(h, k=k, seed=seed)`` computes it."""
    nodes = list(h.nodes())
    n = len(nodes)
    index = {node: i for i, node in enumerate(nodes)}
    sources = nodes if k >= n else random.Random(seed).sample(nodes, k)
    indptr, indices = _csr(h, index)
    raw = np.zeros(n)
    for s in sources:
        raw += _dependencies(indptr, indices, index[s])
    result = dict(zip(nodes, raw.tolist(), strict=True))
    big_n = n - 1  # the (s, t) pairs a node can lie between: itself excluded
    if big_n < 2:
        return result
    if k >= n:
        return {v: b / (big_n * (big_n - 1)) for v, b in result.items()}
    # a sampled source is never between itself and a target: it has one source fewer
    sampled = set(sources)
    in_sample = 1 / ((k - 1) * (big_n - 1)) if k > 1 else float("nan")
    out_of_sample = 1 / (k * (big_n - 1))
    return {v: b * (in_sample if v in sampled else out_of_sample) for v, b in result.items()}
