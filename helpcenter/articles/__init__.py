"""Articles: Markdown files in ``content/`` read, checked, rendered and shown in both languages."""
