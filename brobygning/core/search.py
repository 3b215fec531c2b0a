"""Searches that keep their terms out of URLs (ASVS 8.3.1).

A search term in a query string — a name, a case reference, an address — ends up in the
browser history, in proxy and server logs and in Referer headers. So a list's search form
posts; the criteria that may identify someone are kept in the session under a short random
key, and the browser is sent (303) to the list with `?s=<key>` plus the harmless parameters
(phase, area, page). Paging and Back then work as with a GET form, and the search is logged
once, by the view, when it is submitted — not on every page of the result.

A key the session does not know (expired, from another session, made up) means no search:
the unfiltered list, not an error. Private fields that arrive in a URL are ignored.
"""

import secrets

from django.http import HttpResponseRedirect, QueryDict

PARAM = "s"
PAGE_PARAM = "side"
SESSION_KEY = "searches"
# Searches remembered per session, the oldest forgotten first, and the characters kept of a
# value: together they bound what a search adds to the session.
KEEP = 20
MAX_VALUE = 200


class Search:
    """The criteria of one list's search form, from its POST or from the session.

    `private` names the fields that may carry personal data. Bind the list's form to `data`;
    on a valid POST return `redirect(form.fields)`; give paging links `query`.
    """

    def __init__(self, request, *, private):
        self.request = request
        self.private = frozenset(private)
        self.submitted = request.method == "POST"
        self.key = "" if self.submitted else self._known_key()
        self.data = request.POST if self.submitted else self._data()

    @property
    def query(self) -> str:
        """The list's current parameters without the page number, for paging links."""
        query = self._public(self.request.GET)
        if self.key:
            query[PARAM] = self.key
        return query.urlencode()

    def redirect(self, fields) -> HttpResponseRedirect:
        """Remember the posted private criteria and send the browser to the list (303).

        `fields` are the names of the form's fields: nothing else posted reaches the URL.
        """
        query = QueryDict(mutable=True)
        saved = {}
        for name in fields:
            values = [value[:MAX_VALUE] for value in self.data.getlist(name) if value.strip()]
            if not values or name in (PARAM, PAGE_PARAM):
                continue
            if name in self.private:
                saved[name] = values
            else:
                query.setlist(name, values)
        if saved:
            query[PARAM] = self._remember(saved)
        url = self.request.path + (f"?{query.urlencode()}" if query else "")
        return HttpResponseRedirect(url, status=303)

    def _public(self, params) -> QueryDict:
        query = QueryDict(mutable=True)
        for name, values in params.lists():
            if name not in self.private and name not in (PARAM, PAGE_PARAM):
                query.setlist(name, values)
        return query

    def _data(self) -> QueryDict:
        data = self._public(self.request.GET)
        if self.key:
            for name, values in self._saved()[self.key]["criteria"].items():
                if name in self.private:
                    data.setlist(name, values)
        return data

    def _saved(self) -> dict:
        return self.request.session.get(SESSION_KEY, {})

    def _known_key(self) -> str:
        key = self.request.GET.get(PARAM, "")
        entry = self._saved().get(key)
        return key if entry and entry.get("path") == self.request.path else ""

    def _remember(self, criteria) -> str:
        key = secrets.token_urlsafe(6)
        saved = dict(self._saved())
        saved[key] = {"path": self.request.path, "criteria": criteria}
        self.request.session[SESSION_KEY] = dict(list(saved.items())[-KEEP:])
        return key
