"""The public transparency page (issue 20, §3): per month, the fund's prior-authorization decisions and
clocks, claims decided in time and complaints answered in time; no login, nothing personal, no cell of
fewer cases than the fund profile's threshold."""
