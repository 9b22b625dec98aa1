"""Recruitment: one vacancy board and talent pool for every provider."""
