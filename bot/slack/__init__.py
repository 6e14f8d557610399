"""The Slack adapter: Slack events in, core calls, Block Kit out. Only this package imports slack_bolt/sdk."""
