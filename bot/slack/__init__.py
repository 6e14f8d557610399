"""The Slack adapter: Bolt listeners turn events into the service's jobs; job handlers post Block Kit."""

from bot.slack.app import SlackBot, run_slack

__all__ = ["SlackBot", "run_slack"]
