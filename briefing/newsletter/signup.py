"""The sign-up form: a plain HTML form that posts to the site's mailing-list service.

The site stays static: the form posts straight to the list service's public
subscription address (no JavaScript, no request to any other host until the
reader submits), and the service does the rest, double opt-in included.
NEWSLETTER_SIGNUP names the service; each preset knows the address and the
fields its service expects:

- ``listmonk``: ``{"provider": "listmonk", "action": "https://lists.example/subscription/form",
  "lists": ["<list uuid>"]}`` posts ``email``, ``name``, each list's uuid as ``l``, and an
  empty ``nonce`` (listmonk's trap for bots);
- ``buttondown``: ``{"provider": "buttondown", "user": "<username>"}`` posts ``email`` (and
  ``embed=1``) to ``https://buttondown.com/api/emails/embed-subscribe/<username>``;
- ``mailchimp``: ``{"provider": "mailchimp", "action": "https://<dc>.list-manage.com/subscribe/post?u=…&id=…"}``
  posts ``EMAIL`` and the empty ``b_<u>_<id>`` field Mailchimp checks to turn bots away.

Without the setting there is no form, and no page promises email.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from ipaddress import ip_address
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit


class SignupError(ValueError):
    """NEWSLETTER_SIGNUP is wrong; the message says how."""


@dataclass(frozen=True)
class SignupForm:
    """What the form partial needs: where it posts and the name of each field."""

    provider: str
    action: str
    email_field: str
    #: An optional name field the service stores, or None.
    name_field: str | None = None
    #: Fields sent as they are: ``(name, value)`` pairs, a name may repeat (listmonk's lists).
    hidden: tuple[tuple[str, str], ...] = ()
    #: A text field that must stay empty: the service drops sign-ups that fill it in (bots).
    trap: str | None = None

    @property
    def origin(self) -> str:
        """``https://lists.example``: what the pages' Content-Security-Policy must allow in form-action."""
        parts = urlsplit(self.action)
        return f"{parts.scheme}://{parts.netloc}"


def _action(config: Mapping[str, Any], example: str) -> str:
    action = str(config.get("action") or "").strip()
    if not action:
        raise SignupError(f"NEWSLETTER_SIGNUP: {config.get('provider')} needs \"action\", its form's address, like {example}")
    parts = urlsplit(action)
    local = parts.hostname in ("localhost",) or _is_loopback(parts.hostname)
    if parts.scheme != "https" and not (parts.scheme == "http" and local):
        raise SignupError(f"NEWSLETTER_SIGNUP: \"action\" must be an https: address, not {action!r}")
    if not parts.hostname or any(c in action for c in "\"'<> \n\r\t"):
        raise SignupError(f"NEWSLETTER_SIGNUP: \"action\" is not a usable address: {action!r}")
    return action


def _is_loopback(host: str | None) -> bool:
    try:
        return bool(host) and ip_address(host).is_loopback
    except ValueError:
        return False


def _listmonk(config: Mapping[str, Any]) -> SignupForm:
    action = _action(config, "https://lists.example/subscription/form")
    lists = config.get("lists")
    if isinstance(lists, str) or not lists or not all(isinstance(u, str) and u.strip() for u in lists):
        raise SignupError('NEWSLETTER_SIGNUP: listmonk needs "lists", the uuid of each public list to join, as a list')
    return SignupForm("listmonk", action, "email", "name", tuple(("l", u.strip()) for u in lists), "nonce")


def _buttondown(config: Mapping[str, Any]) -> SignupForm:
    user = str(config.get("user") or "").strip()
    if config.get("action"):
        action = _action(config, "https://buttondown.com/api/emails/embed-subscribe/<username>")
    elif user:
        action = f"https://buttondown.com/api/emails/embed-subscribe/{quote(user, safe='')}"
    else:
        raise SignupError('NEWSLETTER_SIGNUP: buttondown needs "user", the newsletter\'s Buttondown username')
    return SignupForm("buttondown", action, "email", None, (("embed", "1"),))


def _mailchimp(config: Mapping[str, Any]) -> SignupForm:
    action = _action(config, "https://<dc>.list-manage.com/subscribe/post?u=<u>&id=<id>")
    query = parse_qs(urlsplit(action).query)
    u, list_id = query.get("u", [""])[0], query.get("id", [""])[0]
    if not u or not list_id:
        raise SignupError("NEWSLETTER_SIGNUP: a Mailchimp form's action carries ?u=…&id=…: copy it from the embedded form")
    return SignupForm("mailchimp", action, "EMAIL", None, (), f"b_{u}_{list_id}")


PRESETS = {"listmonk": _listmonk, "buttondown": _buttondown, "mailchimp": _mailchimp}


def signup_form(settings: Mapping[str, Any]) -> SignupForm | None:
    """The form NEWSLETTER_SIGNUP describes, checked; None when the site offers no email."""
    config = settings.get("NEWSLETTER_SIGNUP")
    if not config:
        return None
    if not isinstance(config, Mapping):
        raise SignupError(f"NEWSLETTER_SIGNUP must be a mapping like {{\"provider\": \"listmonk\", …}}, not {config!r}")
    provider = str(config.get("provider") or "").strip().lower()
    if provider not in PRESETS:
        raise SignupError(f"NEWSLETTER_SIGNUP: provider {config.get('provider')!r} is not one of {', '.join(PRESETS)}")
    return PRESETS[provider](config)


def allow_form(policy: Mapping[str, str], form: SignupForm | None) -> dict[str, str]:
    """``policy`` (CONTENT_SECURITY_POLICY) with the form's origin in ``form-action``, so the browser lets it post.

    A new mapping: the settings' own is shared by every build of a process.
    A web server that sends the policy as a header (deploy/nginx.conf) must
    allow the same origin, since a browser enforces both.
    """
    allowed = dict(policy)
    if form is None:
        return allowed
    sources = allowed.get("form-action", "'self'").split()
    if form.origin not in sources:
        allowed["form-action"] = " ".join([*sources, form.origin])
    return allowed
