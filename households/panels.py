"""Panels that apps above the case file add to the case page, keeping dependencies one-way:
households never imports them; they register here in their AppConfig.ready()."""

_panels = []


def register(panel):
    """`panel(request, household)` returns (template name, context) or None."""
    if panel not in _panels:
        _panels.append(panel)


def render_context(request, household):
    return [result for panel in _panels if (result := panel(request, household))]
