"""The staff console: accounts, login and the pages behind it."""
