"""Documents the portal writes for the Board, whatever app their figures come from: tables of figures
(`tables.Table`) and their spreadsheet (`spreadsheet`). Ground: names no app; the yearly report (reports) and the
compiled periodic report (reporting) both use it."""
