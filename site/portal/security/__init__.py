"""Defences against hostile visitors: log-in lockout and the second factor (with their admin screens), rate
limits, the Content-Security-Policy, uploads checked by content, and spreadsheet cells that cannot run formulas.
Ground: any app may import it; it imports no app."""
