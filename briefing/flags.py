"""Yes-or-no settings as people write them: ``1/0``, ``true/false``, ``yes/no``, ``on/off``.

One reading for every switch a person sets on the command line or in the
environment (``FORCE=false make send-newsletter`` must not resend), and a
clear error for anything else rather than a guess.
"""

from __future__ import annotations

TRUE = frozenset({"1", "true", "yes", "on", "y"})
FALSE = frozenset({"0", "false", "no", "off", "n", ""})


def flag(value: object, name: str = "value") -> bool:
    """``value`` as a boolean; ``None`` and the empty string are False. Raises ValueError naming ``name``."""
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    text = str(value).strip().lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise ValueError(f"{name}={value!r}: say 1 or 0, true or false, yes or no")
