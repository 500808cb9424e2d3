"""The coaching conversation: questions as data, the askers that answer them (a person
at a terminal lives in ``ui``; an answers file here), the walk through a flow's stages
(one module per stage kind in ``stages/``, found by a registry), weak-step hints, and
progress recorded between meetings.

Belongs here: what is asked and what the answers do to a session. Does not: terminal
code, printing, reports. Imports ``store``, ``records`` and the ground floor.
"""
