"""Shop services: plain functions that combine the shop policy and the shop database."""
