"""The build engine: how one `make html` runs through several processes and still writes one site.

Pelican builds in one process; this package makes a large local build use
both cores without changing a byte of its output:

1. **Start** (``get_generators``): children and workers a failed build left
   behind are joined, per-build state and counters (:mod:`.stats`) start
   afresh, and the content cache moves to the folder of this build's key
   (:mod:`.cache_key`: rendering code, library versions, rendering settings);
   other keys' folders are deleted.
2. **Reading**: every article the cache cannot give back is rendered ahead of
   Pelican's reading by a pool of worker processes (:mod:`.pool`); the reader
   (:mod:`briefing.reader`) takes each result, logging what the worker
   logged. If the pool fails, the reader renders the rest itself. Once the
   articles are read and their addresses final (``article_generator_finalized``),
   a forked child at low priority writes the search records and becomes
   Pagefind (:mod:`briefing.search`), building the index aside on the core
   left idle while hubs and lists are computed.
3. **Before writing** (``all_generators_finalized``): on a rebuild, the pages
   of the posts just edited are written first (:mod:`.changed_first`).
4. **Writing** (``get_writer``): on sites of at least ``BRIEFING_PARALLEL_MIN``
   articles, a forked child (:mod:`.forked`) writes the article pages
   (:mod:`.article_writer`) and finds their related briefings
   (:class:`briefing.related.Related`), while Pelican writes feeds, lists and hubs.
5. **End** (``finalized``): the children are joined (the search index
   moved into the site); each one's log is
   replayed here and its failure raised; ``content_written`` is sent for every
   page the article writer wrote, so the sitemap and any other plugin see every
   page. Only then do the sitemap, precompression and the publish checks run.

Children and workers die with the build (:mod:`.lifeline`). A platform without
``fork`` builds in one process, as do small sites. `make publish` keeps a
cache of its own: rendered posts, with what they logged, and compressed copies
of unchanged files (:mod:`.compressed`).
"""
