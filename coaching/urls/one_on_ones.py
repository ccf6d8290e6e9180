"""URLs of one_on_ones."""

urlpatterns = []
