"""Pages of prior authorization: the facility's requests and the medical adviser's queue and decisions."""
