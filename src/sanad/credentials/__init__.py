"""Machine credentials: the keys a facility's software uses to call the fund's APIs without a browser."""
