"""The rules of the domain in plain Python. Nothing in here imports Django."""
