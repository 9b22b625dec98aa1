"""xAPI: validation and helpers for the Experience API, versions 1.0.3 and 2.0.0."""
