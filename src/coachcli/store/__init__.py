"""Where records live and how they get there safely: workspaces, atomic private
writes, encryption at rest, the session store with its lock and conflict copies, the
derived index, revisions, migration and forgetting.

Belongs here: files on disk and what can be derived from them for any caller (a
person's steps, the store's summary). Does not: questions, rendering, reports. Imports
``records`` and the ground floor only.
"""
