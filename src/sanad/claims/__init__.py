"""Claims: care sheets, billing files, their adjudication by the engine and the fund's pipeline."""
