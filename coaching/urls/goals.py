"""URLs of goals."""

urlpatterns = []
