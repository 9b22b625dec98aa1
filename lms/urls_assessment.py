"""URLs of the LMS: assessment pages."""

urlpatterns: list = []
