"""The central queue API client and the outbox drain (issue 5); standalone needs neither."""
