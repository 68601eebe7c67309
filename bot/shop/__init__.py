"""The shop's own data: catalogue, buyers, orders, logistics, after-sale cases and handoff tickets.

bot.shop.db makes engines and sessions, bot.shop.models holds the tables, bot.shop.repositories
the queries and updates the bot's actions use, bot.shop.demo seeds a demo shop.
"""
