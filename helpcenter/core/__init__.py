"""Site-wide pages: the root redirect, the home page, the language switch, the health check."""
