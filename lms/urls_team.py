"""URLs of the LMS: team pages."""

urlpatterns: list = []
