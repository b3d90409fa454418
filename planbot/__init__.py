"""The `planbot` command: the composition root that wires settings, database, Slack, Teams and scheduler."""
