"""Events the register announces after a commit, for the apps above it (notifications) to act on.

Registry never imports those apps: it sends these signals through `transaction.on_commit`, so a receiver
sees only what was really saved.
"""

from django.dispatch import Signal

# kwargs: enrollment (registry.Enrollment, with its member)
enrollment_submitted = Signal()
# kwargs: contribution (registry.Contribution, with its member)
contribution_recorded = Signal()
# Sent INSIDE the correction's transaction, so that the member's message is written with it or not at all.
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
# After the merge committed. kwargs: kept, other (registry.Member)
member_merged = Signal()
