"""Akhbar."""
