"""Pictures of the accountability graph: offline HTML maps and the governance report.

``viz.maps`` turns a ``graphmodel.neighbourhood.Neighbourhood`` into a ``MapSpec`` (what to
draw: nodes with positions, styles and tooltips; edges; legend; title line) and hands it
to a renderer (``viz.render``: the interface, and the vis-network engine behind it).
``viz.report`` writes the governance report. Every file written opens offline: scripts,
styles and charts are inlined, and the page makes no network request.
"""
