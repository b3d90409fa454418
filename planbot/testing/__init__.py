"""Local stand-ins for Slack's Web API and Teams Workflows webhooks (the sandbox, tests, benchmarks)."""
