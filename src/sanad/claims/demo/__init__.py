"""The claims demo: care sheets, billing files in every step of the pipeline, decisions, reimbursements
and complaints (`load.claims_load` is the entry point)."""
