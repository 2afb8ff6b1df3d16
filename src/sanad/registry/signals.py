"""Events the register announces, for the apps above it (notifications) to act on.

Registry never imports those apps. Every signal is sent INSIDE the transaction of the change it announces,
never on commit (a transactional outbox, issue #16): a receiver writes what it must (the member's SMS in
the outbox) with the change or not at all, so that a process killed between the commit and an on-commit
callback loses nothing. A receiver of an announcement never undoes the change: it works in a savepoint
and logs its failures (`member_merging` is no announcement but a part of the merge).
"""

from django.dispatch import Signal

# kwargs: enrollment (registry.Enrollment, with its member)
enrollment_submitted = Signal()
# kwargs: contribution (registry.Contribution, with its member)
contribution_recorded = Signal()
# kwargs: correction (registry.ContributionCorrection, applied; its contribution with its member, and the
# corrected entry as `replacement` when the payment was re-dated)
contribution_corrected = Signal()
# kwargs: certificate (registry.certificates.services.Certificate: member, payload, token, url)
certificate_issued = Signal()
# kwargs: member (registry.Member), code (the one-time code in clear, to send and never to log),
# minutes (how long it is valid)
one_time_code_requested = Signal()
# kwargs: enrollment (registry.Enrollment, refused, with its member and `refusal_reason`)
enrollment_refused = Signal()
# Sent INSIDE the merge's transaction (not on commit): each app above the register moves its own rows of
# `other` (registry.Member, being closed) to `kept` (registry.Member) through its own services, and returns
# a dict {what: how many} for the merge's audit event; an exception undoes the whole merge.
# kwargs: actor, kept, other
member_merging = Signal()
# The merge is done (in its transaction, after `member_merging`). kwargs: kept, other (registry.Member)
member_merged = Signal()
