"""The supervisor's reports: queue KPIs and the satisfaction index, as tables, charts and files."""
