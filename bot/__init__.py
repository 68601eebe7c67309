"""Xiaoer (小二): a rule-driven customer-service bot for online shops, built on Rasa."""
