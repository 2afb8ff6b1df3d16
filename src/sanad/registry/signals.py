"""Events the register announces after a commit, for the apps above it (notifications) to act on.

Registry never imports those apps: it sends these signals through `transaction.on_commit`, so a receiver
sees only what was really saved.
"""

from django.dispatch import Signal

# kwargs: enrollment (registry.Enrollment, with its member)
enrollment_submitted = Signal()
# kwargs: contribution (registry.Contribution, with its member)
contribution_recorded = Signal()
# kwargs: certificate (registry.certificates.services.Certificate: member, payload, token, url)
certificate_issued = Signal()
# kwargs: member (registry.Member), code (the one-time code in clear, to send and never to log),
# minutes (how long it is valid)
one_time_code_requested = Signal()
