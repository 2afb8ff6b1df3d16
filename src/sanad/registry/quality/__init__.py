"""Register quality control (seed 003): findings on the register, checked before any certificate."""
