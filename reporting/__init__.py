"""Reports from agencies and clubs to the Board, by reporting period: indicators, drafts, submissions, returns."""
