"""The decision document ("document de prise en charge", seed 002): the approval printed in French and
Arabic with a QR code signed by the fund, checked offline by a facility or a pharmacy and at /verify/."""
