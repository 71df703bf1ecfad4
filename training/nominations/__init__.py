"""Nominations (issue 3): rounds with their criteria, invited agencies and quotas; the agencies' nominations and
dispatches; the Board's reviews and decisions; exports, reminders and the public progress of the rounds."""
