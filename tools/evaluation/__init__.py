"""`make eval`: Xiaoer's NLU against Rasa's default pipeline and a keyword baseline."""
