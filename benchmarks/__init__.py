"""Benchmarks for civicgraph (not shipped): a corpus generator and a timed, answer-checked runner.

``python -m benchmarks.generate --size small --out DIR`` writes documents in all five layouts
plus ``truth.json``; ``python -m benchmarks.run --size small|medium|large`` times every stage
and checks the answers against that truth.
"""
