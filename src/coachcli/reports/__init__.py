"""What the coach reads about their coaching: the follow-up dashboard and the brief,
``coach doctor``'s checks, and the exports: markdown from their templates, and the
web page and Word document made from that markdown.

Belongs here: turning stored records into something to read. Does not: asking
questions or changing sessions (except doctor's read-only checks), terminal drawing
(``ui`` draws what these return). Imports ``store``, ``records`` and the ground floor.
"""
