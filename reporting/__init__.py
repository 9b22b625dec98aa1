"""Workforce reporting: compliance figures, dashboards and exports."""
