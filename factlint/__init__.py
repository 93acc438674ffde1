"""factlint: an editorial fact-check and style linter for news articles."""

__version__ = "0.3.0"
