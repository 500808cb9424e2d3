"""The terminal: the rich console, the questionary asker, and how listings, the brief,
sessions, frameworks and doctor's report are drawn.

Belongs here: everything that knows about rich, questionary or prompt_toolkit. Does
not: deciding what to show (``reports``) or what to ask (``conversation``). Only
``cli`` imports it.
"""
