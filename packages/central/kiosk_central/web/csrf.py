from django.shortcuts import render


def csrf_failure(request, reason: str = ""):
    """A form sent without (or with a stale) CSRF token: say what to do, change nothing."""
    return render(request, "central/csrf.html", status=403)
