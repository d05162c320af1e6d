"""Turning articles as editors receive them into briefing posts (``briefing import``).

An article arrives as pasted text, a saved web page or a feed item, usually
damaged on the way (wrong code pages, WordPress residue, hostile markup). Each
module holds one concern, so that every rule lives in exactly one place:

* ``inputs``: what the command line names, read and decoded (or failed with a reason);
* ``repair`` and ``residue``: code-page damage undone, page leftovers removed
  (``briefing/data/residue.yaml``);
* ``formats``: text, web page or feed, told apart by content, each read into
  ``blocks`` (``textblocks``, ``htmlblocks``, through the sanitiser) whose text is
  safe Markdown (``inline``);
* ``pagemeta`` and ``summary``: a saved page's own metadata (JSON-LD, meta tags, ``<time>``,
  byline, in that order), its article element, and summary bullets its markup labels;
* ``sections``: Highlights, body, Why newsworthy?, Takeaway and Source among the blocks;
* ``drafts``: highlights proposed from the article's own sentences, and the ``review:`` list
  that keeps a post with anything proposed or guessed a draft;
* ``sources``, ``metadata``, ``tagging``, ``dates``: the front matter an article does not
  state outright, steered by editor-editable data files (``datafiles``, ``wordrules``);
* ``convert``: a :class:`briefing.schema.Briefing` and its body, checked against the contract;
* ``writer``: posts on disk, never overwriting an editor's file;
* ``pipeline``, ``report`` and ``command``: a run, what the editor sees, the CLI.
"""
