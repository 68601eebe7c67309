"""When a proactive message may be sent: never inside the shop's quiet hours."""
from __future__ import annotations

from datetime import datetime, timedelta

from bot.policy.schema import ShopPolicy


def send_time(policy: ShopPolicy, due: datetime) -> datetime:
    """`due` itself, or the end of the quiet hours it falls in (a reminder due at 23:00 goes
    out at 08:00 the next morning). Quiet hours may cross midnight; the end is excluded."""
    quiet = policy.proactive.quiet_hours
    if quiet is None:
        return due
    moment = due.time()
    if quiet.start < quiet.end:
        inside = quiet.start <= moment < quiet.end
        end_day = due.date()
    else:
        inside = moment >= quiet.start or moment < quiet.end
        end_day = due.date() + timedelta(days=1) if moment >= quiet.start else due.date()
    if not inside:
        return due
    return datetime.combine(end_day, quiet.end)
