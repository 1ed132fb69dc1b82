"""Queueing: the dramatiq broker, the actors that run the pipeline, webhook deliveries and the stuck sweeper."""
