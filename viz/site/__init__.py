"""``graph site``: a folder of static HTML pages over the whole graph that works opened from disk.

- ``build``: writes the pages, the shared assets (once) and the downloads; ``write_site``.
- ``figures``: every figure, from the analyses (``graphmodel.analysis``), never counted here.
- ``pages``: one builder per kind of page (index, officer, directorate, board, lead member,
  plan year, activity, lists, search); ``layout``: the frame and the map block.
- ``paths``: where each page lives and the link to any node; ``search``: the search index.
- ``markup``: HTML built so that document text is always text.
"""
