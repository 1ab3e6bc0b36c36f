"""Who the presenter's server thinks is asking, and the cookie its pages need to close cleanly.

When a Voilà page is closed or reloaded, its script asks the server to shut the page's kernel
down (``POST /voila/api/shutdown/<kernel>``, sent by ``navigator.sendBeacon``) and proves the
request came from the page with the ``_xsrf`` cookie. Voilà 0.5's pages never set that cookie
(voila-dashboards/voila#1458, open), so the server refuses the request (403): each reload
left its kernel running until the idle cull, and the browser logged an error.

:class:`PresenterIdentityProvider` is Voilà's own identity provider with one addition: on a
page request it sets the ``_xsrf`` cookie (Tornado sets it the first time a handler reads
``xsrf_token``). The check on the shutdown request stays on; it now has what it checks.
``present.command`` selects it with ``--Voila.identity_provider_class``.
"""

from __future__ import annotations

import inspect

from jupyter_server.auth.identity import PasswordIdentityProvider


class PresenterIdentityProvider(PasswordIdentityProvider):
    """Voilà's default identity provider, setting the ``_xsrf`` cookie on a plain GET (a page
    or a file, not a websocket's upgrade) that arrives without one."""

    async def get_user(self, handler):
        user = super().get_user(handler)
        if inspect.isawaitable(user):
            user = await user
        request = handler.request
        if (request.method == "GET" and "_xsrf" not in request.cookies
                and "upgrade" not in request.headers.get("Connection", "").lower()):
            # tornado's token depends on who is asking: tell the handler first (as its
            # prepare() does straight after this returns), then read the token to set it
            handler.current_user = user
            handler.xsrf_token  # noqa: B018  (reading it sets the cookie: tornado's design)
        return user
