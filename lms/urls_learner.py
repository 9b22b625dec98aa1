"""URLs of the LMS: learner pages."""

urlpatterns: list = []
