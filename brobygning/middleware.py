class NoStoreMiddleware:
    """Keep pages with personal data out of browser and proxy caches.

    Every page a logged-in user sees may show household data; `no-store` stops the browser
    from keeping it on disk (shared office PCs, phones) and from showing it on "Back" after
    logout.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store, private"
        return response
