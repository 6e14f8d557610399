"""The Discord adapter: slash commands defer and enqueue the service's jobs; job handlers post embeds."""

from bot.discord.app import BriefBot, run_bot, run_discord

__all__ = ["BriefBot", "run_bot", "run_discord"]
