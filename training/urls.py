"""The programme's front-end URLs under /tot/, one namespace ("training") for the three subjects."""

from training.certificates import urls as certificate_urls
from training.cohorts import urls as cohort_urls
from training.nominations import urls as nomination_urls

app_name = "training"
urlpatterns = [*nomination_urls.urlpatterns, *cohort_urls.urlpatterns, *certificate_urls.urlpatterns]
