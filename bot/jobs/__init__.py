"""Durable scheduled jobs in the shop database: the store (plan, claim, finish), the scheduler
that runs them inside the Rasa server, and one module per kind of job (README "Scheduled jobs")."""
