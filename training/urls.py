"""The programme's front-end URLs, one namespace ("training") for the three subjects. The site's top
(portal.web.urls) mounts `urlpatterns` under /tot/ and `personal_urlpatterns` under the personal area /ca-nhan/."""

from training.certificates import urls as certificate_urls
from training.cohorts import urls as cohort_urls
from training.nominations import urls as nomination_urls

app_name = "training"
urlpatterns = [*nomination_urls.urlpatterns, *cohort_urls.urlpatterns, *certificate_urls.urlpatterns]
personal_urlpatterns = [*cohort_urls.personal_urlpatterns, *certificate_urls.personal_urlpatterns]
