"""Personal data (Decree 13/2023/NĐ-CP): the notices people consent to, and the Board's export and erasure of
everything held about one person across the apps (portal.personal_data.service). Ground: it imports no app; each
app's part is named by dotted path in service.PROVIDERS."""
