"""coachcli: structured school coaching conversations kept as plain YAML."""

__version__ = "0.1.0"
