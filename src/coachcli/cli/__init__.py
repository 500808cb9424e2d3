"""The ``coach`` command: typer parses, one application context is built, a command
calls down into the layers below and hands results to ``ui``; one handler turns errors
into one line and an exit code.

Belongs here: options, help texts, choosing the asker, exit codes. Does not: logic a
test should reach without a terminal.
"""
