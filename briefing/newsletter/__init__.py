"""The newsletter: each ISO week's (and each day's) briefings as one issue, on the web and by email.

- :mod:`.weeks`, :mod:`.days`, :mod:`.editions`: the week or day an issue covers;
- :mod:`.issue`: what an issue holds, collected from a Pelican build's articles;
- :mod:`.generator`: the web edition (pages, archive, Atom feed), as a Pelican generator;
- :mod:`.signup`: the sign-up form's list service (NEWSLETTER_SIGNUP);
- :mod:`.plaintext`: HTML as plain text, for mail clients (absolute links come from :mod:`briefing.urls`);
- :mod:`.render`: the HTML email (CSS inlined) and its plain-text alternative;
- :mod:`.mime`: the ready-to-send message;
- :mod:`.build`: a production build of one issue into ``output/newsletter/<week or day>/``;
- :mod:`.ledger`, :mod:`.send`: sending it over SMTP, once to each recipient;
- :mod:`.__main__`: the command line (``python -m briefing.newsletter build|send``).
"""
