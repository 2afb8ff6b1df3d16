"""Self-service for insured persons: log in with the registration number and a code sent by SMS."""
