"""Mail: an outbox table written with the case, delivered after the commit and retried later."""
