from .benefit_views import urlpatterns as benefit_urls
from .writeoff_views import urlpatterns as write_off_urls

# The forms of the tenancy page for arrangements, pauses, benefits, lodgers and write-offs are
# handled by the case file and keep their names here (huurpad/urls.py, casefile/urls.py).
app_name = "solutions"
urlpatterns = [
    *benefit_urls,
    *write_off_urls,
]
