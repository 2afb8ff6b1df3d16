"""The adjudication rules, one small module each. Every rule is a pure function returning a finding
(or None when the rule has nothing to say) and, where it computes something, the value it computed."""
