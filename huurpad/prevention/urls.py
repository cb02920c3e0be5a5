"""Prevention (toolkit chapter 1): the public checks and the officer's lists."""

app_name = "prevention"
urlpatterns = []
