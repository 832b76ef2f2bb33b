"""The JSON API (``/api/v1``) for the Pulse app and partner integrations; see ``views``."""
