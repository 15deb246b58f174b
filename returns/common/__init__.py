"""The shared layer every app builds on: transitions, admin bases, money, references,
spreadsheets, roles, events, extension registries and the domain error."""
