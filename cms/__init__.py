"""The academy's Wagtail pages: home, and in time the resource centre, pathways, events and news."""
