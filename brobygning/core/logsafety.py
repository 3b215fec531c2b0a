from django.views.debug import SafeExceptionReporterFilter


class NoPersonalDataReporterFilter(SafeExceptionReporterFilter):
    """Error reports show which fields were posted, never their values: free text in this
    product is personal and often special-category data."""

    def get_post_parameters(self, request):
        if request is None:
            return {}
        return {key: self.cleansed_substitute for key in request.POST}
