"""Risk controls, as plain rules: stops per position, limits per scope, panics, pre-trade checks.

Modules:
- ``levels``: how a trader writes a stop, a target or a trail (points, percent, price);
- ``guard``: one position's stop, target and trailing stop as a state that ratchets;
- ``limits``: the limits of a scope (everything, an account, a strategy or signal group);
- ``evaluation``: a scope's limits against its live numbers (breaches and what to do);
- ``panic``: kill switches and what they cover;
- ``pretrade``: the risk part of the checks every new order meets.

The engine (``dalal.engine.risk``) turns breaches into exit orders, the same way in
backtests and paper trading; the services persist rules and state.
"""
