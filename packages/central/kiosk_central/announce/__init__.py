"""Spoken calls for the display board: segments, their voice files, and the browser's player."""
