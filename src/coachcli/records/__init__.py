"""What is kept on disk, as data: safe YAML, the pydantic models of every file a person
reads or edits (sessions, frameworks, ``coach.yaml``, answers files), their JSON
Schemas, format migrations and the shared words (statuses, kinds).

Belongs here: anything that defines or checks what a file holds. Does not: where files
live, how they are written, the conversation, or anything that prints. Imports nothing
of coachcli but ``errors``, ``clock`` and ``dates``.
"""
