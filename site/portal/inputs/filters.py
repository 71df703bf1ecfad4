"""Listing filters that ignore only what is wrong: `?kind=bogus&unit=tam-ky` still filters by unit, and the page
says which filter was ignored, instead of dropping every filter (or silently showing everything)."""


def bind_ignoring_invalid(form_class, data, **kwargs):
    """(bound form, labels of the filters ignored): the form bound to `data` without the fields it refused.
    `data` empty gives an unbound form, as `Form(request.GET or None)` would."""
    form = form_class(data or None, **kwargs)
    if not data or form.is_valid():
        return form, []
    refused = [name for name in form.errors if name in form.fields]
    ignored = [str(form.fields[name].label) for name in refused]
    kept = data.copy()
    for name in refused:
        kept.pop(name, None)
    form = form_class(kept or None, **kwargs)
    if kept and not form.is_valid():  # a cross-field refusal: nothing can be kept
        form = form_class(None, **kwargs)
    return form, ignored
