"""URLs of observations."""

urlpatterns = []
