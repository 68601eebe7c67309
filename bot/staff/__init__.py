"""The staff web app mounted on the Rasa server: shared login, sessions, CSRF and origin checks
(`auth`, `web`), and the agent console (`console`). No buyer channel lives here."""
