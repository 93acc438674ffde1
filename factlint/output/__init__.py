"""Output: reporters (text, JSON, GitHub annotations) and the quote and fact-check sheets."""
