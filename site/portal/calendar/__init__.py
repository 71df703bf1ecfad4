"""iCalendar documents (RFC 5545) and the HTTP that serves them, for every app that offers a calendar: `ical`
builds entries into bytes, `http` answers with validators and 304s. Ground: any app may import it; it imports no
app (which events or sessions go into a feed is each app's own business)."""
