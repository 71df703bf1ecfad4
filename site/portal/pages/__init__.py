"""What every app's Wagtail pages are built with: the StreamField blocks, routing and public listings in a fixed
number of queries, diacritic-insensitive search folding, the home page's sections (each app names its provider
by a dotted path). Ground: any app may import it; it imports no app."""
