"""The embedded SQLite store: schema migrations, tickets, and later the outbox."""
