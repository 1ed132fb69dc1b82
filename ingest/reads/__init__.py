"""The clerk's reads: reviewers' corrections, search as a clerk types, and the service's health."""
