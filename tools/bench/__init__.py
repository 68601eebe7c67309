"""Load benchmark: simulated buyer conversations and a closed-loop load generator."""
