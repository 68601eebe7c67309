"""The agent console's logic: accounts, login sessions, the ticket queue. No Rasa here."""
