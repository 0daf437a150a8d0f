"""The signals area: signal groups (webhooks), algos, the signal log, executions and trades."""
