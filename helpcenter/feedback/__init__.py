"""Feedback: "Was this article helpful?" votes, reasons and comments, and the editors' report."""
