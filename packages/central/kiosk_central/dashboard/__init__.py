"""The supervisor's dashboard: today live, a period's indicators and IKM, exports, alerts."""
