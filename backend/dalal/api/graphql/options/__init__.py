"""The options area: calculator, chain analytics (live), strategy builder and baskets."""
